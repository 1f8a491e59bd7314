"""The handover of one task: who takes it over, when, how far it has gone, and the benchmark
it waits on. The rules (``transition.rules``) put each message next to its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import RevisionFormMixin
from mandates.models import MandatedTask
from missions.classification import MARKING_FIELDS
from missions.classification_forms import ClassificationFormMixin
from missions.models import Mission
from transition.models import Handover
from transition.rules import handover_errors
from transition.selectors import benchmarks_for

DATE = {"type": "date"}


class BenchmarkChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()}: {obj} ({obj.get_status_display()})"


class HandoverForm(ClassificationFormMixin, RevisionFormMixin, forms.ModelForm):
    depends_on = BenchmarkChoice(
        queryset=None,
        required=False,
        label=_("Benchmark it depends on"),
        empty_label=_("None"),
        help_text=_("The exit condition that must hold before the task can be handed over."),
    )

    class Meta:
        model = Handover
        fields = [
            "receiver_kind",
            "receiver",
            "phase",
            "target_date",
            "status",
            "handed_over_on",
            "depends_on",
            "notes",
            *MARKING_FIELDS,
        ]
        widgets = {
            "receiver_kind": forms.RadioSelect,
            "target_date": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "handed_over_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "phase": forms.NumberInput(attrs={"min": 1, "max": 9}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "receiver": _(
                "For example UNDP, Ministry of Justice, African Union. "
                "Leave empty when the task ends with the mission."
            ),
            "handed_over_on": _("Only once the task is handed over; not in the future."),
        }

    def __init__(self, *args: Any, task: MandatedTask, mission: Mission, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.task = task
        self.mission = mission
        self.fields["receiver_kind"].choices = Handover.Kind.choices
        benchmarks = benchmarks_for(mission)
        self.fields["depends_on"].queryset = benchmarks
        # A benchmark this editor may not read stays as it is: not shown, never cleared.
        self.kept_benchmark = None
        held = self.instance.depends_on_id
        if held and not benchmarks.filter(pk=held).exists():
            self.kept_benchmark = held
            del self.fields["depends_on"]
        self.fields["handed_over_on"].widget.attrs["max"] = mission.today().isoformat()
        self.add_classification_fields(mission, self.instance)

    @property
    def revision_read(self) -> int | None:
        """The revision the handover was read at; None when the form was read with no
        handover (to add one: if someone added one meanwhile, that is a conflict)."""
        return self.cleaned_data.get("revision") if self.instance.pk else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.kept_benchmark is not None:
            # The forward relation reads past the reader's filter: kept, never printed.
            cleaned["depends_on"] = self.instance.depends_on
        if self.errors:
            return cleaned
        for name, message in handover_errors(cleaned, today=self.mission.today()).items():
            self.add_error(name, message)
        return cleaned
