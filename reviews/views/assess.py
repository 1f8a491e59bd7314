"""Review screens: the assessments. One objective at a time (progress, markers, assumptions,
stakeholder positions), the exit conditions, and each component's contributions.

Each page is one form of many small rows posted together; a save writes the rows the user
changed, all in one transaction: a refused value, a conflict with someone's save or a locked
review writes nothing, and the page comes back with the input kept (400, 409 or 403). Members
read every page; only the right role writes, and only while the review is open.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from missions.concurrency import StaleEdit
from missions.models import Mission, Role
from missions.policy import Action, can, get_mission_for_user, mission_context, seat
from reviews.assessments import (
    ComponentGroup,
    ObjectiveSheet,
    contribution_sheet,
    exit_condition_sheet,
    get_review,
    objective_sheet,
    review_position_record,
)
from reviews.forms_assess import (
    AssumptionRatingForm,
    ContributionAssessmentForm,
    ExitConditionAssessmentForm,
    MarkerReadingForm,
    ObjectiveAssessmentForm,
    PositionRowForm,
    RowForm,
)
from reviews.models import Review, ReviewStatus
from reviews.services import (
    ReviewLocked,
    assess_contribution,
    assess_exit_condition,
    assess_objective,
    rate_assumption,
    read_marker,
)
from strategies.views.editing import conflict_context


@dataclass
class Entry:
    """One record on a page: what is shown, its form (None when read-only), and its save."""

    item: Any
    form: RowForm | None = None
    save: Callable[[RowForm], Any] | None = None
    extra: Callable[[StaleEdit], dict[str, Any]] | None = None
    conflict: dict[str, Any] | None = None


class _Undo(Exception):
    """Raised inside the save's transaction to roll every row back."""


def _save(entries: list[Entry]) -> bool:
    """Write the changed rows in one transaction; any refusal or conflict undoes them all.

    Every changed row is tried (each in a savepoint), so the page shows all the conflicts
    and refused values at once, not the first one only.
    """
    stale: list[tuple[Entry, StaleEdit]] = []
    failed = False
    try:
        with transaction.atomic():
            for entry in entries:
                if entry.form is None or entry.save is None or not entry.form.touched:
                    continue
                try:
                    with transaction.atomic():
                        entry.save(entry.form)
                except StaleEdit as exc:
                    stale.append((entry, exc))
                except ValidationError as exc:
                    _add_service_errors(entry.form, exc)
                    failed = True
            if stale or failed:
                raise _Undo
    except _Undo:
        pass
    for entry, exc in stale:
        extra = entry.extra(exc) if entry.extra else {}
        entry.conflict = conflict_context(exc, entry.form, **extra)
    return not (stale or failed)


def _add_service_errors(form: RowForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _forms(entries: Iterable[Entry]) -> list[RowForm]:
    return [entry.form for entry in entries if entry.form is not None]


def _outcome(
    request: HttpRequest, entries: list[Entry], *, saved_message: Callable[[int], str]
) -> str:
    """Validate and save a posted page: "saved", "unchanged", "invalid" or "conflict"."""
    forms = _forms(entries)
    if not all([form.is_valid() for form in forms]):  # every form, to show every error
        return "invalid"
    changed = sum(1 for form in forms if form.touched)
    if not changed:
        messages.info(request, _("Nothing had changed, so nothing was saved."))
        return "unchanged"
    if not _save(entries):
        return "conflict" if any(entry.conflict for entry in entries) else "invalid"
    messages.success(request, saved_message(changed))
    return "saved"


def _status(outcome: str | None) -> int:
    return {"conflict": 409, "invalid": 400}.get(outcome or "", 200)


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


def _refused(render_page: Callable[..., HttpResponse], exc: PermissionDenied) -> HttpResponse:
    """A refused POST: the page as the user may see it, saying why, with 403."""
    message = str(exc) or _("Your role does not let you change these assessments.")
    return render_page(refusal=message, status=403)


def _page_context(
    request: HttpRequest, mission: Mission, review: Review, rows: list[Entry], **extra: Any
) -> dict:
    """What every assessment page shows, with whether any of its ``rows`` has a conflict or
    a refused value."""
    context = mission_context(request.user, mission)
    context.update(
        review=review,
        lock_note=lock_note(review),
        conflicts=_has_conflict(rows),
        invalid=_has_errors(rows),
        **extra,
    )
    return context


def _page(
    request: HttpRequest,
    render_page: Callable[..., HttpResponse],
    *,
    check: Callable[[], None],
    build: Callable[[], Any],
    saved_message: Callable[[int], str],
    done: Callable[[], HttpResponse],
    entries_of: Callable[[Any], list[Entry]] | None = None,
) -> HttpResponse:
    """An assessment page: GET shows it; a POST is checked first (refused: the page as the
    user may see it, 403), then validated and saved in one go and followed by ``done``, or
    shown again with the input kept (400 or 409)."""
    if request.method == "POST":
        try:
            check()
        except PermissionDenied as exc:
            return _refused(render_page, exc)
    built = build()
    outcome = None
    if request.method == "POST":
        try:
            outcome = _outcome(request, (entries_of or _flat)(built), saved_message=saved_message)
        except PermissionDenied as exc:
            return _refused(render_page, exc)
        if outcome in ("saved", "unchanged"):
            return done()
    return render_page(built, status=_status(outcome))


def _writes(service: Callable[..., Any], **record: Any) -> Callable[[RowForm], Any]:
    """A row's save: the service, given the record and the row's values at the revision read."""
    return lambda form: service(**record, **form.values, expected_revision=form.expected_revision)


# One objective ----------------------------------------------------------------------------


def _objective_entries(
    request: HttpRequest, sheet: ObjectiveSheet, *, writable: bool
) -> dict[str, Any]:
    review, objective, user = sheet.review, sheet.objective, request.user
    mission = review.mission
    data = request.POST if writable and request.method == "POST" else None

    def form(cls: type[RowForm], prefix: str, **kwargs: Any) -> RowForm | None:
        return cls(data, prefix=prefix, mission=mission, **kwargs) if writable else None

    progress = Entry(
        sheet,
        form(ObjectiveAssessmentForm, "objective", record=sheet.assessment),
        _writes(assess_objective, review=review, objective=objective, by=user),
    )
    markers = [
        Entry(
            row,
            form(MarkerReadingForm, f"m{row.marker.pk}", record=row.reading),
            _writes(read_marker, review=review, marker=row.marker, by=user),
        )
        for row in sheet.markers
    ]
    assumptions = [
        Entry(
            row,
            form(AssumptionRatingForm, f"a{row.assumption.pk}", record=row.assessment),
            _writes(rate_assumption, review=review, assumption=row.assumption, by=user),
        )
        for row in sheet.assumptions
    ]
    positions = [
        Entry(
            row,
            form(
                PositionRowForm,
                f"s{row.stakeholder.pk}",
                latest=row.latest,
                today_position=row.today(sheet.today),
            ),
            lambda f, stakeholder=row.stakeholder: review_position_record(
                review=review,
                stakeholder=stakeholder,
                objective=objective,
                by=user,
                stance=f.cleaned_data["stance"],
                note=f.cleaned_data["note"],
                basis=f.cleaned_data["basis"],
                expected_revision=f.expected_revision,
            ),
            # Saving again is checked against the position the user has now been shown.
            lambda exc: {"basis": getattr(exc.current, "pk", "")},
        )
        for row in sheet.positions
    ]
    return {
        "progress": progress,
        "markers": markers,
        "assumptions": assumptions,
        "positions": positions,
    }


@login_required
def assess_objective_page(request: HttpRequest, acronym: str, pk: int, code: str) -> HttpResponse:
    """The chief of staff rates one objective; everyone else in the mission reads it."""
    mission = get_mission_for_user(request.user, acronym)
    review = get_review(mission, pk)
    sheet = objective_sheet(review, code, today=mission.today())
    may_assess = can(request.user, Action.ASSESS_OBJECTIVE, mission)

    def render_page(
        entries: dict[str, Any] | None = None,
        *,
        refusal: str = "",
        status: int = 200,
    ) -> HttpResponse:
        entries = entries or _objective_entries(request, sheet, writable=False)
        context = _page_context(
            request,
            mission,
            review,
            _flat(entries),
            sheet=sheet,
            objective=sheet.objective,
            may_assess=may_assess,
            writable=entries["progress"].form is not None,
            refusal=refusal,
            **entries,
        )
        return render(request, "reviews/assess_objective.html", context, status=status)

    def done() -> HttpResponse:
        target = sheet.objective
        if request.POST.get("then") == "next" and sheet.next_objective is not None:
            target = sheet.next_objective
        return redirect("reviews:assess_objective", mission.acronym, review.pk, target.code)

    return _page(
        request,
        render_page,
        check=lambda: _check_write(request, review, Action.ASSESS_OBJECTIVE),
        build=lambda: _objective_entries(
            request, sheet, writable=may_assess and review.status == ReviewStatus.OPEN
        ),
        saved_message=lambda n: (
            ngettext(
                "%(code)s: %(n)s assessment saved.",
                "%(code)s: %(n)s assessments saved.",
                n,
            )
            % {"code": sheet.objective.code, "n": n}
        ),
        done=done,
    )


def _check_write(request: HttpRequest, review: Review, action: Action, obj: Any = None) -> None:
    """A POST is refused (403) to members without the right, and on a review not open."""
    if not can(request.user, action, review.mission, obj):
        raise PermissionDenied(_("Your role does not let you change these assessments."))
    if review.status != ReviewStatus.OPEN:
        raise ReviewLocked(review)


def _flat(entries: dict[str, Any] | list[Entry]) -> list[Entry]:
    values = entries.values() if isinstance(entries, dict) else entries
    return [e for value in values for e in (value if isinstance(value, list) else [value])]


def _has_conflict(entries: dict[str, Any] | list[Entry]) -> bool:
    return any(entry.conflict for entry in _flat(entries))


def _has_errors(entries: dict[str, Any] | list[Entry]) -> bool:
    return any(e.form is not None and e.form.is_bound and e.form.errors for e in _flat(entries))


# Exit conditions --------------------------------------------------------------------------


@login_required
def assess_exit_conditions(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """The chief of staff re-assesses each exit condition of the end state in force."""
    mission = get_mission_for_user(request.user, acronym)
    review = get_review(mission, pk)
    rows = exit_condition_sheet(review)
    may_assess = can(request.user, Action.ASSESS_OBJECTIVE, mission)

    def entries_for(writable: bool) -> list[Entry]:
        data = request.POST if writable and request.method == "POST" else None
        return [
            Entry(
                row,
                ExitConditionAssessmentForm(
                    data, prefix=f"x{row.condition.pk}", mission=mission, record=row.assessment
                )
                if writable
                else None,
                _writes(
                    assess_exit_condition,
                    review=review,
                    exit_condition=row.condition,
                    by=request.user,
                ),
            )
            for row in rows
        ]

    def render_page(
        entries: list[Entry] | None = None, *, refusal: str = "", status: int = 200
    ) -> HttpResponse:
        entries = entries if entries is not None else entries_for(False)
        context = _page_context(
            request,
            mission,
            review,
            entries,
            entries=entries,
            may_assess=may_assess,
            writable=any(entry.form is not None for entry in entries),
            refusal=refusal,
        )
        return render(request, "reviews/assess_exit_conditions.html", context, status=status)

    return _page(
        request,
        render_page,
        check=lambda: _check_write(request, review, Action.ASSESS_OBJECTIVE),
        build=lambda: entries_for(may_assess and review.status == ReviewStatus.OPEN),
        saved_message=lambda n: (
            ngettext("%(n)s exit condition assessed.", "%(n)s exit conditions assessed.", n)
            % {"n": n}
        ),
        done=lambda: redirect("reviews:assess_exit_conditions", mission.acronym, review.pk),
    )


# Contributions ----------------------------------------------------------------------------

CONTRIBUTION_PREFIX = re.compile(r"^c(\d+)-")


@dataclass
class GroupEntries:
    group: ComponentGroup
    entries: list[Entry]

    @property
    def writable(self) -> bool:
        return any(entry.form is not None for entry in self.entries)


@login_required
def assess_contributions(request: HttpRequest, acronym: str, pk: int) -> HttpResponse:
    """A component lead assesses their own component's contributions; the others (the chief
    of staff included) read every component's assessments."""
    mission = get_mission_for_user(request.user, acronym)
    review = get_review(mission, pk)
    groups = contribution_sheet(review, request.user)
    own = [group for group in groups if group.editable]

    def build(writable: bool) -> list[GroupEntries]:
        data = request.POST if writable and request.method == "POST" else None
        built = []
        for group in groups:
            entries = [
                Entry(
                    row,
                    ContributionAssessmentForm(
                        data,
                        prefix=f"c{row.contribution.pk}",
                        mission=mission,
                        record=row.assessment,
                    )
                    if writable and group.editable
                    else None,
                    _writes(
                        assess_contribution,
                        review=review,
                        contribution=row.contribution,
                        by=request.user,
                    ),
                )
                for row in group.rows
            ]
            built.append(GroupEntries(group, entries))
        return built

    def render_page(
        built: list[GroupEntries] | None = None, *, refusal: str = "", status: int = 200
    ) -> HttpResponse:
        built = built if built is not None else build(False)
        context = _page_context(
            request,
            mission,
            review,
            _group_entries(built),
            groups=built,
            own=own,
            is_lead=getattr(seat(request.user, mission), "role", "") == Role.COMPONENT_LEAD,
            writable=any(item.writable for item in built),
            refusal=refusal,
        )
        return render(request, "reviews/assess_contributions.html", context, status=status)

    return _page(
        request,
        render_page,
        check=lambda: _check_contribution_post(request, review, own),
        build=lambda: build(bool(own) and review.status == ReviewStatus.OPEN),
        entries_of=_group_entries,
        saved_message=lambda n: (
            ngettext("%(n)s contribution assessed.", "%(n)s contributions assessed.", n) % {"n": n}
        ),
        done=lambda: redirect("reviews:assess_contributions", mission.acronym, review.pk),
    )


def _group_entries(built: list[GroupEntries]) -> list[Entry]:
    return [entry for item in built for entry in item.entries]


def _check_contribution_post(
    request: HttpRequest, review: Review, own: list[ComponentGroup]
) -> None:
    """Only a lead posts, only about their own component's contributions, only while the
    review is open: a row of another component in the POST refuses the whole of it."""
    allowed = {row.contribution.pk for group in own for row in group.rows}
    posted = {int(m.group(1)) for key in request.POST if (m := CONTRIBUTION_PREFIX.match(key))}
    if not own or not posted <= allowed:
        raise PermissionDenied(
            _("Only a component's lead assesses its contributions; you may read them here.")
        )
    if review.status != ReviewStatus.OPEN:
        raise ReviewLocked(review)


urlpatterns = [
    path(
        "<int:pk>/objectives/<str:code>/",
        assess_objective_page,
        name="assess_objective",
    ),
    path("<int:pk>/exit-conditions/", assess_exit_conditions, name="assess_exit_conditions"),
    path("<int:pk>/contributions/", assess_contributions, name="assess_contributions"),
]
