"""Forms for the register screens: stakeholders and their positions, conflict drivers, exit
conditions and the end state. They validate and normalise input; services do the saving."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.concurrency import RevisionField, RevisionFormMixin
from missions.classification import MARKING_FIELDS
from missions.classification_forms import ClassificationFormMixin
from missions.models import EndState, Level, Mission, Stakeholder
from strategies.models import ConflictDriver, ExitCondition, Objective, StakeholderPosition

DATE_INPUT = {"type": "date"}


def mission_today(mission: Mission) -> date:
    """Today where the mission is, so a date typed at mission HQ is never "in the future"."""
    return mission.today()


def _not_in_future(value: date | None, mission: Mission) -> date | None:
    if value and value > mission_today(mission):
        raise forms.ValidationError(
            _("The date cannot be in the future (today is %(today)s at the mission)."),
            params={"today": mission_today(mission).strftime("%d %b %Y")},
        )
    return value


def _date_widget(mission: Mission) -> forms.DateInput:
    return forms.DateInput(
        attrs={**DATE_INPUT, "max": mission_today(mission).isoformat()}, format="%Y-%m-%d"
    )


class InPlaceFocusMixin(forms.BaseForm):
    """An in-place form focuses its first field; after a failed save, the first one in error."""

    def autofocus(self, name: str | None = None) -> None:
        name = name or next(n for n, f in self.fields.items() if not f.widget.is_hidden)
        for field_name, field in self.fields.items():
            field.widget.attrs.pop("autofocus", None)
            if field_name == name:
                field.widget.attrs["autofocus"] = True

    def full_clean(self) -> None:
        super().full_clean()
        invalid = [name for name in self.fields if name in self.errors]
        if invalid:
            self.autofocus(invalid[0])


class StakeholderForm(ClassificationFormMixin, RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = Stakeholder
        fields = ["name", "kind", "level", "influence", "notes", *MARKING_FIELDS]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "influence": _("How much the stakeholder can advance or block the strategy."),
        }

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.mission = mission
        self.add_classification_fields(mission, self.instance)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        # Every stakeholder, readable or not: the name is taken either way.
        clash = Stakeholder._base_manager.filter(mission=self.mission, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("This mission already has a stakeholder called “%(name)s”."),
                params={"name": name},
            )
        return name


class StakeholderFilterForm(forms.Form):
    """The register's filters; an unknown value filters nothing rather than failing."""

    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *Stakeholder.Kind.choices],
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices]
    )

    def values(self) -> dict[str, str]:
        if not self.is_valid():
            return {"kind": "", "level": ""}
        return {"kind": self.cleaned_data["kind"], "level": self.cleaned_data["level"]}


class PositionForm(ClassificationFormMixin, InPlaceFocusMixin, forms.Form):
    """A stance as of a date. ``basis`` is the position the user saw as the latest, so that a
    save landing on a day someone else recorded meanwhile is refused, not merged."""

    stance = forms.ChoiceField(label=_("Stance"), choices=StakeholderPosition.Stance.choices)
    as_of = forms.DateField(
        label=_("As of"), help_text=_("The day the stance was observed; not in the future.")
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the stance rests on: a statement, a meeting, a vote."),
    )
    basis = forms.IntegerField(required=False, widget=forms.HiddenInput)
    revision = RevisionField()

    def __init__(
        self,
        *args: Any,
        mission: Mission,
        latest: StakeholderPosition | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.mission = mission
        today = mission_today(mission)
        self.fields["as_of"].widget = _date_widget(mission)
        # A new day's position keeps the latest one's level and list unless changed; only
        # today's row is edited in place, so only its level can be lowered.
        self.add_classification_fields(mission, latest)
        self.level_before = latest.classification if latest and latest.as_of == today else None
        self.autofocus()
        self.initial.setdefault("as_of", today)
        self.initial.setdefault("stance", latest.stance if latest else "unknown")
        if latest is not None:
            self.initial.setdefault("basis", latest.pk)
            self.initial.setdefault("revision", latest.revision)
            if latest.as_of == today:
                self.initial.setdefault("note", latest.note)

    def clean_as_of(self) -> date:
        return _not_in_future(self.cleaned_data["as_of"], self.mission)

    @property
    def expected_revision(self) -> int:
        return self.cleaned_data.get("revision") or 1

    @property
    def marking(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in MARKING_FIELDS}


class DriverForm(ClassificationFormMixin, RevisionFormMixin, forms.ModelForm):
    objectives = forms.ModelMultipleChoiceField(
        label=_("Objectives that address this driver"),
        queryset=Objective.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A driver no objective addresses is a finding."),
    )

    class Meta:
        model = ConflictDriver
        fields = [
            "title",
            "level",
            "description",
            "leverage_points",
            "entry_points",
            "objectives",
            *MARKING_FIELDS,
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "leverage_points": forms.Textarea(attrs={"rows": 3}),
            "entry_points": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "leverage_points": _("Who or what can shift this driver."),
            "entry_points": _("Where the mission can engage to do so."),
        }

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.mission = mission
        linked = self.instance.objectives.values("pk") if self.instance.pk else []
        # Keep an achieved objective already linked, so saving does not silently unlink it.
        self.fields["objectives"].queryset = (
            Objective.objects.filter(mission=mission)
            .filter(Q(status=Objective.Status.ACTIVE) | Q(pk__in=linked))
            .order_by("code")
        )
        self.fields["objectives"].label_from_instance = lambda o: f"{o.code} {o.title}"
        self.add_classification_fields(mission, self.instance)

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())


class ExitConditionForm(
    ClassificationFormMixin, InPlaceFocusMixin, RevisionFormMixin, forms.ModelForm
):
    """The in-place assessment: status, evidence and when it was last assessed."""

    class Meta:
        model = ExitCondition
        fields = ["status", "evidence", "last_assessed_on", *MARKING_FIELDS]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "evidence": _("What shows the status: sources, data, reports."),
            "last_assessed_on": _("Not in the future."),
        }

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.mission = mission
        self.fields["last_assessed_on"].widget = _date_widget(mission)
        self.add_classification_fields(mission, self.instance)
        self.autofocus()

    def clean_last_assessed_on(self) -> date | None:
        return _not_in_future(self.cleaned_data.get("last_assessed_on"), self.mission)


class ExitConditionCreateForm(ExitConditionForm):
    """A page of its own: no jump on load, but the first field in error gets the focus."""

    class Meta(ExitConditionForm.Meta):
        fields = [
            "kind",
            "description",
            "status",
            "evidence",
            "last_assessed_on",
            *MARKING_FIELDS,
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.pop("autofocus", None)


class EndStateForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = EndState
        fields = ["statement", "horizon"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "statement": _(
                "The political and security conditions the mission exists to help reach."
            ),
        }
