"""Which reminders are due: the rules evaluated for each mission's own day.

The engine only reads. It returns candidates (recipient, rule, object, period and words);
``delivery`` claims and sends them. Each source reads all the missions at once, so a run costs
a fixed number of queries plus a few per open review close to its due date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Model, Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from core.words import Day, Lines, Said, said
from mandates.models import Mandate, ReportingObligation
from missions.models import Membership, Mission
from missions.need_to_know import readable_among, remember_reading_sets
from notifications.services import week_of
from reviews.models import Review, ReviewStatus
from reviews.reminders.rules import RULES, Audience, Rule
from reviews.selectors.completeness import Completeness, completeness
from strategies.models import ExitCondition, ObjectiveStatus, StakeholderPosition

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


@dataclass(frozen=True)
class Candidate:
    """One reminder one person is due: the claim key and what to tell them."""

    rule: Rule
    mission: Mission
    recipient: AbstractBaseUser
    object_key: str
    period: str
    # Messages and values: said in the language of the moment (the email's), and kept so the
    # app says them in each reader's own.
    subject: Said
    body: Said
    link_kwargs: dict[str, Any]

    @property
    def key(self) -> tuple[int, str, str, str]:
        return (self.recipient.pk, self.rule.code, self.object_key, self.period)

    @property
    def escalation(self) -> bool:
        return self.rule.escalation


@dataclass
class Occasion:
    """A rule's object on a mission, with the date it counts from and the words' values."""

    mission: Mission
    object_key: str
    anchor: date
    link_kwargs: dict[str, Any]
    values: dict[str, Any]
    review: Review | None = None
    items: list[Said] = field(default_factory=list)
    # The record each item is about, when items name records: each recipient is told only
    # of those they may read (need to know), and nothing at all if that leaves none.
    records: list[Model] = field(default_factory=list)

    def items_for(self, user: AbstractBaseUser) -> list[Said]:
        if not self.records:
            return self.items
        readable = {id(record) for record in readable_among(user, self.records)}
        return [
            item
            for item, record in zip(self.items, self.records, strict=True)
            if id(record) in readable
        ]


def mission_days(
    missions: Iterable[Mission], *, now: datetime | None = None, today: date | None = None
) -> dict[int, date]:
    """Each mission's date: ``today`` for all if given, else ``now`` (default: this instant)
    in the mission's own time zone."""
    if today is not None:
        return {m.pk: today for m in missions}
    instant = now or timezone.now()
    return {m.pk: timezone.localdate(instant, timezone=m.zone) for m in missions}


def period_for(rule: Rule, anchor: date, today: date) -> tuple[str, int] | None:
    """The period a rule fires for on ``today`` (and the day count for its words), or None."""
    if rule.before:
        left = (anchor - today).days
        due = [offset for offset in rule.before if offset >= left]
        if left < 0 or not due:
            return None
        return f"{anchor.isoformat()}/{min(due)}d", left
    if rule.after is not None:
        past = (today - anchor).days
        return (anchor.isoformat(), past) if past >= rule.after else None
    if rule.older_than is not None:
        return week_of(today), 0
    return None


def due_reminders(
    *,
    now: datetime | None = None,
    today: date | None = None,
    missions: Iterable[Mission] | None = None,
    rules: Iterable[Rule] = RULES,
) -> list[Candidate]:
    """Every reminder due on each mission's day, one per (recipient, rule, object, period)."""
    if missions is None:
        missions = Mission.objects.exclude(status=Mission.Status.CLOSED)
    reading = Reading(list(missions), now=now, today=today)
    found: dict[tuple[int, str, str, str], Candidate] = {}
    with translation.override(settings.LANGUAGE_CODE):
        for rule in rules:
            for occasion in reading.occasions(rule):
                today_there = reading.days[occasion.mission.pk]
                timing = period_for(rule, occasion.anchor, today_there)
                if timing is None:
                    continue
                period, days = timing
                for candidate in reading.candidates(rule, occasion, period, days):
                    found.setdefault(candidate.key, candidate)
    return sorted(
        found.values(), key=lambda c: (c.mission.acronym, c.rule.code, c.object_key, c.key)
    )


class Reading:
    """What the rules look at, read once per run for all the missions."""

    def __init__(
        self, missions: list[Mission], *, now: datetime | None, today: date | None
    ) -> None:
        self.missions = {m.pk: m for m in missions}
        self.days = mission_days(missions, now=now, today=today)
        self._completeness: dict[int, Completeness] = {}

    # --- people ---

    @cached_property
    def people(self) -> dict[int, dict[str, list[AbstractBaseUser]]]:
        """Active members by mission and role."""
        found: dict[int, dict[str, list[AbstractBaseUser]]] = defaultdict(lambda: defaultdict(list))
        for membership in Membership.objects.filter(
            mission_id__in=self.missions, user__is_active=True
        ).select_related("user"):
            found[membership.mission_id][membership.role].append(membership.user)
        # What each may read is asked per person and record: their missions, read at once.
        remember_reading_sets(
            u for by_role in found.values() for us in by_role.values() for u in us
        )
        return found

    def audience(
        self, who: Audience, occasion: Occasion
    ) -> Iterator[tuple[AbstractBaseUser, dict[str, Any]]]:
        """The people ``who`` names for this occasion, each with values for their words."""
        mission_id = occasion.mission.pk
        if who == Audience.PARTICIPANTS:
            for user in occasion.review.participants.all():
                if user.is_active:
                    yield user, {}
        elif who == Audience.LEADS_WITH_GAPS:
            for gap in self.completeness(occasion.review).gaps:
                for lead in gap.leads:
                    missing = readable_among(lead, gap.missing) if lead.is_active else []
                    if missing:
                        items = [f"{c.objective.code} {c.objective.title}" for c in missing]
                        yield lead, {"component": gap.component.name, "items": Lines(items)}
        elif who == Audience.CHIEF_IF_UNRATED:
            unrated = self.completeness(occasion.review).unrated_objectives
            for chief in self.people[mission_id][Audience.CHIEF_OF_STAFF]:
                readable = readable_among(chief, unrated)
                if readable:
                    yield chief, {"items": Lines([f"{o.code} {o.title}" for o in readable])}
        else:
            for user in self.people[mission_id][who]:
                yield user, {}

    def completeness(self, review: Review) -> Completeness:
        if review.pk not in self._completeness:
            self._completeness[review.pk] = completeness(review)
        return self._completeness[review.pk]

    def candidates(
        self, rule: Rule, occasion: Occasion, period: str, days: int
    ) -> Iterator[Candidate]:
        values = {
            "mission": occasion.mission.acronym,
            "days": days,
            "date": Day(occasion.anchor),
            **occasion.values,
        }
        for who in rule.audience:
            for user, own in self.audience(who, occasion):
                items = occasion.items_for(user)
                if occasion.items and not items:
                    continue  # all it would say is hidden from them
                words = {**values, "items": Lines(items), "count": len(items), **own}
                subject = said(rule.subject, rule.number, **words)
                body = said(rule.body, rule.number, **words)
                yield Candidate(
                    rule=rule,
                    mission=occasion.mission,
                    recipient=user,
                    object_key=occasion.object_key,
                    period=period,
                    subject=subject,
                    body=body,
                    link_kwargs=occasion.link_kwargs,
                )

    # --- objects ---

    def occasions(self, rule: Rule) -> Iterable[Occasion]:
        return getattr(self, f"_{rule.about.value}")(rule)

    @cached_property
    def reviews(self) -> list[Review]:
        """Reviews not yet signed off, with their participants."""
        return list(
            Review.objects.filter(mission_id__in=self.missions)
            .exclude(status=ReviewStatus.SIGNED_OFF)
            .prefetch_related(Prefetch("participants"))
            .order_by("mission_id", "period_start")
        )

    def _review_occasion(self, review: Review, anchor: date) -> Occasion:
        mission = self.missions[review.mission_id]
        review.mission = mission
        return Occasion(
            mission=mission,
            object_key=f"review:{review.pk}",
            anchor=anchor,
            link_kwargs={"acronym": mission.acronym, "pk": review.pk},
            values={
                "period": period_words(review.period_start, review.period_end),
                "due": Day(review.due_on),
            },
            review=review,
        )

    def _review_opening(self, rule: Rule) -> Iterator[Occasion]:
        for review in self.reviews:
            if review.status == ReviewStatus.PLANNED and review.opens_on:
                yield self._review_occasion(review, review.opens_on)

    def _review_due(self, rule: Rule) -> Iterator[Occasion]:
        for review in self.reviews:
            if review.status == ReviewStatus.OPEN:
                yield self._review_occasion(review, review.due_on)

    def _review_overdue(self, rule: Rule) -> Iterator[Occasion]:
        for review in self.reviews:
            if review.status in (ReviewStatus.PLANNED, ReviewStatus.OPEN):
                yield self._review_occasion(review, review.due_on)

    def _review_concluded(self, rule: Rule) -> Iterator[Occasion]:
        for review in self.reviews:
            if review.status == ReviewStatus.CONCLUDED and review.concluded_at:
                zone = self.missions[review.mission_id].zone
                concluded_on = timezone.localdate(review.concluded_at, timezone=zone)
                yield self._review_occasion(review, concluded_on)

    def _mandate_expiry(self, rule: Rule) -> Iterator[Occasion]:
        latest = (
            Mandate.objects.filter(mission_id__in=self.missions)
            .order_by("mission_id", "-adopted_on", "-pk")
            .distinct("mission_id")
        )
        for mandate in latest:
            if mandate.expires_on is None:
                continue
            mission = self.missions[mandate.mission_id]
            yield Occasion(
                mission=mission,
                object_key=f"mandate:{mandate.pk}",
                anchor=mandate.expires_on,
                link_kwargs={"acronym": mission.acronym},
                values={"mandate": mandate.symbol},
            )

    def _report_due(self, rule: Rule) -> Iterator[Occasion]:
        if not self.days:
            return
        horizon = max(rule.before)
        pending = (
            ReportingObligation.objects.filter(
                mandate__mission_id__in=self.missions,
                submitted_on__isnull=True,
                due_on__gte=min(self.days.values()),
                due_on__lte=max(self.days.values()) + timedelta(days=horizon),
            )
            .select_related("mandate")
            .order_by("due_on", "pk")
        )
        for obligation in pending:
            mission = self.missions[obligation.mandate.mission_id]
            paragraph = (
                said(gettext_lazy("OP %(ref)s"), ref=obligation.reference)
                if obligation.reference
                else "—"
            )
            yield Occasion(
                mission=mission,
                object_key=f"obligation:{obligation.pk}",
                anchor=obligation.due_on,
                link_kwargs={"acronym": mission.acronym, "obligation_pk": obligation.pk},
                values={
                    "report": obligation.short_label,
                    "mandate": obligation.mandate.symbol,
                    "paragraph": paragraph,
                },
            )

    def _stale_positions(self, rule: Rule) -> Iterator[Occasion]:
        latest = (
            StakeholderPosition.objects.filter(
                stakeholder__mission_id__in=self.missions,
                objective__status=ObjectiveStatus.ACTIVE,
            )
            .select_related("stakeholder", "objective")
            .order_by("stakeholder_id", "objective_id", "-as_of")
            .distinct("stakeholder_id", "objective_id")
        )
        stale: dict[int, list[StakeholderPosition]] = defaultdict(list)
        for position in latest:
            mission_id = position.stakeholder.mission_id
            if position.as_of < self.days[mission_id] - timedelta(days=rule.older_than):
                stale[mission_id].append(position)
        for mission_id, positions in stale.items():
            positions.sort(key=lambda p: (p.as_of, p.stakeholder.name.lower(), p.objective.code))
            yield self._stale_occasion(
                mission_id,
                positions,
                [
                    said(
                        gettext_lazy(
                            "%(stakeholder)s on %(objective)s: %(stance)s, as of %(date)s"
                        ),
                        stakeholder=p.stakeholder.name,
                        objective=p.objective.code,
                        stance=said(StakeholderPosition.Stance(p.stance).label),
                        date=Day(p.as_of),
                    )
                    for p in positions
                ],
            )

    def _stale_exit_conditions(self, rule: Rule) -> Iterator[Occasion]:
        conditions = ExitCondition.objects.filter(
            end_state__mission_id__in=self.missions, end_state__superseded_on__isnull=True
        ).select_related("end_state")
        stale: dict[int, list[ExitCondition]] = defaultdict(list)
        for condition in conditions:
            mission_id = condition.end_state.mission_id
            limit = self.days[mission_id] - timedelta(days=rule.older_than)
            # Never assessed counts as stale: there is no evidence to go on at all.
            if condition.last_assessed_on is None or condition.last_assessed_on < limit:
                stale[mission_id].append(condition)
        for mission_id, found in stale.items():
            found.sort(key=lambda c: (c.last_assessed_on or date.min, c.pk))
            yield self._stale_occasion(
                mission_id,
                found,
                [
                    said(
                        gettext_lazy("%(condition)s (last assessed %(date)s)"),
                        condition=str(c),
                        date=Day(c.last_assessed_on)
                        if c.last_assessed_on
                        else said(gettext_lazy("never")),
                    )
                    for c in found
                ],
            )

    def _stale_occasion(self, mission_id: int, records: list[Model], items: list[str]) -> Occasion:
        mission = self.missions[mission_id]
        return Occasion(
            mission=mission,
            object_key=f"mission:{mission.pk}",
            anchor=self.days[mission_id],
            link_kwargs={"acronym": mission.acronym},
            values={},
            items=items,
            records=records,
        )


def period_words(start: date, end: date) -> Said:
    return said(
        gettext_lazy("%(start)s to %(end)s"), start=Day(start, "MONTH_DAY_FORMAT"), end=Day(end)
    )
