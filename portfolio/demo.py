"""Illustrative demo content: one full mission strategy and three lighter missions.

Everything is fictional (Kalvaria, the Varo Basin, Dorrah, Serrania), modelled on how the
Security Council writes mandates and how missions write political strategies. The story lives in
``portfolio/demo_data/`` (one YAML file per mission, read by ``portfolio.demo_loader``); this
module writes it. Dates are relative to ``today`` so the findings panel shows real gaps whenever
the demo is seeded, and every row is keyed on a natural key so seeding again never duplicates.

Once a demo mission exists it is its users' record: seeding again creates only what is missing
(a demo mission or login not there yet) and changes nothing that exists. Restoring the scripted
story (stakeholder position histories, each mission's reviews, the versions approved after them)
is an explicit ``reset``.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pghistory
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from benchmarks.marker_services import follow_values
from benchmarks.models import MarkerMeasure, MarkerValue
from mandates.models import Mandate, MandatedTask, ReportingObligation
from mandates.reporting import ReportingRequest, due_dates
from missions.models import Component, EndState, Membership, Mission, Stakeholder
from portfolio.demo_loader import (
    DEMO_ACRONYMS,
    ComponentSpec,
    DriverSpec,
    HandoverSpec,
    MandateSpec,
    MissionSpec,
    ObjectiveSpec,
    PositionSpec,
    ReviewSpec,
    SeriesSpec,
    StakeholderSpec,
    UserSpec,
    demo_missions,
    demo_users,
)
from reviews.models import (
    AssumptionAssessment,
    ContributionAssessment,
    Decision,
    ExitConditionAssessment,
    MarkerReading,
    ObjectiveAssessment,
    Review,
    ReviewReopening,
)
from reviews.planning import Period, period_containing
from strategies.models import (
    Assumption,
    ConflictDriver,
    Contribution,
    DriverObjective,
    ExitCondition,
    Objective,
    ProgressMarker,
    Risk,
    StakeholderPosition,
    StrategyVersion,
    TaskAlignment,
)
from strategies.selectors.versions import strategy_snapshot
from transition.models import Handover, HandoverStatus

DEMO_PASSWORD = "demo"


def _long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


class _Seeder:
    """Writes the demo with natural-key upserts, saving only what differs.

    Without ``reset`` an existing row is left exactly as it is (people may have edited it).
    """

    def __init__(self, today: date, *, reset: bool = False) -> None:
        self.today = today
        self.reset = reset
        self.created: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()
        self.users: dict[str, Any] = {}

    def days_ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def upsert(
        self, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
    ) -> Any:
        """``update_or_create`` that writes nothing when nothing changed (no history event)."""
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            # Lookups such as ``superseded_on__isnull`` select rows; they are not field values.
            fields = {k: v for k, v in lookup.items() if "__" not in k}
            obj = model._default_manager.create(**{**fields, **values})
            self.created[model._meta.label] += 1
            return obj
        if not self.reset:
            return obj
        changed = []
        for name, value in values.items():
            model_field = model._meta.get_field(name)
            if model_field.many_to_one:
                current = getattr(obj, model_field.attname)
                wanted = value.pk if value is not None else None
            else:
                current, wanted = getattr(obj, name), value
            if current != wanted:
                setattr(obj, name, value)
                changed.append(name)
        if changed:
            obj.save(update_fields=changed)
            self.updated[model._meta.label] += 1
        return obj

    # People -----------------------------------------------------------------------------------

    def user(self, spec: UserSpec) -> Any:
        label = get_user_model()._meta.label
        created_before = self.created[label]
        user = self.upsert(
            get_user_model(),
            {"username": spec.username},
            {
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": spec.email,
                "is_active": True,
                "is_staff": spec.is_superuser,
                "is_superuser": spec.is_superuser,
            },
        )
        created = self.created[label] > created_before
        # Hash only when needed: a fresh salt on every run would rewrite every user.
        if (created or self.reset) and not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            if not created:
                self.updated[label] += 1
        return user

    def memberships(self, missions: dict[str, Mission]) -> None:
        """Exactly the planned roles for demo people on the demo missions given; nothing else."""
        planned: set[tuple[int, int]] = set()
        for spec in demo_missions():
            if spec.acronym not in missions:
                continue
            mission = missions[spec.acronym]
            for member in spec.members:
                user = self.users[member.user]
                component = (
                    Component.objects.get(mission=mission, name=member.component)
                    if member.component
                    else None
                )
                self.upsert(
                    Membership,
                    {"user": user, "mission": mission},
                    {"role": member.role, "component": component},
                )
                planned.add((user.pk, mission.pk))
        extra = Membership.objects.filter(
            user__in=self.users.values(), mission__in=missions.values()
        )
        stale = [m.pk for m in extra if (m.user_id, m.mission_id) not in planned]
        if stale:
            Membership.objects.filter(pk__in=stale).delete()

    # One mission ------------------------------------------------------------------------------

    def mission(self, spec: MissionSpec) -> Mission:
        mission = self.upsert(
            Mission,
            {"acronym": spec.acronym},
            {
                "name": spec.name,
                "kind": spec.kind,
                "host_country": spec.host_country,
                "headquarters": spec.headquarters,
                "time_zone": spec.time_zone,
                "established_on": spec.established_on,
                "status": Mission.Status.ACTIVE,
                "review_cadence_months": spec.review_cadence_months,
                "is_illustrative": True,
                "default_classification": spec.default_classification,
                "classification_label": spec.classification_label,
                "hq_reads_confidential": spec.hq_reads_confidential,
                "chief_reads_strictly_confidential": spec.chief_reads_strictly_confidential,
            },
        )
        end_state = self.upsert(
            EndState,
            {"mission": mission, "superseded_on__isnull": True},
            {
                "statement": spec.end_state,
                "horizon": spec.horizon,
                "adopted_on": self.days_ago(spec.end_state_adopted_days_ago),
            },
        )
        tasks = self.mandate(mission, end_state, spec.mandate)
        objectives = self.objectives(mission, end_state, spec.objectives)
        for task_spec in spec.mandate.tasks:
            for code in task_spec.objectives:
                self.upsert(
                    TaskAlignment,
                    {"task": tasks[task_spec.reference], "objective": objectives[code]},
                    {},
                )
        self.components(mission, end_state, spec.components, objectives)
        self.stakeholders(mission, spec.stakeholders, objectives)
        for driver_spec in spec.drivers:
            driver = self.upsert(
                ConflictDriver,
                {"mission": mission, "title": driver_spec.title},
                {
                    "level": driver_spec.level,
                    "description": driver_spec.description,
                    "leverage_points": driver_spec.leverage_points,
                    "entry_points": driver_spec.entry_points,
                    **self.marking(driver_spec),
                },
            )
            for code in driver_spec.objectives:
                self.upsert(DriverObjective, {"driver": driver, "objective": objectives[code]}, {})
        for exit_spec in spec.exit_conditions:
            self.upsert(
                ExitCondition,
                {"end_state": end_state, "description": exit_spec.description},
                {
                    "kind": exit_spec.kind,
                    "status": exit_spec.status,
                    "evidence": exit_spec.evidence,
                    "last_assessed_on": self.days_ago(45) if exit_spec.evidence else None,
                },
            )
        return mission

    def mandate(
        self, mission: Mission, end_state: EndState, spec: MandateSpec
    ) -> dict[str, MandatedTask]:
        expires_on = self.today + timedelta(days=spec.expires_in_days)
        lines = [
            line.format(
                expires=_long_date(expires_on), strategic_objectives=spec.strategic_objectives
            )
            for line in spec.opening
        ]
        lines += ["    " * task.depth + f"{task.label} {task.text}" for task in spec.tasks]
        mandate = self.upsert(
            Mandate,
            {"mission": mission, "symbol": spec.symbol},
            {
                "end_state": end_state,
                "adopted_on": self.days_ago(spec.adopted_days_ago),
                "expires_on": expires_on,
                "chapter_vii": spec.chapter_vii,
                "strategic_objectives": spec.strategic_objectives,
                "preamble": spec.preamble,
                "operative_text": "\n\n".join(lines),
                "source": spec.source,
            },
        )
        self.obligations(mandate, spec)
        tasks: dict[str, MandatedTask] = {}
        for position, task in enumerate(spec.tasks, start=1):
            tasks[task.reference] = self.upsert(
                MandatedTask,
                {"mandate": mandate, "reference": task.reference},
                {
                    "parent": tasks[task.parent_reference] if task.parent_reference else None,
                    "position": position * 10,
                    "text": task.text,
                    "is_strategic_priority": task.priority,
                    "phase": task.phase,
                },
            )
        for task in spec.tasks:
            if task.handover is not None:
                self.handover(tasks[task.reference], task.handover)
        return tasks

    def handover(self, task: MandatedTask, spec: HandoverSpec) -> None:
        handed = spec.status == HandoverStatus.HANDED_OVER
        self.upsert(
            Handover,
            {"task": task},
            {
                "mission": task.mandate.mission,
                "receiver_kind": spec.to,
                "receiver": spec.receiver,
                "phase": spec.phase,
                "status": spec.status,
                "handed_over_on": self.days_ago(spec.handed_over_days_ago or 0) if handed else None,
            },
        )

    def obligations(self, mandate: Mandate, spec: MandateSpec) -> None:
        """Each report's due dates to the mandate's end; those already past were sent three
        days early, as a mission on top of its reporting would have."""
        for report in spec.reporting:
            request = ReportingRequest(
                reference=report.reference,
                kind=report.kind,
                title="",
                excerpt=report.excerpt,
                first_due=mandate.adopted_on + timedelta(days=report.first_due_after_days),
                every_months=report.every_months,
                every_days=report.every_days,
                until=mandate.expires_on,
                certain=True,
            )
            days = due_dates(request)
            if self.reset:  # dates moved with the adoption: drop those no longer due
                ReportingObligation.objects.filter(
                    mandate=mandate, reference=report.reference, added_by_hand=False
                ).exclude(due_on__in=days).delete()
            for day in days:
                self.upsert(
                    ReportingObligation,
                    {"mandate": mandate, "reference": report.reference, "due_on": day},
                    {
                        "kind": report.kind,
                        "excerpt": report.excerpt,
                        "every_days": report.every_days,
                        "every_months": report.every_months,
                        "submitted_on": day - timedelta(days=3) if day < self.today else None,
                    },
                )

    def objectives(
        self, mission: Mission, end_state: EndState, specs: tuple[ObjectiveSpec, ...]
    ) -> dict[str, Objective]:
        objectives: dict[str, Objective] = {}
        for spec in specs:
            objective = self.upsert(
                Objective,
                {"mission": mission, "code": spec.code},
                {
                    "end_state": end_state,
                    "title": spec.title,
                    "description": spec.description,
                    "levels": list(spec.levels),
                    "parent": objectives[spec.parent_code] if spec.parent_code else None,
                    "priority": spec.priority,
                    "phase": spec.phase,
                    "owner": self.users[spec.owner] if spec.owner else None,
                    "status": spec.status,
                },
            )
            objectives[spec.code] = objective
            for assumption in spec.assumptions:
                self.upsert(
                    Assumption,
                    {"objective": objective, "statement": assumption.statement},
                    {"rating": assumption.rating},
                )
            for risk in spec.risks:
                self.upsert(
                    Risk,
                    {"objective": objective, "description": risk.description},
                    {"severity": risk.severity, "mitigation": risk.mitigation},
                )
            for marker in spec.markers:
                row = self.upsert(
                    ProgressMarker,
                    {"objective": objective, "statement": marker.statement},
                    {
                        "baseline": marker.baseline,
                        "target": marker.target,
                        "latest_reading": marker.latest_reading,
                        "reading_on": self.days_ago(marker.read_days_ago),
                    },
                )
                if marker.series is not None:
                    self.series(row, marker.series)
        return objectives

    def series(self, marker: ProgressMarker, spec: SeriesSpec) -> None:
        """A measured marker: its measure and its values; its latest reading follows them."""
        mission = marker.objective.mission
        self.upsert(
            MarkerMeasure,
            {"marker": marker},
            {
                "mission": mission,
                "unit": spec.unit,
                "scale": list(spec.scale),
                "baseline": Decimal(spec.baseline) if spec.baseline else None,
                "target": Decimal(spec.target),
                "direction": spec.direction,
            },
        )
        for value in spec.values:
            self.upsert(
                MarkerValue,
                {"marker": marker, "read_on": self.days_ago(value.days_ago)},
                {"mission": mission, "value": Decimal(value.value)},
            )
        follow_values(marker)

    def components(
        self,
        mission: Mission,
        end_state: EndState,
        specs: tuple[ComponentSpec, ...],
        objectives: dict[str, Objective],
    ) -> None:
        for spec in specs:
            component = self.upsert(
                Component,
                {"mission": mission, "name": spec.name},
                {
                    "end_state": end_state,
                    "kind": spec.kind,
                    "lead_title": spec.lead_title,
                    "lead": self.users[spec.lead] if spec.lead else None,
                },
            )
            for contribution in spec.contributions:
                self.upsert(
                    Contribution,
                    {"component": component, "objective": objectives[contribution.objective]},
                    {"role": contribution.role, "narrative": contribution.narrative},
                )

    def marking(self, spec: PositionSpec | StakeholderSpec | DriverSpec) -> dict[str, Any]:
        """A record's level and its need-to-know list, by login."""
        readers = sorted(self.users[name].pk for name in spec.need_to_know)
        return {"classification": spec.classification, "named_readers": readers}

    def stakeholders(
        self,
        mission: Mission,
        specs: tuple[StakeholderSpec, ...],
        objectives: dict[str, Objective],
    ) -> None:
        for spec in specs:
            stakeholder = self.upsert(
                Stakeholder,
                {"mission": mission, "name": spec.name},
                {
                    "kind": spec.kind,
                    "level": spec.level,
                    "influence": spec.influence,
                    "notes": spec.notes,
                    **self.marking(spec),
                },
            )
            by_objective: dict[str, list[PositionSpec]] = {}
            for position in spec.positions:
                by_objective.setdefault(position.objective, []).append(position)
            for code, history in by_objective.items():
                self.position_history(stakeholder, objectives[code], history)

    def position_history(
        self, stakeholder: Stakeholder, objective: Objective, history: list[PositionSpec]
    ) -> None:
        """Match the scripted history, newest to newest, moving dates in place.

        Dates are relative to today, so a later run shifts every row the same way; updating in
        the direction of the shift keeps ``one_position_per_day`` from colliding midway.
        """
        planned = sorted(
            ((self.days_ago(p.days_ago), p) for p in history), key=lambda pair: pair[0]
        )
        existing = list(
            StakeholderPosition.objects.filter(
                stakeholder=stakeholder, objective=objective
            ).order_by("as_of")
        )
        surplus = len(existing) - len(planned)
        if surplus > 0:
            StakeholderPosition.objects.filter(pk__in=[p.pk for p in existing[:surplus]]).delete()
            existing = existing[surplus:]
        missing = planned[: len(planned) - len(existing)]
        pairs = list(zip(existing, planned[len(missing) :], strict=True))
        if pairs and pairs[0][1][0] > pairs[0][0].as_of:
            pairs.reverse()
        for row, (as_of, spec) in pairs:
            self.upsert(
                StakeholderPosition,
                {"pk": row.pk},
                {"as_of": as_of, "stance": spec.stance, "note": spec.note, **self.marking(spec)},
            )
        for as_of, spec in missing:
            self.upsert(
                StakeholderPosition,
                {"stakeholder": stakeholder, "objective": objective, "as_of": as_of},
                {"stance": spec.stance, "note": spec.note, **self.marking(spec)},
            )

    # Reviews ----------------------------------------------------------------------------------

    def at(self, mission: Mission, day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour), tzinfo=ZoneInfo(mission.time_zone))

    def delete(self, queryset: models.QuerySet) -> None:
        """Delete rows the story does not have (a change, counted as such)."""
        _count, by_model = queryset.delete()
        for label, count in by_model.items():
            self.updated[label] += count

    def reviews(self, mission: Mission, spec: MissionSpec) -> list[Review]:
        """The mission's scripted reviews and no other, on the periods ``reviews.planning``
        gives, so the planner finds them already there.

        A row already on its period keeps it; the other rows move onto the periods no row
        holds (so the one-review-per-period constraint never collides midway) and rows
        beyond the script are deleted, except reviews planned for later periods: seeding
        again restores the story.
        """
        months = spec.review_cadence_months
        current = period_containing(self.today, months)
        planned: list[tuple[Period, ReviewSpec]] = []
        for script in spec.reviews:
            period = current
            for _ in range(script.periods_ago):
                period = period.preceding(months)
            planned.append((period, script))
        existing = {r.period_start: r for r in Review.objects.filter(mission=mission)}
        wanted = {period.start for period, _ in planned}
        # Reviews the planner made for later periods are its business, not the story's.
        loose = sorted(
            (
                r
                for start, r in existing.items()
                if start not in wanted
                and not (r.status == Review.Status.PLANNED and start > current.start)
            ),
            key=lambda r: r.period_start,
        )
        free = sorted(period.start for period, _ in planned if period.start not in existing)
        surplus = loose[: max(0, len(loose) - len(free))]
        if surplus:
            self.delete(Review.objects.filter(pk__in=[r.pk for r in surplus]))
        moved = dict(zip(free, loose[len(surplus) :], strict=False))
        return [
            self.review(
                mission, period, script, existing.get(period.start) or moved.get(period.start)
            )
            for period, script in planned
        ]

    def review(
        self, mission: Mission, period: Period, script: ReviewSpec, row: Review | None
    ) -> Review:
        users = self.users
        concluded = script.status in (Review.Status.CONCLUDED, Review.Status.SIGNED_OFF)
        concluded_on = min(period.end + timedelta(days=10), self.today - timedelta(days=1))
        signed_off_at = self.at(mission, concluded_on, 17) if script.signed_off_by else None
        lookup = {"pk": row.pk} if row else {"mission": mission, "period_start": period.start}
        review = self.upsert(
            Review,
            lookup,
            {
                "period_start": period.start,
                "period_end": period.end,
                "opens_on": period.opens_on,
                "due_on": period.due_on,
                "status": script.status,
                "led_by": users[script.led_by] if script.led_by else None,
                "opened_at": (
                    self.at(mission, period.opens_on, 9)
                    if script.status != Review.Status.PLANNED
                    else None
                ),
                "concluded_at": self.at(mission, concluded_on, 11) if concluded else None,
                "signed_off_at": signed_off_at,
                "signed_off_by": users[script.signed_off_by] if script.signed_off_by else None,
                "summary": script.summary,
            },
        )
        participants = {users[name].pk for name in script.participants}
        if set(review.participants.values_list("pk", flat=True)) != participants:
            review.participants.set(participants)
            self.updated["reviews.Review.participants"] += 1
        self.review_contents(mission, review, script, signed_off_at)
        return review

    def review_contents(
        self,
        mission: Mission,
        review: Review,
        script: ReviewSpec,
        signed_off_at: datetime | None,
    ) -> None:
        """Exactly the script's ratings, strengths and decisions in the review."""
        users = self.users
        objectives = {o.code: o for o in Objective.objects.filter(mission=mission)}
        chair = users[script.led_by] if script.led_by else None
        kept = [
            self.upsert(
                ObjectiveAssessment,
                {"review": review, "objective": objectives[rating.objective]},
                {
                    "progress": rating.progress,
                    "political_environment": rating.political_environment,
                    "evidence": script.evidence,
                    "assessed_by": chair,
                },
            ).pk
            for rating in script.ratings
        ]
        self.delete(ObjectiveAssessment.objects.filter(review=review).exclude(pk__in=kept))
        kept = []
        for strength in script.strengths:
            contribution = Contribution.objects.get(
                component__mission=mission,
                component__name=strength.component,
                objective=objectives[strength.objective],
            )
            kept.append(
                self.upsert(
                    ContributionAssessment,
                    {"review": review, "contribution": contribution},
                    {
                        "strength": strength.strength,
                        "evidence": strength.evidence,
                        "assessed_by": users[strength.by],
                    },
                ).pk
            )
        self.delete(ContributionAssessment.objects.filter(review=review).exclude(pk__in=kept))
        decider = users.get(script.signed_off_by or script.led_by or "")
        kept = [
            self.upsert(
                Decision,
                {
                    "review": review,
                    "kind": decision.kind,
                    "objective": objectives[decision.objective],
                },
                {
                    "rationale": decision.rationale,
                    "details": decision.details,
                    "decided_by": decider,
                    "applied_at": signed_off_at,
                    "outcome": decision.outcome if signed_off_at else "",
                },
            ).pk
            for decision in script.decisions
        ]
        self.delete(Decision.objects.filter(review=review).exclude(pk__in=kept))
        for model in (
            AssumptionAssessment,
            MarkerReading,
            ExitConditionAssessment,
            ReviewReopening,
        ):
            self.delete(model.objects.filter(review=review))

    def versions(self, mission: Mission, spec: MissionSpec, reviews: list[Review]) -> None:
        """The scripted approved versions, dated after the last concluded review. A version
        cannot change, so one whose date moved with the calendar is made again."""
        done = [r for r in reviews if r.concluded_at]
        if not spec.versions or not done:
            return
        last = max(done, key=lambda r: r.period_start)
        reviewed_on = timezone.localtime(last.concluded_at, ZoneInfo(mission.time_zone)).date()
        for number, version in enumerate(spec.versions, start=1):
            day = min(reviewed_on + timedelta(days=version.days_after_review), self.today)
            approved_at = self.at(mission, day, 16)
            by = self.users[version.approved_by]
            row = StrategyVersion.objects.filter(mission=mission, number=number).first()
            if row and (row.approved_at, row.approved_by_id, row.note) == (
                approved_at,
                by.pk,
                version.note,
            ):
                continue
            if row:
                self.delete(StrategyVersion.objects.filter(mission=mission, number__gte=number))
            StrategyVersion.objects.create(
                mission=mission,
                number=number,
                end_state=EndState.objects.get(mission=mission, superseded_on__isnull=True),
                approved_by=by,
                approved_at=approved_at,
                note=version.note,
                snapshot=strategy_snapshot(mission=mission),
            )
            self.created[StrategyVersion._meta.label] += 1


def demo_counts() -> dict[str, int]:
    """Rows of demo content, per kind, across the demo missions."""
    in_demo = {"acronym__in": DEMO_ACRONYMS}
    missions = Mission.objects.filter(**in_demo)
    usernames = [spec.username for spec in demo_users()]
    return {
        "users": get_user_model().objects.filter(username__in=usernames).count(),
        "missions": missions.count(),
        "memberships": Membership.objects.filter(mission__in=missions).count(),
        "end_states": EndState.objects.filter(mission__in=missions).count(),
        "exit_conditions": ExitCondition.objects.filter(end_state__mission__in=missions).count(),
        "mandates": Mandate.objects.filter(mission__in=missions).count(),
        "mandated_tasks": MandatedTask.objects.filter(mandate__mission__in=missions).count(),
        "handovers": Handover.objects.filter(mission__in=missions).count(),
        "objectives": Objective.objects.filter(mission__in=missions).count(),
        "assumptions": Assumption.objects.filter(objective__mission__in=missions).count(),
        "risks": Risk.objects.filter(objective__mission__in=missions).count(),
        "progress_markers": ProgressMarker.objects.filter(objective__mission__in=missions).count(),
        "task_alignments": TaskAlignment.objects.filter(objective__mission__in=missions).count(),
        "components": Component.objects.filter(mission__in=missions).count(),
        "contributions": Contribution.objects.filter(component__mission__in=missions).count(),
        "stakeholders": Stakeholder.objects.filter(mission__in=missions).count(),
        "stakeholder_positions": StakeholderPosition.objects.filter(
            objective__mission__in=missions
        ).count(),
        "conflict_drivers": ConflictDriver.objects.filter(mission__in=missions).count(),
        "driver_objectives": DriverObjective.objects.filter(driver__mission__in=missions).count(),
        "reviews": Review.objects.filter(mission__in=missions).count(),
        "objective_assessments": ObjectiveAssessment.objects.filter(
            review__mission__in=missions
        ).count(),
        "contribution_assessments": ContributionAssessment.objects.filter(
            review__mission__in=missions
        ).count(),
        "decisions": Decision.objects.filter(review__mission__in=missions).count(),
        "strategy_versions": StrategyVersion.objects.filter(mission__in=missions).count(),
    }


def demo_present() -> list[str]:
    """The demo missions already in the database (their content belongs to their users)."""
    return list(
        Mission.objects.filter(acronym__in=DEMO_ACRONYMS)
        .order_by("acronym")
        .values_list("acronym", flat=True)
    )


@transaction.atomic
def demo_seed(*, today: date | None = None, reset: bool = False) -> dict[str, int]:
    """Create the illustrative demo where it is missing; safe to run any number of times.

    A demo mission already present is left untouched, with everything people did in it; only
    missing demo missions and logins are created. ``reset`` restores the scripted story in every
    demo mission instead, replacing what people changed (the caller guards it).

    Returns the demo's row counts per kind, plus ``rows_created`` and ``rows_updated`` for
    this run (both 0 when nothing was missing).
    """
    seeder = _Seeder(today or timezone.localdate(), reset=reset)
    present = set() if reset else set(demo_present())
    to_seed = [spec for spec in demo_missions() if spec.acronym not in present]
    with pghistory.context(source="seed_demo"):
        for spec in demo_users():
            seeder.users[spec.username] = seeder.user(spec)
        missions = {spec.acronym: seeder.mission(spec) for spec in to_seed}
        seeder.memberships(missions)
        for spec in to_seed:
            reviews = seeder.reviews(missions[spec.acronym], spec)
            seeder.versions(missions[spec.acronym], spec, reviews)
    return {
        **demo_counts(),
        "rows_created": sum(seeder.created.values()),
        "rows_updated": sum(seeder.updated.values()),
    }
