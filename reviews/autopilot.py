"""The autopilot detector: is a mission's strategy written once and never revisited?

The policy note warns of missions "on autopilot". A mission is flagged by each rule below
that holds; the rules read the data, nothing is stored. ``autopilot_flags`` answers for any
number of missions in two queries, so the mission overview and
the HQ portfolio ask the same question the same way.

The rules (``RULES``, in the order flags are shown):

``review_overdue``
    A planned or open review whose due date has passed at the mission (its ``due_on`` is
    before the mission's today, in its time zone). One flag per mission, for the oldest.
``quiet_reviews``
    The last N concluded or signed-off reviews (N = ``settings.AUTOPILOT_QUIET_REVIEWS``,
    by period) changed nothing: there are at least N of them, none recorded a decision other
    than "keep", and every objective rated in any of them got the same progress rating in
    each of them (an objective rated in one and not in another counts as a change). A mission
    with fewer than N concluded reviews is not judged by this rule.
``no_recent_version``
    No strategy version approved in the last ``settings.AUTOPILOT_VERSION_MONTHS`` months
    (the last approval, as a date at the mission, on or before today minus that many months).
    A mission that never approved one is flagged once it was established that long ago.
``broken_assumption_undecided``
    An assumption of an active objective is rated broken (its live ``rating``) and no
    decision on that objective was recorded at or after the moment the rating changed
    (``Assumption.rated_at``, set by the database).
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Concat, JSONObject, RowNumber
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import compiled
from missions.models import Mission
from reviews.models import Decision, DecisionKind, ObjectiveAssessment, Review, ReviewStatus
from strategies.models import Assumption, AssumptionRating, ObjectiveStatus, StrategyVersion

PENDING = (ReviewStatus.PLANNED, ReviewStatus.OPEN)
CONCLUDED = (ReviewStatus.CONCLUDED, ReviewStatus.SIGNED_OFF)


@dataclass(frozen=True)
class Flag:
    """One reason a mission looks on autopilot, and where it is dealt with."""

    code: str
    message: str
    detail: str = ""
    since: date | None = None
    url: str | None = None
    action: str = ""


@dataclass(frozen=True)
class BrokenAssumption:
    code: str
    statement: str
    rated_at: datetime | None


@dataclass
class Facts:
    """Everything the rules read, fetched once for all the missions asked about."""

    today: dict[int, date]
    pending: dict[int, list[Review]] = field(default_factory=dict)
    recent: dict[int, list[Review]] = field(default_factory=dict)
    changing_reviews: set[int] = field(default_factory=set)
    ratings: dict[int, dict[int, str]] = field(default_factory=dict)
    last_version: dict[int, tuple[int, datetime]] = field(default_factory=dict)
    broken: dict[int, list[BrokenAssumption]] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    code: str
    check: Callable[[Mission, Facts], Flag | None]


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day if shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _url(name: str, **kwargs: Any) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _review_url(review: Review, acronym: str) -> str | None:
    return _url("reviews:detail", acronym=acronym, pk=review.pk)


def _day(value: date) -> str:
    return formats.date_format(value)


def _next_review_url(mission: Mission, facts: Facts) -> str | None:
    """Where a decision can be taken: the mission's earliest planned or open review."""
    pending = facts.pending.get(mission.pk)
    url = _review_url(pending[0], mission.acronym) if pending else None
    return url or _url("reviews:trends", acronym=mission.acronym)


def _next_review_action(mission: Mission, facts: Facts) -> str:
    if facts.pending.get(mission.pk):
        return _("Decide in the next review")
    return _("See the rating trends")


# Rules -------------------------------------------------------------------------------------


def review_overdue(mission: Mission, facts: Facts) -> Flag | None:
    today = facts.today[mission.pk]
    late = [r for r in facts.pending.get(mission.pk, []) if r.due_on < today]
    if not late:
        return None
    review = late[0]
    days = (today - review.due_on).days
    return Flag(
        code="review_overdue",
        message=ngettext("Review overdue by %(days)d day", "Review overdue by %(days)d days", days)
        % {"days": days},
        detail=_("%(review)s was due on %(due)s and is still %(status)s.")
        % {
            "review": review.label,
            "due": _day(review.due_on),
            "status": review.get_status_display().lower(),
        },
        since=review.due_on,
        url=_review_url(review, mission.acronym),
        action=_("Go to the review"),
    )


def quiet_reviews(mission: Mission, facts: Facts) -> Flag | None:
    wanted = settings.AUTOPILOT_QUIET_REVIEWS
    recent = facts.recent.get(mission.pk, [])
    if wanted < 1 or len(recent) < wanted:
        return None
    if any(r.pk in facts.changing_reviews for r in recent):
        return None
    ratings = [facts.ratings.get(r.pk, {}) for r in recent]
    if any(rated != ratings[0] for rated in ratings[1:]):
        return None
    oldest = recent[-1]
    return Flag(
        code="quiet_reviews",
        message=ngettext(
            "The last review changed nothing",
            "The last %(n)d reviews changed nothing",
            wanted,
        )
        % {"n": wanted},
        detail=_(
            "Only decisions to keep objectives, and every objective rated the same, in: "
            "%(reviews)s."
        )
        % {"reviews": "; ".join(str(r.label) for r in reversed(recent))},
        since=oldest.period_end,
        url=_next_review_url(mission, facts),
        action=_next_review_action(mission, facts),
    )


def no_recent_version(mission: Mission, facts: Facts) -> Flag | None:
    months = settings.AUTOPILOT_VERSION_MONTHS
    today = facts.today[mission.pk]
    cutoff = months_before(today, months)
    url = _url("strategies:versions", acronym=mission.acronym)
    last = facts.last_version.get(mission.pk)
    if last is None:
        if mission.established_on > cutoff:
            return None
        return Flag(
            code="no_recent_version",
            message=_("No strategy version approved yet"),
            detail=_("The mission was established on %(day)s; no strategy was ever approved.")
            % {"day": _day(mission.established_on)},
            since=None,
            url=url,
            action=_("Strategy versions"),
        )
    number, approved_at = last
    approved_on = timezone.localtime(approved_at, mission.zone).date()
    if approved_on > cutoff:
        return None
    return Flag(
        code="no_recent_version",
        message=ngettext(
            "No strategy version approved in %(months)d month",
            "No strategy version approved in %(months)d months",
            months,
        )
        % {"months": months},
        detail=_("The last, version %(number)d, was approved on %(day)s.")
        % {"number": number, "day": _day(approved_on)},
        since=approved_on,
        url=url,
        action=_("Strategy versions"),
    )


def broken_assumption_undecided(mission: Mission, facts: Facts) -> Flag | None:
    broken = facts.broken.get(mission.pk)
    if not broken:
        return None
    first = min((a.rated_at for a in broken if a.rated_at), default=None)
    return Flag(
        code="broken_assumption_undecided",
        message=ngettext(
            "%(n)d broken assumption with no decision taken",
            "%(n)d broken assumptions with no decision taken",
            len(broken),
        )
        % {"n": len(broken)},
        detail="; ".join(f"{a.code}: {Truncator(a.statement).chars(90)}" for a in broken),
        since=timezone.localtime(first, mission.zone).date() if first else None,
        url=_next_review_url(mission, facts),
        action=_next_review_action(mission, facts),
    )


RULES: tuple[Rule, ...] = (
    Rule("review_overdue", review_overdue),
    Rule("quiet_reviews", quiet_reviews),
    Rule("no_recent_version", no_recent_version),
    Rule("broken_assumption_undecided", broken_assumption_undecided),
)


# Reading the facts -------------------------------------------------------------------------


def gather_facts(missions: list[Mission], today: date | None = None) -> Facts:
    """The facts for ``missions`` in two queries, whatever their number.

    One over the missions' reviews: the earliest-due planned or open ones (``pending``, by
    due date) and the last concluded ones (``recent``, newest first, at least the last one
    whatever N is), each with whether it decided a change and its ratings. One over the
    missions: the last approved version and the broken assumptions awaiting a decision.
    """
    ids = [m.pk for m in missions]
    facts = Facts(today={m.pk: today or m.today() for m in missions})
    if not ids:
        return facts
    quiet = max(settings.AUTOPILOT_QUIET_REVIEWS, 1)
    reviews = compiled.instances(
        Review, ("autopilot", tuple(ids), quiet), lambda: _reviews_query(ids, quiet)
    )
    for review in reviews:
        if review.pending:
            facts.pending.setdefault(review.mission_id, []).append(review)
            continue
        facts.recent.setdefault(review.mission_id, []).append(review)
        if review.has_change:
            facts.changing_reviews.add(review.pk)
        facts.ratings[review.pk] = {
            int(objective_id): progress
            for objective_id, progress in (pair.split(":", 1) for pair in review.rating_pairs)
        }

    for mission_id, number, approved_at, items in compiled.rows(
        ("autopilot", tuple(ids)), lambda: _missions_query(ids)
    ):
        if number is not None:
            facts.last_version[mission_id] = (number, approved_at)
        if items:
            facts.broken[mission_id] = [
                BrokenAssumption(
                    item["code"],
                    item["statement"],
                    datetime.fromisoformat(item["at"]) if item["at"] else None,
                )
                for item in map(_json, items)
            ]
    return facts


def _reviews_query(ids: list[int], quiet: int) -> QuerySet[Review]:
    """The missions' earliest-due pending reviews and their last ``quiet`` concluded ones."""
    is_pending = Case(When(status__in=PENDING, then=Value(True)), default=Value(False))
    changes = Decision.objects.filter(review=OuterRef("pk")).exclude(kind=DecisionKind.KEEP)
    ratings = ObjectiveAssessment.objects.filter(review=OuterRef("pk")).values(
        pair=Concat(Cast("objective_id", CharField()), Value(":"), "progress")
    )
    return (
        Review.objects.filter(mission_id__in=ids, status__in=PENDING + CONCLUDED)
        .annotate(
            pending=is_pending,
            rank=Window(
                RowNumber(),
                partition_by=[F("mission_id"), is_pending],
                # Pending: earliest due first. Concluded (no due key): latest period first.
                order_by=[
                    Case(When(status__in=PENDING, then=F("due_on"))).asc(nulls_last=True),
                    F("period_start").desc(),
                ],
            ),
            has_change=Exists(changes),
            rating_pairs=ArraySubquery(ratings),
        )
        .filter(rank__lte=quiet)
        .order_by("mission_id", "rank")
    )


def _missions_query(ids: list[int]) -> QuerySet:
    """Per mission: its last approved version and the broken assumptions awaiting a decision."""
    latest = StrategyVersion.objects.filter(mission=OuterRef("pk")).order_by("-approved_at")
    decided_since = Decision.objects.filter(
        objective_id=OuterRef("objective_id"), created_at__gte=OuterRef("rated_at")
    )
    broken = (
        Assumption.objects.filter(
            objective__mission=OuterRef("pk"),
            objective__status=ObjectiveStatus.ACTIVE,
            rating=AssumptionRating.BROKEN,
        )
        .filter(~Exists(decided_since))
        .order_by("objective__code", "pk")
        .values(item=JSONObject(code="objective__code", statement="statement", at="rated_at"))
    )
    return (
        Mission.objects.filter(pk__in=ids)
        .annotate(
            version_number=Subquery(latest.values("number")[:1]),
            version_at=Subquery(latest.values("approved_at")[:1]),
            broken=ArraySubquery(broken),
        )
        .values_list("pk", "version_number", "version_at", "broken")
    )


def _json(item: str | dict) -> dict:
    """A JSON value read with a plain cursor comes as text (Django leaves jsonb unparsed)."""
    return json.loads(item) if isinstance(item, str) else item


def autopilot_flags(
    missions: Iterable[Mission], today: date | None = None, facts: Facts | None = None
) -> dict[int, list[Flag]]:
    """Each mission's flags by mission id (an empty list: not on autopilot).

    ``today`` (for tests and commands) replaces each mission's own today. ``facts`` lets a
    caller that read them already for its own use (the portfolio) pass them in.
    """
    missions = list(missions)
    facts = facts or gather_facts(missions, today)
    return {
        mission.pk: [flag for rule in RULES if (flag := rule.check(mission, facts)) is not None]
        for mission in missions
    }
