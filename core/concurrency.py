"""Optimistic concurrency: nobody overwrites someone else's change without being told.

Each editable record carries a ``revision``. A form or API client sends back the revision it
read; the write succeeds only if the row is still at that revision (one conditional UPDATE, so
two simultaneous saves cannot both win), and otherwise raises ``StaleEdit`` with the row as it
now is, for the screen to show beside the user's own input.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django import forms
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound="Revisioned")


class Revisioned(models.Model):
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    class Meta:
        abstract = True


class StaleEdit(Exception):
    """The record changed since it was read; ``current`` is the row as saved now (or None)."""

    def __init__(self, current: models.Model | None):
        super().__init__("The record was changed by someone else since you opened it.")
        self.current = current


def save_revision(instance: M, *, expected: int, fields: Iterable[str]) -> M:
    """Write ``fields`` of ``instance`` if its row is still at revision ``expected``."""
    model = type(instance)
    values = {name: getattr(instance, model._meta.get_field(name).attname) for name in fields}
    for name, value in list(values.items()):
        field = model._meta.get_field(name)
        if field.is_relation:
            values.pop(name)
            values[field.attname] = value
    updated = model.objects.filter(pk=instance.pk, revision=expected).update(
        **values, revision=F("revision") + 1
    )
    if not updated:
        raise StaleEdit(model.objects.filter(pk=instance.pk).first())
    instance.revision = expected + 1
    return instance


class RevisionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any):
        super().__init__(min_value=1, required=False, **kwargs)


class RevisionFormMixin(forms.Form):
    """Adds the hidden ``revision`` the record was read at."""

    revision = RevisionField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and not self.is_bound:
            self.initial["revision"] = instance.revision

    @property
    def expected_revision(self) -> int:
        return self.cleaned_data.get("revision") or 1


def conflict_rows(form: forms.BaseForm, current: models.Model) -> list[dict[str, Any]]:
    """Field by field: what is saved now beside what this user typed, where they differ."""
    rows = []
    for name, field in form.fields.items():
        if name == "revision" or not hasattr(current, name):
            continue
        theirs = getattr(current, name)
        if isinstance(theirs, models.Manager):
            theirs = list(theirs.all())
        mine = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else form.data.get(name)
        if _comparable(theirs) != _comparable(mine):
            rows.append(
                {
                    "label": field.label,
                    "theirs": _display(theirs, field),
                    "mine": _display(mine, field),
                }
            )
    return rows


def _comparable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set)) or (
        hasattr(value, "__iter__") and not isinstance(value, (str, bytes, dict))
    ):
        return sorted(_comparable(v) for v in value)
    if value in (None, ""):
        return None
    return value


def _display(value: Any, field: forms.Field) -> str:
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, (list, tuple, set)) or (
        hasattr(value, "__iter__") and not isinstance(value, (str, bytes))
    ):
        return ", ".join(_display(v, field) for v in value) or "—"
    if value in (None, ""):
        return "—"
    if isinstance(value, models.Model):
        return str(value)
    return str(choices.get(value, choices.get(str(value), value)))
