"""The political end state and its exit conditions: what must hold for the mission to draw
down and leave. Reads give the readiness summary; writes are revision-checked.

Only the current end state is edited here. Re-founding the strategy on a new end state
(superseding the old one, which history keeps) is a separate operation, not built yet.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from missions.classification import MARKING_FIELDS
from missions.models import EndState, Mission
from strategies.models import ExitCondition

Status = ExitCondition.Status
CREATE_FIELDS = ("kind", "description", "status", "evidence", "last_assessed_on", *MARKING_FIELDS)
ASSESS_FIELDS = ("status", "evidence", "last_assessed_on", *MARKING_FIELDS)
END_STATE_FIELDS = ("statement", "horizon")


def current_end_state(mission: Mission) -> EndState | None:
    return EndState.objects.filter(mission=mission, superseded_on__isnull=True).first()


def current_exit_conditions(mission: Mission) -> QuerySet[ExitCondition]:
    """Conditions of the end state in force; those of superseded end states are history."""
    return ExitCondition.objects.filter(
        end_state__mission=mission, end_state__superseded_on__isnull=True
    ).select_related("end_state")


@dataclass
class ReadinessRow:
    """Counts for one slice (all conditions, or one kind), with bar widths in percent."""

    key: str
    label: str
    met: int = 0
    partly_met: int = 0
    not_met: int = 0

    @property
    def total(self) -> int:
        return self.met + self.partly_met + self.not_met

    def percent(self, count: int) -> int:
        return round(100 * count / self.total) if self.total else 0

    @property
    def met_percent(self) -> int:
        return self.percent(self.met)

    @property
    def partly_met_percent(self) -> int:
        return self.percent(self.partly_met)

    @property
    def not_met_percent(self) -> int:
        # The three segments always fill the bar exactly, whatever the rounding.
        return 100 - self.met_percent - self.partly_met_percent if self.total else 0


@dataclass
class ExitReadiness:
    rows: list[ReadinessRow]
    without_evidence: int
    # Those of them saved (flagged on their row).
    unevidenced: set[int]

    @property
    def overall(self) -> ReadinessRow:
        return self.rows[0]


def exit_readiness(conditions: list[ExitCondition]) -> ExitReadiness:
    """How many conditions are met, partly met and not met, overall and by kind, and how many
    have neither evidence text nor an attached file (one query for the files, whatever the
    number of conditions; the files' model is looked up, the evidence app being above this)."""
    from django.apps import apps

    overall = ReadinessRow("all", _("All conditions"))
    by_kind = {
        value: ReadinessRow(value, str(label)) for value, label in ExitCondition.Kind.choices
    }
    for condition in conditions:
        for row in (overall, by_kind[condition.kind]):
            setattr(row, condition.status, getattr(row, condition.status) + 1)
    bare = [c for c in conditions if not c.evidence]
    saved = [c.pk for c in bare if c.pk is not None]
    with_files = (
        set(
            apps.get_model("evidence", "EvidenceFile")
            ._base_manager.filter(exit_condition__in=saved)
            .values_list("exit_condition", flat=True)
        )
        if saved
        else set()
    )
    unevidenced = [c for c in bare if c.pk not in with_files]
    return ExitReadiness(
        [overall, *by_kind.values()], len(unevidenced), {c.pk for c in unevidenced} - {None}
    )
