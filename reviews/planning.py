"""Planning reviews ahead: each mission's periods, from its cadence, in its time zone.

Periods are aligned to the calendar (a quarterly cadence gives January to March, April to
June...), so every mission's reviews fall on the same quarters and HQ compares like with like.
A review opens two weeks before its period ends and is due two weeks after.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction

from missions.models import Mission
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


def period_containing(day: date, months: int) -> Period:
    """The review period of ``months`` months that contains ``day``."""
    index = day.year * 12 + day.month - 1
    first = index - index % months
    last = first + months - 1
    start = date(first // 12, first % 12 + 1, 1)
    end_year, end_month = last // 12, last % 12 + 1
    end = date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    return Period(start, end)


def periods_to_plan(mission: Mission, today: date | None = None) -> list[Period]:
    """The period under way at the mission and the one after it."""
    current = period_containing(today or mission.today(), mission.review_cadence_months)
    return [current, current.following(mission.review_cadence_months)]


def plan_reviews(*, today: date | None = None, missions: Iterable[Mission] | None = None) -> int:
    """Create the planned reviews each active mission lacks; returns how many were created.

    Idempotent and safe to run concurrently: the (mission, period start) unique constraint
    decides, and a review that exists in any state is left as it is. ``today`` (for tests and
    commands) replaces each mission's own today.
    """
    if missions is None:
        missions = Mission.objects.filter(status=Mission.Status.ACTIVE)
    missions = list(missions)
    existing = set(
        Review.objects.filter(mission__in=missions).values_list("mission_id", "period_start")
    )
    previous = _last_participants([m.pk for m in missions])
    created = 0
    for mission in missions:
        for period in periods_to_plan(mission, today):
            if (mission.pk, period.start) in existing:
                continue
            if _create(mission, period, previous.get(mission.pk, [])):
                created += 1
    return created


def _create(mission: Mission, period: Period, participants: list[int]) -> bool:
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
        return False  # planned meanwhile by another run
    return True


def _last_participants(mission_ids: list[int]) -> dict[int, list[int]]:
    """Each mission's most recently opened review's participants: the next review's default."""
    latest: dict[int, int] = {}
    for review_id, mission_id in (
        Review.objects.filter(mission_id__in=mission_ids, opened_at__isnull=False)
        .order_by("mission_id", "-opened_at")
        .distinct("mission_id")
        .values_list("pk", "mission_id")
    ):
        latest[review_id] = mission_id
    found: dict[int, list[int]] = {}
    through = Review.participants.through
    for review_id, user_id in through.objects.filter(review_id__in=latest).values_list(
        "review_id", "user_id"
    ):
        found.setdefault(latest[review_id], []).append(user_id)
    return found
