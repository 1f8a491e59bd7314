"""The benchmark and marker pages' forms: an indicator, a reading, an override, a marker's
measure. Errors sit next to their field; dates are the mission's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from benchmarks.models import (
    NOTE_MAX,
    SCALE_STEPS_MAX,
    Direction,
    Indicator,
    MarkerMeasure,
    Measured,
    StatusOverride,
)
from benchmarks.rules import is_step
from core.concurrency import RevisionFormMixin
from missions.models import Mission
from strategies.forms_register import _date_widget, _not_in_future


class ScaleField(forms.CharField):
    """The steps of an ordered scale, one per line, lowest first."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]

    def validate(self, value: list[str]) -> None:
        if len(value) == 1:
            raise forms.ValidationError(_("A scale has at least two steps."))
        if len(value) > SCALE_STEPS_MAX:
            raise forms.ValidationError(
                _("A scale has at most %(n)s steps."), params={"n": SCALE_STEPS_MAX}
            )
        if any(len(step) > 60 for step in value):
            raise forms.ValidationError(_("Keep each step under 60 characters."))
        if len({step.casefold() for step in value}) != len(value):
            raise forms.ValidationError(_("Each step appears once."))


class IndicatorForm(RevisionFormMixin, forms.ModelForm):
    scale = ScaleField(
        label=_("Ordered scale"),
        required=False,
        help_text=_(
            "Leave empty for numbers. For a scale, its steps, lowest first, one per line; "
            "the baseline, threshold and readings are then step numbers (1 = the lowest)."
        ),
    )

    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "scale",
            "baseline",
            "threshold",
            "direction",
            "target_date",
            "source",
            "owner_kind",
            "owner_name",
        ]

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["target_date"].widget = forms.DateInput(
            attrs={"type": "date"}, format="%Y-%m-%d"
        )
        self.fields["name"].widget = forms.TextInput(attrs={"size": 60})
        self.mission = mission

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _check_steps(self, ("baseline", "threshold"))
        return data


class ReadingForm(forms.Form):
    """A dated value of a measure (an indicator, a measured marker): a number, or on a scale
    one of its steps. ``review``: the review it is entered in, when it is."""

    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    read_on = forms.DateField(label=_("Measured on"))
    note = forms.CharField(label=_("Note"), max_length=NOTE_MAX, required=False)
    review = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, measure: Measured, mission: Mission, prefix: str, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", prefix)
        super().__init__(*args, **kwargs)
        self.mission = mission
        self.fields["read_on"].widget = _date_widget(mission)
        self.fields["read_on"].initial = mission.today()
        if measure.scale:
            self.fields["value"] = forms.TypedChoiceField(
                label=_("Step"),
                choices=[("", "—")]
                + [(str(n), f"{n}. {step}") for n, step in enumerate(measure.scale, start=1)],
                coerce=Decimal,
            )
        elif measure.unit:
            self.fields["value"].help_text = _("In %(unit)s.") % {"unit": measure.unit}

    def clean_read_on(self) -> date | None:
        return _not_in_future(self.cleaned_data.get("read_on"), self.mission)


def indicator_reading_form(
    *args: Any, indicator: Indicator, mission: Mission, **kwargs: Any
) -> ReadingForm:
    return ReadingForm(
        *args, measure=indicator, mission=mission, prefix=f"reading-{indicator.pk}", **kwargs
    )


def marker_value_form(
    *args: Any, measure: MarkerMeasure, mission: Mission, **kwargs: Any
) -> ReadingForm:
    return ReadingForm(
        *args, measure=measure, mission=mission, prefix=f"value-{measure.marker_id}", **kwargs
    )


def _check_steps(form: forms.ModelForm, names: tuple[str, ...]) -> None:
    """On a scale, the baseline and the goal are step numbers of it."""
    scale = form.cleaned_data.get("scale") or []
    if not scale:
        return
    for name in names:
        value = form.cleaned_data.get(name)
        if value is not None and not is_step(value, scale):
            form.add_error(
                name, _("On this scale, give a step number from 1 to %(n)s.") % {"n": len(scale)}
            )


class MeasureForm(RevisionFormMixin, forms.ModelForm):
    """How a marker is measured."""

    scale = ScaleField(
        label=_("Ordered scale"),
        required=False,
        help_text=_(
            "Leave empty for numbers. For a scale, its steps, lowest first, one per line; "
            "the baseline, target and values are then step numbers (1 = the lowest)."
        ),
    )
    direction = forms.ChoiceField(
        label=_("Reached when"),
        choices=[
            (Direction.AT_LEAST, _("At or above the target")),
            (Direction.AT_MOST, _("At or below the target")),
        ],
        initial=Direction.AT_LEAST,
    )

    class Meta:
        model = MarkerMeasure
        fields = ["unit", "scale", "baseline", "target", "direction"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        _check_steps(self, ("baseline", "target"))
        return data


class OverrideForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = StatusOverride
        fields = ["status", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "reason": _("Why the readings do not tell the whole story: kept in the history."),
        }
