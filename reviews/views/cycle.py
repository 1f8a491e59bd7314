"""The review cycle: the mission's review history, the review workspace, its transitions
(open, conclude, sign off, reopen), nudges and the decision log.

Routes (under /missions/<acronym>/reviews/):
    ""                                   list              every review of the mission
    <pk>/                                detail            the review workspace
    <pk>/open/                           open              POST: chief of staff, planned -> open
    <pk>/conclude/                       conclude          POST: chief of staff, open -> concluded
    <pk>/sign-off/                       sign_off          GET confirm, POST: head of mission
    <pk>/reopen/                         reopen            POST: chief or head, with a reason
    <pk>/nudge/                          nudge             POST: remind a component lead
    <pk>/decisions/new/                  decision_add      GET form, POST record
    <pk>/decisions/<id>/                 decision_edit     GET form, POST save
    <pk>/decisions/<id>/delete/          decision_delete   GET confirm, POST delete

Every view asks the policy first (404 outsiders, 403 members without the right); writes to a
review that is not open answer 403 with the ReviewLocked message; a transition on a review
that moved meanwhile answers 409 and says what it is now.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.concurrency import StaleEdit
from core.editing import conflict_context, posted
from missions.editing import confirm_delete
from missions.models import Mission
from missions.policy import Action, can, get_mission_for_user, mission_context
from reviews.forms import (
    ConcludeForm,
    DecisionForm,
    NudgeForm,
    OpenReviewForm,
    ReopenForm,
    SignOffForm,
    contribution_for,
    show_errors,
)
from reviews.models import Decision, Review, ReviewStatus
from reviews.selectors.review_list import (
    awaiting_sign_off,
    current_row,
    next_step,
    overdue_days,
    review_history,
)
from reviews.selectors.workspace import (
    changes_draft,
    describe,
    review_workspace,
    risk_ratings_in,
)
from reviews.services import cycle as review_cycle
from reviews.services import decisions as review_decisions
from reviews.services.guards import ReviewLocked, ReviewNotInState
from reviews.services.nudges import component_lead_nudge
from strategies.models import StrategyVersion

View = Callable[..., HttpResponse]


# Lookups ------------------------------------------------------------------------------------


def _lookup(request: HttpRequest, acronym: str, pk: int, action: Action = Action.VIEW):
    """The mission and its review: 404 for outsiders, 403 for members without ``action``."""
    mission = get_mission_for_user(request.user, acronym, action)
    review = get_object_or_404(
        Review.objects.filter(mission=mission).select_related("led_by", "signed_off_by"), pk=pk
    )
    review.mission = mission
    return mission, review


def _open_lookup(request: HttpRequest, acronym: str, pk: int, action: Action):
    """As ``_lookup``, for writes inside a review: refused unless the review is open."""
    mission, review = _lookup(request, acronym, pk, action)
    if not review.is_editable:
        raise ReviewLocked(review)
    return mission, review


def refuse_locked(view: View) -> View:
    """A write to a review that is not open: 403 with the reason, on a page of the app."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ReviewLocked as exc:
            review = exc.review
            context = mission_context(request.user, review.mission)
            context.update(review=review, message=str(exc.args[0]) if exc.args else "")
            return render(request, "reviews/locked.html", context, status=403)

    return wrapper


# The history --------------------------------------------------------------------------------


@login_required
def review_list(request: HttpRequest, acronym: str) -> HttpResponse:
    mission = get_mission_for_user(request.user, acronym)
    rows = review_history(mission)
    current = current_row(rows)
    context = mission_context(request.user, mission)
    context.update(
        rows=rows,
        current=current,
        step=next_step(request.user, current.review) if current else None,
        # Concluded earlier and still to sign off: shown apart, each with its own step.
        awaiting=[
            (row, next_step(request.user, row.review))
            for row in awaiting_sign_off(rows)
            if row is not current
        ],
        today=mission.today(),
    )
    return render(request, "reviews/list.html", context)


# The workspace ------------------------------------------------------------------------------


def _workspace(
    request: HttpRequest,
    mission: Mission,
    review: Review,
    *,
    status: int = 200,
    moved: str = "",
    kept: str = "",
    **forms: Any,
) -> HttpResponse:
    user = request.user
    can_run = can(user, Action.RUN_REVIEW, mission)
    is_open = review.status == ReviewStatus.OPEN
    read = review_workspace(review, can_decide=can_run, nudges=is_open and can_run)
    context = mission_context(user, mission)
    context.update(
        vars(read),
        review=review,
        overdue=overdue_days(review, mission.today()),
        can_sign=review.status == ReviewStatus.CONCLUDED
        and can(user, Action.SIGN_OFF_REVIEW, mission),
        can_assess_objectives=is_open and can(user, Action.ASSESS_OBJECTIVE, mission),
        can_decide=is_open and can_run,
        can_nudge=is_open and can_run,
        is_component_lead=Action.ASSESS_CONTRIBUTION in context["actions"],
        moved_message=moved,
        kept=kept,
    )
    if review.status == ReviewStatus.PLANNED and can_run:
        context["open_form"] = forms.get("open_form") or OpenReviewForm(
            mission=mission, review=review
        )
    if is_open and can_run:
        # A reopened review keeps its conclusions, to be revised rather than retyped.
        context["conclude_form"] = forms.get("conclude_form") or ConcludeForm(
            initial={"summary": review.conclusions}, mission=mission, review=review
        )
        context["decision_form"] = DecisionForm(mission=mission, auto_id="new-decision-%s")
    if review.status == ReviewStatus.CONCLUDED and can(user, Action.REOPEN_REVIEW, mission):
        context["reopen_form"] = forms.get("reopen_form") or ReopenForm()
    if review.status == ReviewStatus.SIGNED_OFF:
        context["latest_version"] = (
            StrategyVersion.objects.filter(mission=mission)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
    return render(request, "reviews/detail.html", context, status=status)


@login_required
def review_detail(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission, review = _lookup(request, acronym, pk)
    return _workspace(request, mission, review)


def _moved_response(
    request: HttpRequest, mission: Mission, review: Review, error: ValidationError, kept: str = ""
) -> HttpResponse:
    """Someone moved the review on meanwhile: show it as it is now, and why nothing happened."""
    review.refresh_from_db()
    review.mission = mission
    return _workspace(
        request, mission, review, status=409, moved=" ".join(error.messages), kept=kept
    )


# Transitions --------------------------------------------------------------------------------


def _transition(
    request: HttpRequest,
    mission: Mission,
    review: Review,
    form: Any,
    form_name: str,
    *,
    run: Callable[[dict[str, Any]], Any],
    done: str,
    kept: str = "",
) -> HttpResponse:
    """Run a transition on the form's values: done, back to the review; refused, the
    workspace with the form's messages (400); the review moved on meanwhile, the workspace as
    it is now (409), keeping the text in the form's ``kept`` field."""
    if form.is_valid():
        values = form.cleaned_data
        try:
            run(values)
        except ReviewNotInState as error:
            return _moved_response(
                request, mission, review, error, kept=values[kept] if kept else ""
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(review)
    return _workspace(request, mission, review, status=400, **{form_name: form})


@require_POST
@login_required
def review_open(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission, review = _lookup(request, acronym, pk, Action.RUN_REVIEW)
    return _transition(
        request,
        mission,
        review,
        OpenReviewForm(request.POST, mission=mission, review=review),
        "open_form",
        run=lambda values: review_cycle.review_open(
            review=review, by=request.user, participants=values["participants"]
        ),
        done=_("The review is open. Assessments can be entered now."),
    )


@require_POST
@login_required
def review_conclude(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission, review = _lookup(request, acronym, pk, Action.RUN_REVIEW)
    return _transition(
        request,
        mission,
        review,
        ConcludeForm(request.POST, mission=mission, review=review),
        "conclude_form",
        run=lambda values: review_cycle.review_conclude(
            review=review,
            by=request.user,
            summary=values["summary"],
            classification=values["classification"],
            named_readers=values["named_readers"],
        ),
        done=_("The review is concluded and read-only. The head of mission can now sign it off."),
        kept="summary",
    )


@login_required
def review_sign_off(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """GET: what signing off will change in the draft; POST: sign it off."""
    mission, review = _lookup(request, acronym, pk, Action.SIGN_OFF_REVIEW)
    changed = False
    if request.method == "POST":
        form = SignOffForm(request.POST)
        if form.is_valid() and form.cleaned_data["revision"] == review.revision:
            try:
                review_cycle.review_sign_off(review=review, by=request.user)
            except ReviewNotInState as error:
                return _moved_response(request, mission, review, error)
            messages.success(
                request,
                _(
                    "Review signed off. Its decisions are now in the working draft: "
                    "approve the next version when ready."
                ),
            )
            return redirect(review)
        if review.status != ReviewStatus.CONCLUDED:
            return _moved_response(
                request,
                mission,
                review,
                ValidationError(
                    _("This review is %(status)s; it cannot be signed off from here.")
                    % {"status": review.get_status_display().lower()}
                ),
            )
        changed = True
    elif review.status != ReviewStatus.CONCLUDED:
        messages.info(request, _("Only a concluded review can be signed off."))
        return redirect(review)
    decisions = list(
        review.decisions.select_related("objective", "task", "component", "decided_by")
    )
    context = mission_context(request.user, mission)
    context.update(
        review=review,
        decisions=[describe(d) for d in decisions],
        decisions_heading=_sign_off_heading(decisions),
        risk_ratings=risk_ratings_in(review),
        form=SignOffForm(initial={"revision": review.revision}),
        changed=changed,
    )
    return render(request, "reviews/sign_off.html", context, status=409 if changed else 200)


def _sign_off_heading(decisions: list[Decision]) -> str:
    """How many decisions will change the draft: keeping an objective changes nothing."""
    changing = sum(1 for decision in decisions if changes_draft(decision))
    kept = len(decisions) - changing
    if not decisions:
        return _("This review took no decision: the draft stays as it is")
    if not changing:
        return ngettext(
            "No decision changes the draft: %(n)s keeps an objective as it is",
            "No decision changes the draft: %(n)s keep objectives as they are",
            kept,
        ) % {"n": kept}
    heading = ngettext(
        "%(n)s decision will change the draft", "%(n)s decisions will change the draft", changing
    ) % {"n": changing}
    if kept:
        heading = _("%(changing)s; %(kept)s") % {
            "changing": heading,
            "kept": ngettext(
                "%(n)s keeps an objective as it is", "%(n)s keep objectives as they are", kept
            )
            % {"n": kept},
        }
    return heading


@require_POST
@login_required
def review_reopen(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission, review = _lookup(request, acronym, pk, Action.REOPEN_REVIEW)
    return _transition(
        request,
        mission,
        review,
        ReopenForm(request.POST),
        "reopen_form",
        run=lambda values: review_cycle.review_reopen(
            review=review, by=request.user, reason=values["reason"]
        ),
        done=_("The review is open again; the reason is kept with it."),
        kept="reason",
    )


@require_POST
@login_required
@refuse_locked
def review_nudge(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission, review = _open_lookup(request, acronym, pk, Action.RUN_REVIEW)
    form = NudgeForm(request.POST, mission=mission)
    if not form.is_valid():
        for message in form.messages():
            messages.error(request, message)
        return _workspace(request, mission, review, status=400)
    component, lead = form.cleaned_data["component"], form.cleaned_data["lead"]
    name = lead.get_full_name() or lead.get_username()
    try:
        sent = component_lead_nudge(review=review, component=component, lead=lead, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _workspace(request, mission, review, status=400)
    if sent is None:
        messages.info(request, _("%(name)s was already reminded today.") % {"name": name})
    else:
        messages.success(
            request, _("Reminder sent to %(name)s, in the app and by email.") % {"name": name}
        )
    return redirect(f"{review.get_absolute_url()}#completeness")


# Decisions ----------------------------------------------------------------------------------


def _decision_page(
    request: HttpRequest,
    mission: Mission,
    review: Review,
    form: DecisionForm,
    *,
    decision: Decision | None = None,
    conflict: dict[str, Any] | None = None,
) -> HttpResponse:
    context = mission_context(request.user, mission)
    context.update(review=review, form=form, decision=decision, conflict=conflict)
    if conflict:
        status = 409
    elif request.method == "POST":
        status = 400
    else:
        status = 200
    return render(request, "reviews/decision_form.html", context, status=status)


def _decisions_url(review: Review) -> str:
    return f"{review.get_absolute_url()}#decisions"


def _decision_lookup(
    request: HttpRequest, acronym: str, pk: int, decision_pk: int
) -> tuple[Mission, Review, Decision]:
    """The open review (for a member who runs reviews) and one of its decisions, or 404."""
    mission, review = _open_lookup(request, acronym, pk, Action.RUN_REVIEW)
    decision = get_object_or_404(Decision.objects.filter(review=review), pk=decision_pk)
    decision.review = review
    return mission, review, decision


@login_required
@refuse_locked
def decision_add(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    mission, review = _open_lookup(request, acronym, pk, Action.RUN_REVIEW)
    initial = {key: request.GET[key] for key in ("kind", "objective") if request.GET.get(key)}
    form = DecisionForm(posted(request), mission=mission, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            review_decisions.decision_record(
                review=review, by=request.user, **form.decision_values()
            )
        except ValidationError as error:
            form.show_service_errors(error)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect(_decisions_url(review))
    return _decision_page(request, mission, review, form)


@login_required
@refuse_locked
def decision_edit(request: HttpRequest, acronym: str, pk: int, decision_pk: int) -> HttpResponse:
    mission, review, decision = _decision_lookup(request, acronym, pk, decision_pk)
    form = DecisionForm(posted(request), mission=mission, instance=decision)
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = form.decision_values()
        try:
            review_decisions.decision_update(
                decision=decision,
                by=request.user,
                expected_revision=form.expected_revision,
                contribution=contribution_for(values),
                **values,
            )
        except ValidationError as error:
            form.show_service_errors(error)
        except StaleEdit as exc:
            conflict = conflict_context(exc, form)
        else:
            messages.success(request, _("Decision saved."))
            return redirect(_decisions_url(review))
    return _decision_page(request, mission, review, form, decision=decision, conflict=conflict)


@login_required
@refuse_locked
def decision_delete(request: HttpRequest, acronym: str, pk: int, decision_pk: int) -> HttpResponse:
    mission, review, decision = _decision_lookup(request, acronym, pk, decision_pk)
    return confirm_delete(
        request,
        mission,
        decision,
        delete=lambda expected: review_decisions.decision_delete(
            decision=decision, by=request.user, expected_revision=expected
        ),
        deleted_message=_("Decision deleted."),
        done_url=_decisions_url(review),
        page=lambda record: {
            "kind_label": _("decision"),
            "consequence": _(
                "It leaves the review's decision log; the change history keeps a copy."
            ),
            "delete_url": reverse(
                "reviews:decision_delete", args=[mission.acronym, pk, decision_pk]
            ),
            "cancel_url": _decisions_url(review),
        },
    )
