"""Planning reviews ahead: each mission's periods, from its cadence, in its time zone.

Periods are aligned to the calendar (a quarterly cadence gives January to March, April to
June...), so every mission's reviews fall on the same quarters and HQ compares like with like.
A review opens two weeks before its period ends and is due two weeks after.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from missions.models import Membership, Mission
from reviews.models import Review


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def opens_on(self) -> date:
        return self.end - timedelta(days=settings.REVIEW_OPENS_BEFORE_END_DAYS)

    @property
    def due_on(self) -> date:
        return self.end + timedelta(days=settings.REVIEW_DUE_AFTER_END_DAYS)

    def following(self, months: int) -> Period:
        return period_containing(self.end + timedelta(days=1), months)

    def preceding(self, months: int) -> Period:
        return period_containing(self.start - timedelta(days=1), months)

    def overlaps(self, start: date, end: date) -> bool:
        return self.start <= end and start <= self.end


def period_containing(day: date, months: int) -> Period:
    """The review period of ``months`` months that contains ``day``."""
    index = day.year * 12 + day.month - 1
    first = index - index % months
    last = first + months - 1
    start = date(first // 12, first % 12 + 1, 1)
    end_year, end_month = last // 12, last % 12 + 1
    end = date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    return Period(start, end)


def mission_today(mission: Mission, now: datetime | None = None) -> date:
    """The date at the mission at ``now`` (default: this moment): periods turn at its midnight."""
    if now is None:
        return mission.today()
    return timezone.localtime(now, mission.zone).date()


def periods_to_plan(mission: Mission, today: date | None = None) -> list[Period]:
    """The period under way at the mission and the one after it."""
    current = period_containing(today or mission.today(), mission.review_cadence_months)
    return [current, current.following(mission.review_cadence_months)]


def plannable_missions() -> Iterable[Mission]:
    """Missions still running: a mission drawing down reviews its strategy too; a closed one
    does not."""
    return Mission.objects.exclude(status=Mission.Status.CLOSED)


def create_planned_reviews(
    *,
    today: date | None = None,
    now: datetime | None = None,
    missions: Iterable[Mission] | None = None,
) -> list[Review]:
    """Create the planned reviews each running mission lacks; returns the reviews created.

    Idempotent and safe to run concurrently: the (mission, period start) unique constraint
    decides, and a review that exists in any state is left as it is. A period is also skipped
    when an existing review overlaps it (the cadence changed since it was planned), so a
    mission never has two reviews covering the same days. ``today`` (for commands) replaces
    each mission's own today; ``now`` is the moment whose date at each mission is its today.
    """
    missions = list(plannable_missions() if missions is None else missions)
    existing: dict[int, list[tuple[date, date]]] = {}
    for mission_id, start, end in Review.objects.filter(mission__in=missions).values_list(
        "mission_id", "period_start", "period_end"
    ):
        existing.setdefault(mission_id, []).append((start, end))
    previous = _last_participants([m.pk for m in missions])
    created: list[Review] = []
    for mission in missions:
        day = today or mission_today(mission, now)
        for period in periods_to_plan(mission, day):
            if any(period.overlaps(s, e) for s, e in existing.get(mission.pk, [])):
                continue
            review = _create(mission, period, previous.get(mission.pk, []))
            if review is not None:
                created.append(review)
                existing.setdefault(mission.pk, []).append((period.start, period.end))
    return created


def plan_reviews(
    *,
    today: date | None = None,
    now: datetime | None = None,
    missions: Iterable[Mission] | None = None,
) -> int:
    """How many reviews :func:`create_planned_reviews` created (the periodic task's result)."""
    return len(create_planned_reviews(today=today, now=now, missions=missions))


def _create(mission: Mission, period: Period, participants: list[int]) -> Review | None:
    try:
        with transaction.atomic():
            review = Review.objects.create(
                mission=mission,
                period_start=period.start,
                period_end=period.end,
                opens_on=period.opens_on,
                due_on=period.due_on,
            )
            review.participants.set(participants)
    except IntegrityError:
        return None  # planned meanwhile by another run
    return review


def _last_participants(mission_ids: list[int]) -> dict[int, list[int]]:
    """Each mission's most recently opened review's participants who still hold a role in it:
    the next review's default."""
    latest: dict[int, int] = {}
    for review_id, mission_id in (
        Review.objects.filter(mission_id__in=mission_ids, opened_at__isnull=False)
        .order_by("mission_id", "-opened_at")
        .distinct("mission_id")
        .values_list("pk", "mission_id")
    ):
        latest[review_id] = mission_id
    members = set(
        Membership.objects.filter(mission_id__in=mission_ids).values_list("mission_id", "user_id")
    )
    found: dict[int, list[int]] = {}
    through = Review.participants.through
    for review_id, user_id in through.objects.filter(review_id__in=latest).values_list(
        "review_id", "user_id"
    ):
        mission_id = latest[review_id]
        if (mission_id, user_id) in members:
            found.setdefault(mission_id, []).append(user_id)
    return found
