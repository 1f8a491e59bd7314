"""The recommendation on a task, a proposed new task, the covering note and a comment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.concurrency import RevisionFormMixin
from mandates.models import PARAGRAPH_MAX_CHARS, MandatedTask
from renewals.models import (
    COMMENT_MAX_CHARS,
    NOTE_MAX_CHARS,
    RATIONALE_MAX_CHARS,
    ProposedTask,
    Recommendation,
    RecommendationAction,
    Renewal,
)
from renewals.rules import recommendation_errors
from strategies.models import Objective

PHASES = [("", _("Not resequenced")), *((n, str(n)) for n in range(1, 10))]


class RevisionReadMixin(RevisionFormMixin):
    """The revision read, or None when the form was opened on no record at all."""

    @property
    def revision_read(self) -> int | None:
        return self.cleaned_data.get("revision")


class RecommendationForm(RevisionReadMixin, forms.Form):
    action = forms.ChoiceField(
        label=_("Recommendation"),
        choices=RecommendationAction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the mission recommends.")},
    )
    phase = forms.TypedChoiceField(
        label=_("Proposed phase"),
        choices=PHASES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("For a resequencing: the phase in which the task should be taken up."),
    )
    wording = forms.CharField(
        label=_("Proposed wording"),
        required=False,
        max_length=PARAGRAPH_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a rewording: the paragraph as the mission would have it read."),
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        required=False,
        max_length=RATIONALE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why: the ratings, the decisions of the reviews, the political context."),
    )

    def __init__(
        self, *args: Any, task: MandatedTask, recommendation: Recommendation | None, **kwargs: Any
    ):
        # RevisionFormMixin reads the revision the form was opened at from ``instance``.
        self.instance = recommendation
        self.task = task
        kwargs.setdefault("auto_id", f"rec-{task.pk}-%s")
        super().__init__(*args, **kwargs)
        if recommendation is not None and not self.is_bound:
            self.initial.update(
                action=recommendation.action,
                phase=recommendation.phase,
                wording=recommendation.wording,
                rationale=recommendation.rationale,
            )
        if not self.is_bound and not self.initial.get("wording"):
            self.initial["wording"] = task.text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        action = cleaned.get("action")
        # What only another action reads is not kept (nor compared in the conflict box).
        if action and action != RecommendationAction.RESEQUENCE:
            cleaned["phase"] = None
        if action and action != RecommendationAction.REWORD:
            cleaned["wording"] = ""
        if action:
            errors = recommendation_errors(
                self.task,
                action=action,
                phase=cleaned.get("phase"),
                wording=cleaned.get("wording") or "",
                rationale=cleaned.get("rationale") or "",
            )
            for name, message in errors.items():
                if name not in self.errors:
                    self.add_error(name, message)
        return cleaned


class ProposedTaskForm(RevisionReadMixin, forms.Form):
    text = forms.CharField(
        label=_("Proposed task"),
        max_length=PARAGRAPH_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("As the mission would have the Council word it."),
        error_messages={"required": _("Write the task as the Council would word it.")},
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        required=False,
        max_length=RATIONALE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    objectives = forms.ModelMultipleChoiceField(
        label=_("Objectives it would serve"),
        queryset=Objective.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(
        self, *args: Any, mission_id: int, proposed: ProposedTask | None = None, **kwargs: Any
    ):
        self.instance = proposed
        kwargs.setdefault("auto_id", f"proposed-{proposed.pk if proposed else 'new'}-%s")
        super().__init__(*args, **kwargs)
        linked = [o.pk for o in proposed.objectives.all()] if proposed else []
        if proposed is not None and not self.is_bound:
            self.initial.update(text=proposed.text, rationale=proposed.rationale, objectives=linked)
        # Active objectives, plus any other it already serves, so that saving drops none.
        offered = Q(status=Objective.Status.ACTIVE) | Q(pk__in=linked)
        self.fields["objectives"].queryset = Objective.objects.filter(
            offered, mission_id=mission_id
        ).order_by("code")


class NoteForm(RevisionReadMixin, forms.Form):
    note = forms.CharField(
        label=_("The mission's overall view of the renewal, ahead of the recommendations"),
        required=False,
        max_length=NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, renewal: Renewal | None, **kwargs: Any):
        self.instance = renewal
        kwargs.setdefault("auto_id", "note-%s")
        super().__init__(*args, **kwargs)
        if renewal is not None and not self.is_bound:
            self.initial["note"] = renewal.note


class CommentForm(forms.Form):
    about = forms.TypedChoiceField(
        label=_("About"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    body = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the comment.")},
    )

    def __init__(self, *args: Any, recommendations: list[Recommendation], **kwargs: Any):
        kwargs.setdefault("auto_id", "comment-%s")
        super().__init__(*args, **kwargs)
        self.recommendations = {r.pk: r for r in recommendations}
        self.fields["about"].choices = [
            ("", _("The recommendations as a whole")),
            *(
                (r.pk, _("OP %(ref)s: %(action)s")
                 % {"ref": r.task.reference, "action": r.get_action_display()})
                for r in recommendations
            ),
        ]  # fmt: skip

    @property
    def recommendation(self) -> Recommendation | None:
        return self.recommendations.get(self.cleaned_data.get("about"))
