"""Forms of the review workspace: the transitions and the decision log.

The services own the rules (what a decision of each kind needs, when a review may move on);
these forms only turn what was posted into the values the services take, and put the
services' errors back next to the fields they concern.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.concurrency import RevisionFormMixin
from mandates.models import MandatedTask
from missions.classification import MARKING_FIELDS
from missions.classification_forms import ClassificationFormMixin
from missions.models import Component, Level, Mission
from missions.querysets import members_of
from reviews.models import Decision, DecisionKind, Review
from strategies.models import Contribution, ContributionRole, Objective, ObjectiveStatus, Priority
from strategies.selectors.versions import natural_key

if TYPE_CHECKING:
    from django.forms.boundfield import BoundField


def show_errors(
    form: forms.BaseForm, error: ValidationError, *, elsewhere: str | None = None
) -> None:
    """Put a service's ValidationError on the form: each key on its field, when the form has
    it; other keys on the field named by ``elsewhere``, or above the form."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, errors in error.error_dict.items():
        target = key if key in form.fields else elsewhere
        for item in errors:
            form.add_error(target, item.messages[0] if hasattr(item, "messages") else item)


# Transitions --------------------------------------------------------------------------------


class ParticipantChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user: Any) -> str:
        role = getattr(user, "role_label", "")
        name = user.get_full_name() or user.get_username()
        return f"{name} ({role})" if role else name


class OpenReviewForm(forms.Form):
    participants = ParticipantChoiceField(
        label=_("Participants"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Who takes part in the review. The planned participants are ticked."),
    )

    def __init__(self, *args: Any, mission: Mission, review: Review, **kwargs: Any):
        super().__init__(*args, **kwargs)
        memberships = list(
            mission.memberships.select_related("user", "component").order_by(
                "user__last_name", "user__first_name", "user__username"
            )
        )
        people = []
        for membership in memberships:
            user = membership.user
            user.role_label = membership.get_role_display()
            if membership.component_id:
                user.role_label += f", {membership.component.name}"
            people.append(user)
        field = self.fields["participants"]
        field.queryset = get_user_model().objects.filter(pk__in=[u.pk for u in people])
        # The choices keep the order and labels read above, without a query per option.
        field.choices = [(u.pk, field.label_from_instance(u)) for u in people]
        if not self.is_bound:
            self.initial["participants"] = [u.pk for u in review.participants.all()]


class ConcludeForm(ClassificationFormMixin, forms.Form):
    """The conclusions and who may read them (their own level: the review is for everyone)."""

    summary = forms.CharField(
        label=_("Conclusions"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=20000,
        help_text=_(
            "What the review found and what it decided, for the head of mission and for HQ."
        ),
    )

    def __init__(self, *args: Any, mission: Mission, review: Review, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Written before (a reopened review): its level; else the mission's.
        marked = SimpleNamespace(
            pk=review.pk if review.summary else None,
            classification=review.summary_classification,
            named_readers=review.summary_readers,
        )
        self.add_classification_fields(mission, marked)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why reopen it?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        help_text=_("Kept with the review, for everyone to read."),
    )


class SignOffForm(forms.Form):
    """The revision of the review the head of mission read before confirming."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


CHOOSE_WHOM = _("Choose whom to remind.")
NOT_THE_LEAD = _("That person does not lead this component.")


class NudgeForm(forms.Form):
    """Whom to remind of which component: looked up in the review's mission only, so a person
    who holds no role there answers exactly as one who does not exist (nothing to probe)."""

    component = forms.ModelChoiceField(
        queryset=Component.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"required": CHOOSE_WHOM, "invalid_choice": CHOOSE_WHOM},
    )
    lead = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        widget=forms.HiddenInput,
        error_messages={"required": CHOOSE_WHOM, "invalid_choice": NOT_THE_LEAD},
    )

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["component"].queryset = Component.objects.filter(mission=mission)
        self.fields["lead"].queryset = members_of(mission.pk)

    def messages(self) -> list[str]:
        """What was wrong, each said once (both fields missing is one thing to fix)."""
        return list(dict.fromkeys(str(m) for errors in self.errors.values() for m in errors))


# Decisions ----------------------------------------------------------------------------------

PHASE_HELP = _("1 to 9: the order in which the mission takes things up.")
STRATEGIC_CHOICES = [
    ("yes", _("Yes: make it a strategic priority")),
    ("no", _("No: not a strategic priority")),
]
ROLE_CHOICES = [*ContributionRole.choices, ("none", _("None: stop contributing"))]


@dataclass
class Fieldset:
    """A group of fields that apply to some kinds of decision only."""

    key: str
    legend: str
    kinds: tuple[str, ...]
    fields: list[BoundField]
    errors: list[str]

    @property
    def kinds_attr(self) -> str:
        return " ".join(self.kinds)


# key, legend, kinds it applies to, field names; a kind's "details" errors go to the
# fieldset that holds its details.
FIELDSETS: list[tuple[str, Any, tuple[str, ...], tuple[str, ...]]] = [
    (
        "objective",
        _("The objective concerned"),
        ("keep", "adjust", "drop", "contribution"),
        ("objective",),
    ),
    (
        "adjust",
        _("What changes in the objective (fill in at least one)"),
        ("adjust",),
        ("adjust_title", "adjust_description", "adjust_priority", "adjust_phase"),
    ),
    (
        "add",
        _("The new objective"),
        ("add",),
        ("new_code", "new_title", "new_description", "new_levels", "new_priority", "new_phase"),
    ),
    ("task", _("The mandated task concerned"), ("reprioritise", "resequence"), ("task",)),
    ("reprioritise", _("Strategic priority"), ("reprioritise",), ("strategic",)),
    ("resequence", _("Sequencing"), ("resequence",), ("task_phase",)),
    ("contribution", _("The component's contribution"), ("contribution",), ("component", "role")),
]
DETAILS_FIELDSET = {
    "adjust": "adjust",
    "add": "add",
    "reprioritise": "reprioritise",
    "resequence": "resequence",
    "contribution": "contribution",
}


class ObjectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, objective: Objective) -> str:
        return f"{objective.code} {objective.title}"


class TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, task: MandatedTask) -> str:
        text = task.text if len(task.text) <= 90 else task.text[:89] + "…"
        return f"OP {task.reference}: {text}"


def _phase(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(min_value=1, max_value=9, required=False, **kwargs)


class DecisionForm(ClassificationFormMixin, RevisionFormMixin, forms.Form):
    """One form for every kind of decision: the kind chosen decides which fields count.

    All fieldsets are in the page; CSS shows only the chosen kind's when the browser can
    (``:has``), and without it every fieldset stays visible under a legend naming its kind.
    """

    kind = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", _("Choose…")), *DecisionKind.choices],
        error_messages={"required": _("Choose the kind of decision.")},
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=8000,
        help_text=_("Why: the next version's readers need it."),
    )
    objective = ObjectiveChoiceField(
        label=_("Objective"),
        queryset=Objective.objects.none(),
        required=False,
        empty_label=_("Choose…"),
    )
    adjust_title = forms.CharField(label=_("New title"), max_length=200, required=False)
    adjust_description = forms.CharField(
        label=_("New description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=10_000,
    )
    adjust_priority = forms.TypedChoiceField(
        label=_("New priority"),
        choices=[("", _("Unchanged")), *Priority.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    adjust_phase = _phase(label=_("New phase"), help_text=PHASE_HELP)
    new_code = forms.CharField(
        label=_("Code"), max_length=12, required=False, help_text=_("For example O7.")
    )
    new_title = forms.CharField(label=_("Title"), max_length=200, required=False)
    new_description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=10_000,
    )
    new_levels = forms.MultipleChoiceField(
        label=_("Levels of engagement"),
        choices=Level.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("National if none is ticked."),
    )
    new_priority = forms.TypedChoiceField(
        label=_("Priority"),
        choices=Priority.choices,
        coerce=int,
        initial=Priority.MEDIUM,
        required=False,
        empty_value=None,
    )
    new_phase = _phase(label=_("Phase"), initial=1, help_text=PHASE_HELP)
    task = TaskChoiceField(
        label=_("Mandated task"),
        queryset=MandatedTask.objects.none(),
        required=False,
        empty_label=_("Choose…"),
    )
    strategic = forms.ChoiceField(
        label=_("Is the task a strategic priority?"),
        choices=STRATEGIC_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    task_phase = _phase(label=_("Phase in which the mission takes it up"), help_text=PHASE_HELP)
    component = forms.ModelChoiceField(
        label=_("Component"),
        queryset=Component.objects.none(),
        required=False,
        empty_label=_("Choose…"),
    )
    role = forms.ChoiceField(
        label=_("Its contribution to the objective"),
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        mission: Mission,
        instance: Decision | None = None,
        **kwargs: Any,
    ):
        self.instance = instance
        self.details_errors: list[str] = []
        super().__init__(*args, **kwargs)
        field = self.fields["objective"]
        field.queryset = _objectives(mission, instance)
        field.choices = [("", _("Choose…"))] + [
            (o.pk, f"{o.code} {o.title}") for o in sort_objectives(list(field.queryset))
        ]
        self.fields["task"].queryset = _tasks(mission)
        self.fields["component"].queryset = Component.objects.filter(mission=mission).order_by(
            "name"
        )
        if instance is not None and not self.is_bound:
            self.initial.update(initial_for(instance))
        self.add_classification_fields(mission, instance)

    def fieldsets(self) -> list[Fieldset]:
        kind = self.data.get(self.add_prefix("kind")) if self.is_bound else self.initial.get("kind")
        return [
            Fieldset(
                key,
                str(legend),
                kinds,
                [self[name] for name in names],
                self.details_errors if DETAILS_FIELDSET.get(kind or "") == key else [],
            )
            for key, legend, kinds, names in FIELDSETS
        ]

    def decision_values(self) -> dict[str, Any]:
        """What ``decision_record`` and ``decision_update`` take, for the kind chosen."""
        data = self.cleaned_data
        kind = data.get("kind") or ""
        uses = {name for _, _, kinds, names in FIELDSETS if kind in kinds for name in names}
        details: dict[str, Any] = {}
        if kind == DecisionKind.ADJUST:
            for name in ("title", "description", "priority", "phase"):
                value = data.get(f"adjust_{name}")
                if value not in (None, ""):
                    details[name] = value.strip() if isinstance(value, str) else value
        elif kind == DecisionKind.ADD:
            details = {
                "code": (data.get("new_code") or "").strip(),
                "title": (data.get("new_title") or "").strip(),
                "description": (data.get("new_description") or "").strip(),
                "levels": list(data.get("new_levels") or []),
                "priority": data.get("new_priority") or Priority.MEDIUM,
                "phase": data.get("new_phase") or 1,
            }
        elif kind == DecisionKind.REPRIORITISE:
            strategic = data.get("strategic")
            details = {"is_strategic_priority": {"yes": True, "no": False}.get(strategic)}
        elif kind == DecisionKind.RESEQUENCE:
            details = {"phase": data.get("task_phase")}
        elif kind == DecisionKind.CONTRIBUTION:
            details = {"role": data.get("role") or None}
        objective = data.get("objective") if "objective" in uses else None
        component = data.get("component") if "component" in uses else None
        values = {
            "kind": kind,
            "rationale": data.get("rationale") or "",
            "objective": objective,
            "task": data.get("task") if "task" in uses else None,
            "component": component,
            "details": details,
            **{name: data.get(name) for name in MARKING_FIELDS},
        }
        return values

    def show_service_errors(self, error: ValidationError) -> None:
        """``decision_clean``'s errors: by field, and "details" in the kind's fieldset."""
        if not hasattr(error, "error_dict"):
            show_errors(self, error)
            return
        has_fieldset = DETAILS_FIELDSET.get(self.cleaned_data.get("kind") or "") is not None
        for key, errors in error.error_dict.items():
            messages = [m for item in errors for m in item.messages]
            for message in messages:
                if key in self.fields:
                    self.add_error(key, message)
                elif has_fieldset:
                    self.details_errors.append(message)
                else:
                    self.add_error(None, message)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors or self.details_errors)


def contribution_for(values: dict[str, Any]) -> Contribution | None:
    """The existing pair a contribution decision names, if there is one."""
    if (
        values["kind"] != DecisionKind.CONTRIBUTION
        or not values["objective"]
        or not values["component"]
    ):
        return None
    return Contribution.objects.filter(
        objective=values["objective"], component=values["component"]
    ).first()


def initial_for(decision: Decision) -> dict[str, Any]:
    """A decision's values as the form shows them, for editing."""
    details = decision.details or {}
    initial: dict[str, Any] = {
        "kind": decision.kind,
        "rationale": decision.rationale,
        "objective": decision.objective_id,
        "task": decision.task_id,
        "component": decision.component_id,
        "revision": decision.revision,
    }
    if decision.kind == DecisionKind.ADJUST:
        for name in ("title", "description", "priority", "phase"):
            initial[f"adjust_{name}"] = details.get(name)
    elif decision.kind == DecisionKind.ADD:
        for name in ("code", "title", "description", "levels", "priority", "phase"):
            initial[f"new_{name}"] = details.get(name)
    elif decision.kind == DecisionKind.REPRIORITISE:
        value = details.get("is_strategic_priority")
        initial["strategic"] = {True: "yes", False: "no"}.get(value, "")
    elif decision.kind == DecisionKind.RESEQUENCE:
        initial["task_phase"] = details.get("phase")
    elif decision.kind == DecisionKind.CONTRIBUTION:
        initial["role"] = details.get("role")
    return initial


def _objectives(mission: Mission, instance: Decision | None) -> QuerySet[Objective]:
    """Active objectives, and the one an edited decision names even if no longer active."""
    wanted = Q(status=ObjectiveStatus.ACTIVE)
    if instance is not None and instance.objective_id:
        wanted |= Q(pk=instance.objective_id)
    return Objective.objects.filter(wanted, mission=mission)


def _tasks(mission: Mission) -> QuerySet[MandatedTask]:
    """The tasks of the mission's current mandate, in the resolution's order."""
    mandate = mission.mandates.order_by("-adopted_on", "-pk").first()
    if mandate is None:
        return MandatedTask.objects.none()
    return mandate.tasks.order_by("position", "pk")


def sort_objectives(objectives: list[Objective]) -> list[Objective]:
    return sorted(objectives, key=lambda o: natural_key(o.code))
