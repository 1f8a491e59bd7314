"""Review screens: the assessments. One objective at a time (progress, markers, assumptions,
risks, stakeholder positions), the exit conditions, and each component's contributions.

Each page is one form of many small rows (formsets of ``reviews.forms_assess``) posted
together; a save hands the rows the user changed to ``review_assessments_save``, which writes
them in one transaction: a refused value, a conflict with someone's save or a locked review
writes nothing, and the page comes back with the input kept (400, 409 or 403). Members read
every page; only the right role writes, and only while the review is open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from core.concurrency import StaleEdit
from core.editing import conflict_context, posted
from missions.models import Mission, Role
from missions.policy import Action, can, get_mission_for_user, mission_context, seat
from reviews.forms_assess import (
    AssumptionFormSet,
    ContributionFormSet,
    ExitConditionFormSet,
    MarkerFormSet,
    ObjectiveFormSet,
    PositionFormSet,
    RecordFormSet,
    RiskFormSet,
    RowForm,
)
from reviews.models import Review, ReviewStatus
from reviews.selectors.assessments import (
    ComponentGroup,
    ObjectiveSheet,
    contribution_sheet,
    exit_condition_sheet,
    get_review,
    objective_sheet,
)
from reviews.services.assessments import AssessmentsNotSaved, review_assessments_save
from reviews.services.guards import ReviewLocked

SAVED_OBJECTIVE = ngettext_lazy(
    "%(code)s: %(n)s assessment saved.", "%(code)s: %(n)s assessments saved.", "n"
)
SAVED_CONDITIONS = ngettext_lazy(
    "%(n)s exit condition assessed.", "%(n)s exit conditions assessed.", "n"
)
SAVED_CONTRIBUTIONS = ngettext_lazy(
    "%(n)s contribution assessed.", "%(n)s contributions assessed.", "n"
)
CONTRIBUTION_PREFIX = re.compile(r"^c(\d+)-")


@dataclass
class Entry:
    """One record on a page: the sheet's row, and its form (None when read-only)."""

    item: Any
    form: RowForm | None = None

    @property
    def conflict(self) -> dict[str, Any] | None:
        return self.form.conflict if self.form is not None else None


def _entries(rows: list[Any], formset: RecordFormSet | None = None) -> list[Entry]:
    forms = formset.forms if formset is not None else [None] * len(rows)
    return [Entry(row, form) for row, form in zip(rows, forms, strict=True)]


def lock_note(review: Review) -> str:
    """Why the review's assessments cannot be written now; empty while it is open."""
    return {
        ReviewStatus.PLANNED: _(
            "This review has not been opened yet: assessments are entered once the chief of "
            "staff opens it."
        ),
        ReviewStatus.CONCLUDED: _(
            "This review is concluded, so its assessments are read-only. The chief of staff "
            "or the head of mission can reopen it, giving a reason."
        ),
        ReviewStatus.SIGNED_OFF: _(
            "This review is signed off: its assessments are kept read-only, for the record."
        ),
    }.get(review.status, "")


def _context(
    request: HttpRequest,
    mission: Mission,
    review: Review,
    rows: list[Entry],
    refusal: str,
    **extra: Any,
) -> dict[str, Any]:
    """What every assessment page shows: why a POST was refused, and whether any of its
    ``rows`` is writable, has a conflict or a refused value."""
    context = mission_context(request.user, mission)
    context.update(
        review=review,
        lock_note=lock_note(review),
        writable=any(e.form is not None for e in rows),
        conflicts=any(e.conflict for e in rows),
        invalid=any(e.form is not None and e.form.is_bound and e.form.errors for e in rows),
        refusal=refusal,
        **extra,
    )
    return context


def _save(
    request: HttpRequest, review: Review, formsets: list[RecordFormSet], saved: Any, **names: Any
) -> int:
    """Validate every row, then save the changed ones with the one service: 302 once saved (or
    if nothing changed), else 400 or 409 with each row's message or conflict in the row."""
    if not all([formset.is_valid() for formset in formsets]):  # each, to show every error
        return 400
    changed = [change for formset in formsets for change in formset.changes()]
    if not changed:
        messages.info(request, _("Nothing had changed, so nothing was saved."))
        return 302
    try:
        review_assessments_save(review=review, by=request.user, rows=[r for _f, r in changed])
    except AssessmentsNotSaved as exc:
        for index, error in exc.errors.items():
            form = changed[index][0]
            if isinstance(error, StaleEdit):
                form.conflict = conflict_context(error, form, **form.reposted(error))
            else:
                form.show_service_errors(error)
        return 409 if exc.conflicts else 400
    messages.success(request, saved % {"n": len(changed), **names})
    return 302


def _post(
    request: HttpRequest,
    review: Review,
    formsets: list[RecordFormSet],
    *,
    denied: str,
    saved: Any,
    **names: Any,
) -> tuple[int, str]:
    """A POST: refused (403, and why) if ``denied`` says why or the review is not open; else
    the status of ``_save``."""
    try:
        if denied:
            raise PermissionDenied(denied)
        if not review.is_editable:
            raise ReviewLocked(review)
        return _save(request, review, formsets, saved, **names), ""
    except PermissionDenied as exc:
        return 403, str(exc) or _("Your role does not let you change these assessments.")


# One objective ----------------------------------------------------------------------------


def _objective_formsets(request: HttpRequest, sheet: ObjectiveSheet) -> dict[str, Any]:
    data, mission = posted(request), sheet.review.mission
    return {
        "progress": ObjectiveFormSet(data, rows=[sheet], mission=mission),
        "markers": MarkerFormSet(data, rows=sheet.markers, mission=mission),
        "assumptions": AssumptionFormSet(data, rows=sheet.assumptions, mission=mission),
        "risks": RiskFormSet(data, rows=sheet.risks, mission=mission),
        "positions": PositionFormSet(
            data, rows=sheet.positions, mission=mission, objective=sheet.objective
        ),
    }


def _objective_entries(sheet: ObjectiveSheet, formsets: dict[str, Any]) -> dict[str, Any]:
    rows = {
        "progress": [sheet],
        "markers": sheet.markers,
        "assumptions": sheet.assumptions,
        "risks": sheet.risks,
        "positions": sheet.positions,
    }
    entries = {name: _entries(items, formsets.get(name)) for name, items in rows.items()}
    # The stakeholders with a stance on the objective are shown first, the others folded.
    held = [e for e in entries["positions"] if e.item.latest is not None]
    unheld = [e for e in entries["positions"] if e.item.latest is None]
    return {
        **entries,
        "progress": entries["progress"][0],
        "positions_held": held,
        "positions_unheld": unheld,
        # ... unless one of them needs the user's attention after a refused save.
        "positions_unheld_open": any(
            e.conflict or (e.form is not None and e.form.is_bound and e.form.errors) for e in unheld
        ),
    }


@login_required
def assess_objective_page(request: HttpRequest, acronym: str, pk: int, code: str) -> HttpResponse:
    """The chief of staff rates one objective; everyone else in the mission reads it."""
    mission = get_mission_for_user(request.user, acronym)
    review = get_review(mission, pk)
    sheet = objective_sheet(review, code, today=mission.today())
    may_assess = can(request.user, Action.ASSESS_OBJECTIVE, mission)
    writable = may_assess and review.is_editable
    formsets = _objective_formsets(request, sheet) if writable else {}
    status, refusal = 200, ""
    if request.method == "POST":
        denied = "" if may_assess else _("Your role does not let you change these assessments.")
        status, refusal = _post(
            request,
            review,
            list(formsets.values()),
            denied=denied,
            saved=SAVED_OBJECTIVE,
            code=sheet.objective.code,
        )
        if status == 302:
            then = sheet.next_objective if request.POST.get("then") == "next" else None
            target = (then or sheet.objective).code
            return redirect("reviews:assess_objective", mission.acronym, review.pk, target)
    entries = _objective_entries(sheet, {} if refusal else formsets)
    flat = [entries["progress"], *entries["markers"], *entries["assumptions"], *entries["risks"]]
    context = _context(request, mission, review, flat + entries["positions"], refusal, **entries)
    context.update(sheet=sheet, objective=sheet.objective, may_assess=may_assess)
    return render(request, "reviews/assess_objective.html", context, status=status)


# Exit conditions --------------------------------------------------------------------------


@login_required
def assess_exit_conditions(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """The chief of staff re-assesses each exit condition of the end state in force."""
    mission = get_mission_for_user(request.user, acronym)
    review = get_review(mission, pk)
    rows = exit_condition_sheet(review)
    may_assess = can(request.user, Action.ASSESS_OBJECTIVE, mission)
    formset = None
    if may_assess and review.is_editable:
        formset = ExitConditionFormSet(posted(request), rows=rows, mission=mission)
    status, refusal = 200, ""
    if request.method == "POST":
        denied = "" if may_assess else _("Your role does not let you change these assessments.")
        status, refusal = _post(request, review, [formset], denied=denied, saved=SAVED_CONDITIONS)
        if status == 302:
            return redirect("reviews:assess_exit_conditions", mission.acronym, review.pk)
    entries = _entries(rows, None if refusal else formset)
    context = _context(
        request, mission, review, entries, refusal, entries=entries, may_assess=may_assess
    )
    return render(request, "reviews/assess_exit_conditions.html", context, status=status)


# Contributions ----------------------------------------------------------------------------


@dataclass
class GroupEntries:
    group: ComponentGroup
    entries: list[Entry]

    @property
    def writable(self) -> bool:
        return any(entry.form is not None for entry in self.entries)


def _contribution_denied(request: HttpRequest, own: list[ComponentGroup]) -> str:
    """Only a lead posts, only about their own component's contributions: a row of another
    component in the POST refuses the whole of it."""
    allowed = {row.contribution.pk for group in own for row in group.rows}
    posted_pks = {int(m.group(1)) for key in request.POST if (m := CONTRIBUTION_PREFIX.match(key))}
    if own and posted_pks <= allowed:
        return ""
    return _("Only a component's lead assesses its contributions; you may read them here.")


@login_required
def assess_contributions(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """A component lead assesses their own component's contributions; the others (the chief
    of staff included) read every component's assessments."""
    mission = get_mission_for_user(request.user, acronym)
    review = get_review(mission, pk)
    groups = contribution_sheet(review, request.user)
    own = [group for group in groups if group.editable]
    formsets: dict[int, ContributionFormSet] = {}
    if own and review.is_editable:
        data = posted(request)
        for group in own:
            formsets[group.component.pk] = ContributionFormSet(
                data, rows=group.rows, mission=mission
            )
    status, refusal = 200, ""
    if request.method == "POST":
        denied = _contribution_denied(request, own)
        status, refusal = _post(
            request, review, list(formsets.values()), denied=denied, saved=SAVED_CONTRIBUTIONS
        )
        if status == 302:
            return redirect("reviews:assess_contributions", mission.acronym, review.pk)
    shown = {} if refusal else formsets
    built = [GroupEntries(g, _entries(g.rows, shown.get(g.component.pk))) for g in groups]
    entries = [entry for item in built for entry in item.entries]
    is_lead = getattr(seat(request.user, mission), "role", "") == Role.COMPONENT_LEAD
    context = _context(
        request, mission, review, entries, refusal, groups=built, own=own, is_lead=is_lead
    )
    return render(request, "reviews/assess_contributions.html", context, status=status)
