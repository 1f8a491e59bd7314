"""Levels of sensitivity (the Secretariat's bulletin ST/SGB/2007/6) and the fields every record
a person wrote carries: its level and the people who need to know.

Who may read which level is decided in one place, ``missions.need_to_know``; this module holds
only the data, so the models can import it without importing the policy.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any, ClassVar

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Classification(models.IntegerChoices):
    """Ordered: a higher number is more sensitive, so "the highest level shown" is a max()."""

    UNCLASSIFIED = 0, _("Unclassified")
    CONFIDENTIAL = 1, _("Confidential")
    STRICTLY_CONFIDENTIAL = 2, _("Strictly confidential")


def marking_text(level: int, default_level: int | None = None, label: str = "") -> str:
    """A level by name, with the mission's own marking ("UN Restricted") beside its default."""
    name = str(Classification(level).label)
    return f"{name} ({label})" if label and level == default_level else name


# The highest level read while rendering a page or a brief (``missions.marking``).
shown_levels: ContextVar[list[int] | None] = ContextVar("shown_levels", default=None)


def note_shown(level: int) -> None:
    shown = shown_levels.get()
    if shown is not None and level > shown[0]:
        shown[0] = level


# The fields a form or an API client sets on a classified record.
MARKING_FIELDS = ("classification", "named_readers")


def level_model_field(verbose_name: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose_name, choices=Classification.choices, default=Classification.UNCLASSIFIED
    )


def readers_model_field(verbose_name: str) -> ArrayField:
    """User ids, so a change to the list is a change to the row, kept by its history."""
    return ArrayField(
        models.PositiveIntegerField(), verbose_name=verbose_name, default=list, blank=True
    )


class Classified(models.Model):
    """A record with a level. A *Strictly confidential* record is for the head of mission and
    the people named in ``named_readers`` (user ids, so a change to the list is a change to the
    row, kept by its history like any other)."""

    classification = level_model_field(_("classification"))
    named_readers = readers_model_field(_("people who need to know"))

    # The classified records this one hangs on (foreign key names): a record is readable only
    # when they are too, so a note on a hidden objective is as hidden as the objective.
    classified_parents: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Classified:
        """Every record read while a page renders raises its marking to at least its level."""
        record = super().from_db(db, field_names, values)
        note_shown(record.__dict__.get("classification", Classification.UNCLASSIFIED))
        return record


def classification_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(classification__in=Classification.values), name=name
    )
