"""Forms of the review's assessment screens: one small form per assessed record, prefixed by
the record's id, all posted together from one page; a formset per kind of record.

Each row carries the values the user was shown (Django's hidden initials), so a save writes only
the rows the user changed: a row someone else assessed meanwhile but this user left alone is not
written back over theirs. A changed row is written at the revision read (``StaleEdit`` if it
moved). A row left blank writes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import ManagementForm
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from core.concurrency import RevisionField, StaleEdit
from missions.classification_forms import level_field
from missions.models import Mission
from missions.need_to_know import current_reader, may_lower
from reviews.models import (
    ContributionAssessmentStrength,
    MarkerReading,
    Progress,
)
from reviews.services.assessments import AssessmentRow
from strategies.models import (
    AssumptionRating,
    ExitConditionStatus,
    RiskSeverity,
    StakeholderPosition,
)

TEXT_ROWS = {"rows": 3}


def _radio(choices: Any, label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, required=False, widget=forms.RadioSelect)


class RowForm(forms.Form):
    """One assessed record. ``tracked`` fields carry their shown value; ``needed`` is the
    field a changed row must fill."""

    revision = RevisionField()
    tracked: tuple[str, ...] = ()
    needed: str = ""
    needed_message: Any = _("Choose one.")
    # After a save refused as stale: the "someone saved first" box shown in the row.
    conflict: dict[str, Any] | None = None

    # The row's record carries a level (need to know): one more tracked field, its select.
    classified: bool = False

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.mission = mission
        if self.classified:
            self.fields["classification"] = level_field(
                mission,
                _(
                    "Confidential: the mission's members only. Strictly confidential: the head "
                    "of mission and you only."
                ),
            )
            self.tracked = (*self.tracked, "classification")
            self.initial.setdefault("classification", mission.default_classification)
        for name in self.tracked:
            self.fields[name].show_hidden_initial = True

    @property
    def touched(self) -> bool:
        """Did the user change anything in this row (compared with what they were shown)?"""
        return any(name in self.tracked for name in self.changed_data)

    @property
    def initial_inputs(self) -> SafeString:
        """The hidden inputs with the values shown, rendered once per row (the fields are
        rendered by widget, without them)."""
        return format_html_join(
            "", "{}", ((self[name].as_hidden(only_initial=True),) for name in self.tracked)
        )

    @property
    def expected_revision(self) -> int | None:
        """The revision of the row the user saw; None if they saw none."""
        return self.cleaned_data.get("revision")

    @property
    def values(self) -> dict[str, Any]:
        """The tracked values as cleaned: the keyword arguments of the row's service."""
        return {name: self.cleaned_data[name] for name in self.tracked}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.needed and self.touched and not cleaned.get(self.needed):
            self.add_error(self.needed, self.needed_message)
        if self.classified and "classification" in self.changed_data:
            level, before = cleaned.get("classification"), self.initial.get("classification")
            reader = current_reader()
            if level is None:
                self.add_error("classification", _("Choose a classification."))
            elif level < before and reader is not None and not may_lower(reader, self.mission):
                self.add_error(
                    "classification",
                    _("Only the head of mission can lower the classification of a record."),
                )
        return cleaned

    def reposted(self, exc: StaleEdit) -> dict[str, Any]:
        """Hidden values, besides the revision, that move on to the record shown in a conflict."""
        return {}

    def show_service_errors(self, exc: ValidationError) -> None:
        """The service's refusal of this row, beside its fields (above them if on none)."""
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, exc.messages)


def _revision(record: Any) -> dict[str, Any]:
    return {"revision": record.revision} if record is not None else {}


class RecordRowForm(RowForm):
    """A row showing the review's assessment of its record, if there is one: the assessment's
    tracked values and revision are the initials."""

    def __init__(self, *args: Any, record: Any, **kwargs: Any):
        initial = _revision(record)
        if record is not None:
            initial.update({name: getattr(record, name) for name in self.tracked})
            if self.classified:
                initial["classification"] = record.classification
        super().__init__(*args, initial=initial, **kwargs)


def _evidence(help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs=TEXT_ROWS),
        help_text=help_text,
    )


class ObjectiveAssessmentForm(RecordRowForm):
    classified = True
    progress = _radio(Progress.choices, _("Progress this period"))
    political_environment = forms.CharField(
        label=_("Political environment"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs=TEXT_ROWS),
        help_text=_("What moved in the politics around this objective, and who moved it."),
    )
    evidence = _evidence(_("What the rating rests on: reports, meetings, data."))
    tracked = ("progress", "political_environment", "evidence")
    needed = "progress"
    needed_message = _("Choose where the objective stands.")


class MarkerReadingForm(RowForm):
    classified = True
    reading = forms.CharField(label=_("Reading"), max_length=300, required=False)
    read_on = forms.DateField(label=_("Read on"), required=False)
    tracked = ("reading", "read_on")
    needed = "reading"
    needed_message = _("Enter the reading, or leave the date as it was.")

    def __init__(self, *args: Any, record: MarkerReading | None, **kwargs: Any):
        mission: Mission = kwargs["mission"]
        today = mission.today()
        initial = _revision(record)
        initial.update(
            reading=record.reading if record else "",
            read_on=record.read_on if record else today,
        )
        if record is not None:
            initial["classification"] = record.classification
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["read_on"].widget = forms.DateInput(
            attrs={"type": "date", "max": today.isoformat()}, format="%Y-%m-%d"
        )

    def clean_read_on(self) -> date | None:
        value = self.cleaned_data.get("read_on")
        if value and value > self.mission.today():
            raise forms.ValidationError(_("A reading cannot be dated in the future."))
        return value


class AssumptionRatingForm(RecordRowForm):
    classified = True
    rating = _radio(AssumptionRating.choices, _("Rating this period"))
    note = forms.CharField(
        label=_("Note"), required=False, max_length=4_000, widget=forms.Textarea(attrs={"rows": 2})
    )
    tracked = ("rating", "note")
    needed = "rating"
    needed_message = _("Rate the assumption: holds, under strain or broken.")


class RiskRatingForm(RecordRowForm):
    classified = True
    severity = _radio(RiskSeverity.choices, _("Severity this period"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What changed the likelihood or the impact, and whether the mitigation works."),
    )
    tracked = ("severity", "note")
    needed = "severity"
    needed_message = _("Rate the risk: high, medium or low.")


class PositionRowForm(RowForm):
    """A stakeholder's stance as of today; ``basis`` is the latest position the user saw."""

    stance = forms.ChoiceField(
        label=_("Stance as of today"),
        required=False,
        choices=[("", _("— no change —")), *StakeholderPosition.Stance.choices],
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    basis = forms.IntegerField(required=False, widget=forms.HiddenInput)
    tracked = ("stance", "note")
    needed = "stance"
    needed_message = _("Choose the stance to record as of today.")

    def __init__(
        self,
        *args: Any,
        latest: StakeholderPosition | None,
        today_position: StakeholderPosition | None,
        **kwargs: Any,
    ):
        initial: dict[str, Any] = {}
        if latest is not None:
            initial.update(basis=latest.pk, revision=latest.revision)
        if today_position is not None:
            initial.update(stance=today_position.stance, note=today_position.note)
        super().__init__(*args, initial=initial, **kwargs)

    @property
    def expected_revision(self) -> int:
        return self.cleaned_data.get("revision") or 1

    @property
    def values(self) -> dict[str, Any]:
        return {**super().values, "basis": self.cleaned_data.get("basis")}

    def reposted(self, exc: StaleEdit) -> dict[str, Any]:
        # Saving again is checked against the position the user has now been shown.
        return {"basis": getattr(exc.current, "pk", "")}


class ExitConditionAssessmentForm(RecordRowForm):
    classified = True
    status = _radio(ExitConditionStatus.choices, _("Status this period"))
    evidence = _evidence(_("What shows the status: sources, data, reports."))
    tracked = ("status", "evidence")
    needed = "status"
    needed_message = _("Choose the status: not met, partly met or met.")


class ContributionAssessmentForm(RecordRowForm):
    classified = True
    strength = _radio(ContributionAssessmentStrength.choices, _("Strength this period"))
    evidence = _evidence(_("What your component did, and what it changed for the objective."))
    tracked = ("strength", "evidence")
    needed = "strength"
    needed_message = _("Choose the strength: strong, some, none or counter-productive.")


# Formsets ---------------------------------------------------------------------------------


class RecordFormSet(forms.BaseFormSet):
    """One row form per row of a sheet (``rows``), prefixed by the record it assesses
    (``m12-reading``), not by its position in the list.

    The server lists the records, so the browser posts no management form: the count is the
    sheet's, and the names stay those the pages have always used.
    """

    letter = ""  # a row's prefix is this letter and the record's id
    subject = ""  # the sheet row's attribute naming the record assessed
    current = "assessment"  # ... and the one holding this review's assessment of it
    extra = min_num = 0
    max_num, absolute_max = 1000, 2000
    can_order = can_delete = can_delete_extra = validate_min = validate_max = False
    renderer = None

    def __init__(self, data: Any = None, *, rows: list[Any], mission: Mission):
        self.rows, self.mission = rows, mission
        super().__init__(data)

    def total_form_count(self) -> int:
        return len(self.rows)

    initial_form_count = total_form_count

    @cached_property
    def management_form(self) -> ManagementForm:
        count = len(self.rows)
        data = {"TOTAL_FORMS": count, "INITIAL_FORMS": count}
        return ManagementForm(
            {f"{self.prefix}-{k}": v for k, v in data.items()}, prefix=self.prefix
        )

    def record(self, index: int) -> Any:
        return getattr(self.rows[index], self.subject)

    def add_prefix(self, index: int) -> str:
        return f"{self.letter}{self.record(index).pk}"

    def get_form_kwargs(self, index: int) -> dict[str, Any]:
        return {"mission": self.mission, "record": getattr(self.rows[index], self.current)}

    def change(self, index: int, form: RowForm) -> AssessmentRow:
        return AssessmentRow(self.record(index), form.values, form.expected_revision)

    def changes(self) -> list[tuple[RowForm, AssessmentRow]]:
        """The rows the user changed (once valid), each with its form, as the service takes them."""
        return [(f, self.change(i, f)) for i, f in enumerate(self.forms) if f.touched]


class ObjectiveFormSet(RecordFormSet):
    """The objective's own rating: one row, the sheet itself."""

    form = ObjectiveAssessmentForm
    subject = "objective"

    def add_prefix(self, index: int) -> str:
        return "objective"


class MarkerFormSet(RecordFormSet):
    form, letter, subject, current = MarkerReadingForm, "m", "marker", "reading"


class AssumptionFormSet(RecordFormSet):
    form, letter, subject = AssumptionRatingForm, "a", "assumption"


class RiskFormSet(RecordFormSet):
    form, letter, subject = RiskRatingForm, "r", "risk"


class PositionFormSet(RecordFormSet):
    """Stakeholders' stances on ``objective``, as of today."""

    form, letter, subject = PositionRowForm, "s", "stakeholder"

    def __init__(self, data: Any = None, *, objective: Any, **kwargs: Any):
        self.objective = objective
        super().__init__(data, **kwargs)

    def get_form_kwargs(self, index: int) -> dict[str, Any]:
        row = self.rows[index]
        return {
            "mission": self.mission,
            "latest": row.latest,
            "today_position": row.today(self.mission.today()),
        }

    def change(self, index: int, form: RowForm) -> AssessmentRow:
        return AssessmentRow(
            self.record(index), form.values, form.expected_revision, objective=self.objective
        )


class ExitConditionFormSet(RecordFormSet):
    form, letter, subject = ExitConditionAssessmentForm, "x", "condition"


class ContributionFormSet(RecordFormSet):
    form, letter, subject = ContributionAssessmentForm, "c", "contribution"
