"""Forms for the strategy screens: validate and normalise input, never save across models."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import RevisionFormMixin
from missions.classification import MARKING_FIELDS
from missions.classification_forms import ClassificationFormMixin
from missions.models import Level, Mission
from strategies.models import Assumption, Objective, ProgressMarker, Risk
from strategies.selectors.owners import NOT_AN_OWNER, objective_owner_choices

PHASE_MESSAGE = _("The phase is a number from 1 to 9.")


class ObjectiveForm(ClassificationFormMixin, RevisionFormMixin, forms.ModelForm):
    levels = forms.MultipleChoiceField(
        label=_("Levels of engagement"),
        choices=Level.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where the mission engages politically for this objective."),
    )

    class Meta:
        model = Objective
        fields = [
            "code",
            "title",
            "description",
            "levels",
            "parent",
            "priority",
            "phase",
            "owner",
            "status",
            *MARKING_FIELDS,
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"phase": _("Sequencing: 1 is taken up first.")}

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.mission = mission
        parent = self.fields["parent"]
        # Any objective of the mission passes the field, so that clean_parent can say why one
        # that feeds this objective cannot be its parent; the list offers only the others.
        parent.queryset = Objective.objects.filter(mission=mission).order_by("code")
        if self.instance.pk:
            offered = parent.iterator(parent)
            offered.queryset = parent.queryset.exclude(
                pk__in=descendant_ids(self.instance) | {self.instance.pk}
            )
            parent.widget.choices = offered
        parent.help_text = _("A local objective may feed a national one.")
        owner = self.fields["owner"]
        owner.queryset = objective_owner_choices(mission, keep=self.instance.owner_id)
        owner.label_from_instance = lambda u: u.get_full_name() or u.username
        owner.error_messages["invalid_choice"] = NOT_AN_OWNER
        owner.help_text = _("Someone who can act on the strategy.")
        self.fields["phase"].widget.attrs.update(min=1, max=9)
        self.add_classification_fields(mission, self.instance)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.instance.pk and self.mission.current_end_state is None:
            raise forms.ValidationError(
                _("Set the mission's political end state first: every objective serves it.")
            )
        return cleaned

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        # Every objective, readable or not: the code is taken either way.
        clash = Objective._base_manager.filter(mission=self.mission, code__iexact=code)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("Another objective of this mission already has code %(code)s."),
                code="taken",
                params={"code": code},
            )
        return code

    def clean_phase(self) -> int:
        phase = self.cleaned_data["phase"]
        if not 1 <= phase <= 9:
            raise forms.ValidationError(PHASE_MESSAGE)
        return phase

    def clean_parent(self) -> Objective | None:
        parent = self.cleaned_data.get("parent")
        if (
            parent
            and self.instance.pk
            and parent.pk in descendant_ids(self.instance) | {self.instance.pk}
        ):
            raise forms.ValidationError(
                _("An objective cannot feed itself or one of the objectives that feed it.")
            )
        return parent


def descendant_ids(objective: Objective) -> set[int]:
    """Ids of the objectives that feed ``objective``, directly or not (one query)."""
    children: dict[int, list[int]] = {}
    for pk, parent_id in Objective.objects.filter(mission_id=objective.mission_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    found: set[int] = set()
    stack = [objective.pk]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


class AssumptionForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = Assumption
        fields = ["statement", "rating"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 2})}


class RiskForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["description", "severity", "mitigation"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "mitigation": forms.Textarea(attrs={"rows": 2}),
        }


class MarkerForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = ProgressMarker
        fields = ["statement", "baseline", "target", "latest_reading", "reading_on"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 2}),
            "reading_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class ObjectiveRowsFormSet(forms.BaseInlineFormSet):
    """An objective's assumptions, risks or markers. A row's id is looked up among this
    objective's rows only: the id of another objective's row (a tampered form) or of a row
    removed meanwhile is refused with a message on the row, never saved as a new row.

    Django looks the id up among all rows of the model, and a row it cannot match to the
    objective's becomes a new one: that would let a form copy another mission's record.
    """

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        field = form.fields.get(self.model._meta.pk.name)
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = self.get_queryset()
            field.error_messages["invalid_choice"] = ROW_REFUSED

    def clean(self) -> None:
        super().clean()
        # The id travels in a hidden input: say it on the row, where the page shows it.
        name = self.model._meta.pk.name
        for form in self.forms:
            if name in form.errors:
                form.add_error(None, form.errors[name])


ROW_REFUSED = _(
    "This row is not one of this objective's: it may have been removed meanwhile. "
    "Reload the page to see the objective as it is now."
)


def _inline(model, form, prefix_fields):
    return forms.inlineformset_factory(
        Objective,
        model,
        form=form,
        formset=ObjectiveRowsFormSet,
        extra=1,
        can_delete=True,
        fields=prefix_fields,
    )


AssumptionFormSet = _inline(Assumption, AssumptionForm, ["statement", "rating"])
RiskFormSet = _inline(Risk, RiskForm, ["description", "severity", "mitigation"])
MarkerFormSet = _inline(
    ProgressMarker, MarkerForm, ["statement", "baseline", "target", "latest_reading", "reading_on"]
)
FORMSETS = {"assumptions": AssumptionFormSet, "risks": RiskFormSet, "markers": MarkerFormSet}
