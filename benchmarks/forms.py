"""The benchmark page's forms: an indicator, a reading, an override. Errors sit next to their
field; dates are the mission's."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from benchmarks.models import SCALE_STEPS_MAX, Indicator, IndicatorReading, StatusOverride
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
        scale = data.get("scale") or []
        if scale:
            for name in ("baseline", "threshold"):
                value = data.get(name)
                if value is not None and not is_step(value, scale):
                    self.add_error(
                        name,
                        _("On this scale, give a step number from 1 to %(n)s.") % {"n": len(scale)},
                    )
        return data


class ReadingForm(forms.ModelForm):
    class Meta:
        model = IndicatorReading
        fields = ["value", "read_on", "note"]

    def __init__(self, *args: Any, indicator: Indicator, mission: Mission, **kwargs: Any):
        kwargs.setdefault("prefix", f"reading-{indicator.pk}")
        super().__init__(*args, **kwargs)
        self.indicator, self.mission = indicator, mission
        self.fields["read_on"].widget = _date_widget(mission)
        self.fields["read_on"].initial = mission.today()
        if indicator.scale:
            self.fields["value"] = forms.TypedChoiceField(
                label=_("Step"),
                choices=[("", "—")]
                + [(str(n), f"{n}. {step}") for n, step in enumerate(indicator.scale, start=1)],
                coerce=Decimal,
            )
        elif indicator.unit:
            self.fields["value"].help_text = _("In %(unit)s.") % {"unit": indicator.unit}

    def clean_read_on(self) -> date | None:
        return _not_in_future(self.cleaned_data.get("read_on"), self.mission)


class OverrideForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = StatusOverride
        fields = ["status", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "reason": _("Why the readings do not tell the whole story: kept in the history."),
        }
