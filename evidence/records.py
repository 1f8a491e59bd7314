"""The kinds of record a file may hang on: the model, who may attach files to it (the action
that edits it, as its own screens decide), and the page that lists its evidence."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from missions.models import Mission
from missions.roles import Action
from reviews.models import Decision, MarkerReading, ObjectiveAssessment
from strategies.models import ExitCondition, StakeholderPosition


@dataclass(frozen=True)
class RecordKind:
    field: str  # the foreign key on EvidenceFile
    model: type[models.Model]
    action: Action
    label: object
    # The fields the record's page needs to link to it, loaded with the record.
    related: tuple[str, ...] = ()

    def page_url(self, mission: Mission, record: models.Model) -> str:
        """The page that lists the record's evidence, at the record."""
        acronym = mission.acronym
        if self.field == "assessment":
            url = reverse(
                "reviews:assess_objective", args=[acronym, record.review_id, record.objective.code]
            )
            return f"{url}#evidence"
        if self.field == "reading":
            url = reverse(
                "reviews:assess_objective",
                args=[acronym, record.review_id, record.marker.objective.code],
            )
            return f"{url}#evidence-reading-{record.pk}"
        if self.field == "position":
            url = reverse("strategies:stakeholder_detail", args=[acronym, record.stakeholder_id])
            return f"{url}#position-{record.pk}"
        if self.field == "decision":
            url = reverse("reviews:detail", args=[acronym, record.review_id])
            return f"{url}#decision-{record.pk}"
        return f"{reverse('strategies:exit_conditions', args=[acronym])}#exit-condition-{record.pk}"


KINDS: dict[str, RecordKind] = {
    kind.field: kind
    for kind in (
        RecordKind(
            "assessment",
            ObjectiveAssessment,
            Action.ASSESS_OBJECTIVE,
            _("objective assessment"),
            ("objective",),
        ),
        RecordKind(
            "reading",
            MarkerReading,
            Action.ASSESS_OBJECTIVE,
            _("marker reading"),
            ("marker__objective",),
        ),
        RecordKind(
            "position", StakeholderPosition, Action.EDIT_STRATEGY, _("stakeholder position")
        ),
        RecordKind("decision", Decision, Action.RUN_REVIEW, _("decision")),
        RecordKind("exit_condition", ExitCondition, Action.EDIT_STRATEGY, _("exit condition")),
    )
}


def kind_of(record: models.Model) -> RecordKind | None:
    """The kind of a record instance (None for a model that carries no evidence)."""
    for kind in KINDS.values():
        if isinstance(record, kind.model):
            return kind
    return None
