"""Illustrative demo content: one full mission strategy and three lighter missions.

Everything is fictional (Kalvaria, the Varo Basin, Dorrah, Serrania), modelled on how the
Security Council writes mandates and how missions write political strategies. The story lives in
``portfolio/demo_data/`` (one YAML file per mission, read by ``portfolio.demo_loader``); this
module writes it. Dates are relative to ``today`` so the findings panel shows real gaps whenever
the demo is seeded, and every row is keyed on a natural key so seeding again never duplicates.

A mission seeded from nothing is written as its story happened (``_Seeder.story``): the editor
drafting, each component's lead stating its contributions, the chief of staff running the reviews,
the head of mission signing them off and approving the versions through the application's own
service, positions and readings recorded on their days. Each act is a history context naming the
person (the system only for what a system does: the mission's creation, the planner's reviews,
the reporting calendar), and its events are dated on the act's day.

Once a demo mission exists it is its users' record: seeding again creates only what is missing
(a demo mission or login not there yet) and changes nothing that exists. Restoring the scripted
story (stakeholder position histories, each mission's reviews, the versions approved after them)
is an explicit ``reset``.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pghistory
import pgtrigger
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone
from pghistory.models import Event as HistoryEvent

from benchmarks.marker_services import follow_values
from benchmarks.models import MarkerMeasure, MarkerValue
from mandates.models import Mandate, MandatedTask, ReportingObligation
from mandates.reporting import ReportingRequest, due_dates
from missions.models import Component, EndState, Membership, Mission, Stakeholder
from missions.roles import Role
from portfolio.demo_loader import (
    DEMO_ACRONYMS,
    ComponentSpec,
    DecisionSpec,
    DriverSpec,
    HandoverSpec,
    MandateSpec,
    MissionSpec,
    ObjectiveSpec,
    PositionSpec,
    ReviewSpec,
    SeriesSpec,
    StakeholderSpec,
    ThenSpec,
    UserSpec,
    VersionSpec,
    as_then,
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
    RiskAssessment,
)
from reviews.outcomes import adjustments, objective_outcome
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
from strategies.services.versions import version_approve
from transition.models import Handover, HandoverStatus

DEMO_PASSWORD = "demo"
# What a review's decision may adjust in an objective (as ``reviews.services.decisions``).


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
        # A mission seeded from nothing is written as its story unfolds: rows made in this run
        # change as the story moves on, and those changes are not counted as updates.
        self.fresh = False
        self.made: set[tuple[str, Any]] = set()
        # Each act of the story: its history context and when it happened.
        self.acts: list[tuple[uuid.UUID, datetime]] = []
        self.clock: datetime | None = None
        self.pending: list[tuple[date, int, str | None, Any, Any]] = []
        end_of_today = datetime.combine(today, time(23, 59), tzinfo=UTC)
        self.now = max(
            datetime.combine(today, time(0), tzinfo=UTC), min(timezone.now(), end_of_today)
        )
        self._password: str | None = None

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
            self.made.add((model._meta.label, obj.pk))
            return obj
        if not (self.reset or self.fresh):
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
            if (model._meta.label, obj.pk) not in self.made:
                self.updated[model._meta.label] += 1
        return obj

    # Acts and their dates -----------------------------------------------------------------------

    @contextmanager
    def act(self, who: str | None, when: datetime, **extra: Any) -> Iterator[None]:
        """One person's changes at one moment, in a history context of their own (``who``
        None: the system's). Acts run in the story's order, so their dates only move forward
        (a minute apart at least): the history reads in the order it was written."""
        when = min(when, self.now)
        if self.clock is not None and when <= self.clock:
            when = self.clock + timedelta(minutes=1)
        self.clock = when
        metadata: dict[str, Any] = {"source": "seed_demo", **extra}
        if who:
            metadata["user"] = self.users[who].pk
        with pghistory.context(**metadata) as context:
            yield
        self.acts.append((context.id, when))

    def date_history(self) -> None:
        """Give every event the date of the act that wrote it (the database stamps the time
        of the seeding transaction)."""
        if not self.acts:
            return
        rows = ", ".join(["(%s::uuid, %s::timestamptz)"] * len(self.acts))
        params = [value for context_id, when in self.acts for value in (str(context_id), when)]
        tables = sorted(
            {
                model._meta.db_table
                for model in apps.get_models()
                if issubclass(model, HistoryEvent) and model._meta.managed and not model._meta.proxy
            }
        )
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(
                    f"UPDATE {connection.ops.quote_name(table)} e SET pgh_created_at = v.at "
                    f"FROM (VALUES {rows}) v(id, at) WHERE e.pgh_context_id = v.id",
                    params,
                )
            cursor.execute(
                "UPDATE pghistory_context c SET created_at = v.at, updated_at = v.at "
                f"FROM (VALUES {rows}) v(id, at) WHERE c.id = v.id",
                params,
            )

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
            # One hash for every demo login: hashing is slow by design, the password public.
            if self._password is None:
                self._password = make_password(DEMO_PASSWORD)
            user.password = self._password
            user.save(update_fields=["password"])
            if not created:
                self.updated[label] += 1
        return user

    def memberships(self, mission: Mission, spec: MissionSpec) -> None:
        """Exactly the planned roles for demo people on this demo mission; nothing else."""
        planned: set[int] = set()
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
            user.__dict__.pop("_mission_seats", None)  # the policy reads the seat afresh
            planned.add(user.pk)
        stale = Membership.objects.filter(
            user__in=[u.pk for u in self.users.values()], mission=mission
        ).exclude(user__in=planned)
        if stale.exists():
            stale.delete()

    # One mission ------------------------------------------------------------------------------

    def mission(self, spec: MissionSpec) -> Mission:
        """The whole scripted mission as it stands today, at once (``reset``)."""
        mission = self.mission_row(spec)
        self.state(mission, spec, None, None)
        mandate = self.mandate(mission, spec.mandate)
        self.obligations(mandate, spec.mandate)
        self.alignments(mission, spec)
        return mission

    def mission_row(self, spec: MissionSpec) -> Mission:
        return self.upsert(
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

    def state(
        self, mission: Mission, spec: MissionSpec, then: ThenSpec | None, until: date | None
    ) -> None:
        """The strategy as it read on ``until`` (``then``: how it differed from today's;
        None: today's). Readings and assessments not yet made on ``until`` are left blank;
        stakeholders' positions are the dated story's (``record_dated``) when seeding afresh."""
        sections = then.sections if then else ThenSpec().sections
        end_state = self.upsert(
            EndState,
            {"mission": mission, "superseded_on__isnull": True},
            {
                "statement": spec.end_state,
                "horizon": spec.horizon,
                "adopted_on": self.days_ago(spec.end_state_adopted_days_ago),
                **(then.end_state if then else {}),
            },
        )
        if "objectives" in sections:
            specs = self.objectives_then(spec, then)
            objectives = self.objectives(mission, end_state, specs, until)
        else:
            objectives = {o.code: o for o in Objective.objects.filter(mission=mission)}
        if "components" in sections:
            self.components(mission, end_state, spec.components, objectives)
        if "stakeholders" in sections:
            self.stakeholders(mission, spec.stakeholders, objectives, positions=not self.fresh)
        if "drivers" in sections:
            self.drivers(mission, spec, objectives)
        if "end_state" in sections and not (then and then.end_state):
            for exit_spec in spec.exit_conditions:
                assessed = bool(exit_spec.evidence) and (
                    until is None or self.days_ago(45) <= until
                )
                self.upsert(
                    ExitCondition,
                    {"end_state": end_state, "description": exit_spec.description},
                    {
                        "kind": exit_spec.kind,
                        "status": exit_spec.status if assessed or not until else "not_met",
                        "evidence": exit_spec.evidence if assessed else "",
                        "last_assessed_on": self.days_ago(45) if assessed else None,
                    },
                )

    def objectives_then(
        self, spec: MissionSpec, then: ThenSpec | None
    ) -> tuple[ObjectiveSpec, ...]:
        """The mission's objectives as they read then: those added later left out."""
        if then is None:
            return spec.objectives
        absent = set(then.absent)
        return tuple(
            as_then(o, then.objectives.get(o.code, {}), f"{spec.acronym}.yaml: then {o.code}")
            for o in spec.objectives
            if o.code not in absent and o.code.split(".")[0] not in absent
        )

    def drivers(
        self, mission: Mission, spec: MissionSpec, objectives: dict[str, Objective]
    ) -> None:
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
                if code in objectives:
                    self.upsert(
                        DriverObjective, {"driver": driver, "objective": objectives[code]}, {}
                    )

    def alignments(self, mission: Mission, spec: MissionSpec) -> None:
        """The mandate's tasks and the objectives (already there) each serves."""
        mandate = Mandate.objects.filter(mission=mission, symbol=spec.mandate.symbol).first()
        if mandate is None:
            return
        tasks = {t.reference: t for t in MandatedTask.objects.filter(mandate=mandate)}
        objectives = {o.code: o for o in Objective.objects.filter(mission=mission)}
        for task_spec in spec.mandate.tasks:
            for code in task_spec.objectives:
                if code in objectives:
                    self.upsert(
                        TaskAlignment,
                        {"task": tasks[task_spec.reference], "objective": objectives[code]},
                        {},
                    )

    def mandate(self, mission: Mission, spec: MandateSpec) -> Mandate:
        end_state = EndState.objects.get(mission=mission, superseded_on__isnull=True)
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
        return mandate

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
        self,
        mission: Mission,
        end_state: EndState,
        specs: tuple[ObjectiveSpec, ...],
        until: date | None = None,
    ) -> dict[str, Objective]:
        """The objectives with their assumptions, risks and markers; a marker read after
        ``until`` has no reading yet (nor measured values)."""
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
                read = until is None or self.days_ago(marker.read_days_ago) <= until
                row = self.upsert(
                    ProgressMarker,
                    {"objective": objective, "statement": marker.statement},
                    {
                        "baseline": marker.baseline,
                        "target": marker.target,
                        "latest_reading": marker.latest_reading if read else "",
                        "reading_on": self.days_ago(marker.read_days_ago) if read else None,
                    },
                )
                if marker.series is not None and until is None:
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
            if not self.fresh:  # afresh, each lead states their own (``story``)
                self.contributions(mission, spec, objectives, component)

    def contributions(
        self,
        mission: Mission,
        spec: ComponentSpec,
        objectives: dict[str, Objective],
        component: Component | None = None,
    ) -> None:
        component = component or Component.objects.get(mission=mission, name=spec.name)
        for contribution in spec.contributions:
            if contribution.objective not in objectives:
                continue  # an objective added later
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
        *,
        positions: bool = True,
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
            if not positions:
                continue
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
        current = period_containing(self.today, spec.review_cadence_months)
        planned = self.planned_reviews(spec)
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

    def planned_reviews(self, spec: MissionSpec) -> list[tuple[Period, ReviewSpec]]:
        """Each scripted review on its period, ``periods_ago`` before today's."""
        months = spec.review_cadence_months
        planned: list[tuple[Period, ReviewSpec]] = []
        for script in spec.reviews:
            period = period_containing(self.today, months)
            for _ in range(script.periods_ago):
                period = period.preceding(months)
            planned.append((period, script))
        return planned

    def review_dates(
        self, mission: Mission, period: Period, script: ReviewSpec
    ) -> tuple[datetime | None, datetime | None, datetime | None]:
        """When the review opened, concluded and was signed off (None: not yet)."""
        concluded = script.status in (Review.Status.CONCLUDED, Review.Status.SIGNED_OFF)
        concluded_on = min(period.end + timedelta(days=10), self.today - timedelta(days=1))
        return (
            self.at(mission, period.opens_on, 9)
            if script.status != Review.Status.PLANNED
            else None,
            self.at(mission, concluded_on, 11) if concluded else None,
            self.at(mission, concluded_on, 17) if script.signed_off_by else None,
        )

    def review(
        self, mission: Mission, period: Period, script: ReviewSpec, row: Review | None
    ) -> Review:
        review = self.review_row(mission, period, script, row)
        _opened, _concluded, signed_off_at = self.review_dates(mission, period, script)
        self.review_ratings(mission, review, script)
        self.review_strengths(mission, review, script)
        self.review_decisions(mission, review, script, signed_off_at)
        return review

    def review_row(
        self, mission: Mission, period: Period, script: ReviewSpec, row: Review | None
    ) -> Review:
        users = self.users
        opened_at, concluded_at, signed_off_at = self.review_dates(mission, period, script)
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
                "opened_at": opened_at,
                "concluded_at": concluded_at,
                "signed_off_at": signed_off_at,
                "signed_off_by": users[script.signed_off_by] if script.signed_off_by else None,
                "summary": script.summary,
            },
        )
        participants = {users[name].pk for name in script.participants}
        if set(review.participants.values_list("pk", flat=True)) != participants:
            review.participants.set(participants)
            if (Review._meta.label, review.pk) not in self.made:
                self.updated["reviews.Review.participants"] += 1
        return review

    def review_ratings(self, mission: Mission, review: Review, script: ReviewSpec) -> None:
        """Exactly the script's ratings of the objectives, assumptions and risks, by the
        review's chair."""
        objectives = {o.code: o for o in Objective.objects.filter(mission=mission)}
        chair = self.users[script.led_by] if script.led_by else None
        self.exactly(
            ObjectiveAssessment,
            review,
            (
                (
                    {"objective": objectives[rating.objective]},
                    {
                        "progress": rating.progress,
                        "political_environment": rating.political_environment,
                        "evidence": script.evidence,
                        "assessed_by": chair,
                    },
                )
                for rating in script.ratings
            ),
        )
        self.exactly(
            AssumptionAssessment,
            review,
            (
                (
                    {
                        "assumption": Assumption.objects.get(
                            objective=objectives[rated.objective],
                            statement__startswith=rated.statement,
                        )
                    },
                    {"rating": rated.rating, "note": rated.note, "assessed_by": chair},
                )
                for rated in script.assumptions
            ),
        )
        self.exactly(
            RiskAssessment,
            review,
            (
                (
                    {
                        "risk": Risk.objects.get(
                            objective=objectives[rated.objective],
                            description__startswith=rated.description,
                        )
                    },
                    {
                        "severity": rated.severity,
                        "severity_was": rated.was,
                        "note": rated.note,
                        "assessed_by": chair,
                    },
                )
                for rated in script.risks
            ),
        )

    def exactly(
        self,
        model: type[models.Model],
        review: Review,
        rows: Iterable[tuple[dict[str, Any], dict[str, Any]]],
    ) -> None:
        """The review's rows of ``model`` are exactly ``rows`` (lookup, values): each written
        if it changed, the others deleted."""
        kept = [
            self.upsert(model, {"review": review, **lookup}, values).pk for lookup, values in rows
        ]
        self.delete(model._default_manager.filter(review=review).exclude(pk__in=kept))

    def review_strengths(
        self, mission: Mission, review: Review, script: ReviewSpec, by: str | None = None
    ) -> None:
        """The script's assessments of the components' contributions (``by``: one person's;
        otherwise exactly the script's, the others deleted)."""
        users = self.users
        objectives = {o.code: o for o in Objective.objects.filter(mission=mission)}
        kept = []
        for strength in script.strengths:
            if by is not None and strength.by != by:
                continue
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
        if by is None:
            self.delete(ContributionAssessment.objects.filter(review=review).exclude(pk__in=kept))

    def review_decisions(
        self, mission: Mission, review: Review, script: ReviewSpec, signed_off_at: datetime | None
    ) -> None:
        """Exactly the script's decisions; nothing else recorded in the review."""
        objectives = {o.code: o for o in Objective.objects.filter(mission=mission)}
        decider = self.users.get(script.signed_off_by or script.led_by or "")
        self.exactly(
            Decision,
            review,
            (
                (
                    {"kind": decision.kind, "objective": objectives[decision.objective]},
                    {
                        "rationale": decision.rationale,
                        "details": decision.details,
                        "decided_by": decider,
                        "applied_at": signed_off_at,
                        "outcome": decision.outcome if signed_off_at else "",
                        **self.outcome_words(decision, signed_off_at),
                    },
                )
                for decision in script.decisions
            ),
        )
        for model in (
            MarkerReading,
            ExitConditionAssessment,
            ReviewReopening,
        ):
            self.delete(model.objects.filter(review=review))

    def version_days(self, mission: Mission, spec: MissionSpec) -> list[tuple[date, VersionSpec]]:
        """Each scripted version's day of approval (never after today), oldest first; one
        that follows a review not yet concluded is left out."""
        concluded: dict[int, date] = {}
        for period, script in self.planned_reviews(spec):
            _opened, concluded_at, _signed = self.review_dates(mission, period, script)
            if concluded_at is not None:
                local = timezone.localtime(concluded_at, ZoneInfo(mission.time_zone))
                concluded[script.periods_ago] = local.date()
        days = []
        for version in spec.versions:
            if version.approved_on is not None:
                day = version.approved_on
            elif version.days_ago is not None:
                day = self.days_ago(version.days_ago)
            else:
                after = (
                    (min(concluded) if version.after_review is None else version.after_review)
                    if concluded
                    else None
                )
                if after not in concluded:
                    continue
                day = concluded[after] + timedelta(days=version.days_after_review)
            days.append((min(day, self.today), version))
        return days

    def versions(self, mission: Mission, spec: MissionSpec) -> None:
        """The scripted approved versions (``reset``). A version cannot change, so one whose
        date moved with the calendar is made again, with what it held; one missing is made
        of today's strategy."""
        for number, (day, version) in enumerate(self.version_days(mission, spec), start=1):
            approved_at = self.at(mission, day, 16)
            by = self.users[version.approved_by]
            row = StrategyVersion.objects.filter(mission=mission, number=number).first()
            if row and (row.approved_at, row.approved_by_id, row.note) == (
                approved_at,
                by.pk,
                version.note,
            ):
                continue
            snapshots = dict(
                StrategyVersion.objects.filter(mission=mission, number__gte=number).values_list(
                    "number", "snapshot"
                )
            )
            if row:
                self.delete(StrategyVersion.objects.filter(mission=mission, number__gte=number))
            StrategyVersion.objects.create(
                mission=mission,
                number=number,
                end_state=EndState.objects.get(mission=mission, superseded_on__isnull=True),
                approved_by=by,
                approved_at=approved_at,
                note=version.note,
                snapshot=snapshots.get(number) or strategy_snapshot(mission=mission),
            )
            self.created[StrategyVersion._meta.label] += 1

    # The story, for a mission seeded afresh ---------------------------------------------------

    def person(self, spec: MissionSpec, *roles: str) -> str | None:
        """The mission's demo member holding the first of ``roles`` someone holds (None: no
        one, and the system's act it is)."""
        held = {member.role: member.user for member in spec.members}
        return next((held[role] for role in roles if role in held), None)

    def story(self, spec: MissionSpec) -> Mission:
        """The mission written as it happened, each change by the person who made it, dated:
        the first strategy drafted and approved, the end state and mandate adopted, each
        review run, signed off and its decisions applied, the versions approved after them,
        positions and readings recorded on their days, and the draft worked on since."""
        self.clock = None
        with self.act(None, datetime.combine(spec.established_on, time(8), tzinfo=UTC)):
            mission = self.mission_row(spec)
        tz = ZoneInfo(spec.time_zone)
        editor = self.person(spec, Role.STRATEGY_EDITOR, Role.CHIEF_OF_STAFF)
        versions = self.version_days(mission, spec)
        reviews = self.planned_reviews(spec)
        adopted = self.days_ago(spec.mandate.adopted_days_ago)
        first_review = [p.opens_on for p, s in reviews if s.status != Review.Status.PLANNED]
        first_draft = min(
            [day for day, _v in versions]
            + first_review
            + [adopted, self.days_ago(spec.end_state_adopted_days_ago)]
        ) - timedelta(days=14)
        first_then = versions[0][1].then if versions else None
        # (when, order, what): what happens on each day of the story, in order.
        moments: list[tuple[datetime, int, Any]] = [
            (self.at(mission, first_draft, 10), 0, ("draft", first_then, False))
        ]
        for day, version in versions:
            # Drafted over two weeks; after a review, from the day after its sign-off.
            drafted = day - timedelta(
                days=14 if version.approved_on or version.days_ago else version.days_after_review
            )
            drafted += timedelta(days=0 if version.approved_on or version.days_ago else 1)
            moments.append((self.at(mission, drafted, 10), 1, ("draft", version.then, False)))
            moments.append((self.at(mission, day, 16), 2, ("approve", version, None)))
        moments.append((self.at(mission, adopted, 12), 3, ("mandate", None, None)))
        for period, script in reviews:
            opened, _concluded, _signed = self.review_dates(mission, period, script)
            when = opened or self.at(mission, period.opens_on - timedelta(days=21), 6)
            moments.append((when, 4, ("review", period, script)))
        final = self.at(mission, self.today - timedelta(days=1), 10)
        moments.append((final, 9, ("draft", None, True)))
        members_in = False
        self.pending = self.dated_items(spec)
        for when, _order, (what, first, second) in sorted(moments, key=lambda m: m[:2]):
            self.record_dated(mission, when.astimezone(tz).date())
            if what == "draft":
                then, final_draft = first, second
                with self.act(editor, when):
                    day = None if final_draft else when.astimezone(tz).date()
                    self.state(mission, spec, then, day)
                    self.alignments(mission, spec)
                # Each component's lead states its contributions.
                if then is None or "components" in then.sections:
                    objectives = {o.code: o for o in Objective.objects.filter(mission=mission)}
                    for component_spec in spec.components:
                        with self.act(component_spec.lead or editor, when + timedelta(hours=2)):
                            self.contributions(mission, component_spec, objectives)
                if not members_in:
                    self.memberships(mission, spec)
                    members_in = True
            elif what == "approve":
                self.approve(mission, first, when)
            elif what == "mandate":
                with self.act(editor, when):
                    mandate = self.mandate(mission, spec.mandate)
                    self.alignments(mission, spec)
                with self.act(None, when + timedelta(minutes=5)):
                    self.obligations(mandate, spec.mandate)
            else:
                self.review_story(mission, spec, first, second)
        self.record_dated(mission, self.today)
        return mission

    def dated_items(self, spec: MissionSpec) -> list[tuple[date, int, str | None, Any, Any]]:
        """What the story records on a day of its own, oldest first: stakeholders' positions,
        markers' readings (by the objective's owner, if they edit the strategy, else the
        editor) and the assessment of the exit conditions."""
        editor = self.person(spec, Role.STRATEGY_EDITOR, Role.CHIEF_OF_STAFF)
        editors = {
            m.user for m in spec.members if m.role in (Role.STRATEGY_EDITOR, Role.CHIEF_OF_STAFF)
        }
        dated: list[tuple[date, int, str | None, Any, Any]] = []
        for stakeholder in spec.stakeholders:
            for position in stakeholder.positions:
                day = self.days_ago(position.days_ago)
                dated.append((day, 0, editor, stakeholder.name, position))
        for objective_spec in spec.objectives:
            by = objective_spec.owner if objective_spec.owner in editors else editor
            for marker in objective_spec.markers:
                day = self.days_ago(marker.read_days_ago)
                dated.append((day, 1, by, objective_spec.code, marker))
        chief = self.person(spec, Role.CHIEF_OF_STAFF, Role.STRATEGY_EDITOR)
        for exit_spec in spec.exit_conditions:
            if exit_spec.evidence:
                dated.append((self.days_ago(45), 2, chief, None, exit_spec))
        return sorted(dated, key=lambda d: d[:2])

    def record_dated(self, mission: Mission, until: date) -> None:
        """The dated records due by ``until`` whose objective and stakeholder exist by now,
        each in an act on its own day."""
        objectives = {o.code: o for o in Objective.objects.filter(mission=mission)}
        stakeholders = {s.name: s for s in Stakeholder.objects.filter(mission=mission)}
        waiting = []
        for item in self.pending:
            day, kind, by, key, spec = item
            ready = day <= until and (
                (kind == 0 and key in stakeholders and spec.objective in objectives)
                or (kind == 1 and key in objectives)
                or (
                    kind == 2
                    and ExitCondition.objects.filter(
                        end_state__mission=mission, description=spec.description
                    ).exists()
                )
            )
            if not ready:
                waiting.append(item)
                continue
            if kind == 0:
                with self.act(by, self.at(mission, day, 11)):
                    self.upsert(
                        StakeholderPosition,
                        {
                            "stakeholder": stakeholders[key],
                            "objective": objectives[spec.objective],
                            "as_of": day,
                        },
                        {"stance": spec.stance, "note": spec.note, **self.marking(spec)},
                    )
            elif kind == 1:
                with self.act(by, self.at(mission, day, 15)):
                    self.upsert(
                        ProgressMarker,
                        {"objective": objectives[key], "statement": spec.statement},
                        {"latest_reading": spec.latest_reading, "reading_on": day},
                    )
            else:
                with self.act(by, self.at(mission, day, 16)):
                    self.upsert(
                        ExitCondition,
                        {"end_state__mission": mission, "description": spec.description},
                        {"status": spec.status, "evidence": spec.evidence, "last_assessed_on": day},
                    )
        self.pending = waiting

    def approve(self, mission: Mission, version: VersionSpec, when: datetime) -> None:
        """The head approves the draft as the next version, through the service (so the
        snapshot, the comparisons and the brief are the application's own), on its day."""
        by = self.users[version.approved_by]
        by.__dict__.pop("_mission_seats", None)
        with self.act(version.approved_by, when):
            row = version_approve(mission=mission, by=by, note=version.note)
        with pgtrigger.ignore("strategies.StrategyVersion:version_is_immutable"):
            StrategyVersion.objects.filter(pk=row.pk).update(approved_at=self.clock)
        self.created[StrategyVersion._meta.label] += 1

    def review_story(
        self, mission: Mission, spec: MissionSpec, period: Period, script: ReviewSpec
    ) -> None:
        """One review as it ran: the planner makes it, the chair opens it and rates the
        objectives, the component leads assess their contributions, the head signs it off
        and its decisions change the draft (in a history context naming the review)."""
        opened, concluded, signed_off_at = self.review_dates(mission, period, script)
        chair = script.led_by if opened else None
        when = opened or self.at(mission, period.opens_on - timedelta(days=21), 6)
        with self.act(chair, when):
            review = self.review_row(mission, period, script, None)
        if concluded is None:
            return
        for by in dict.fromkeys(strength.by for strength in script.strengths):
            with self.act(by, concluded - timedelta(days=3)):
                self.review_strengths(mission, review, script, by=by)
        with self.act(script.led_by, concluded - timedelta(days=2)):
            self.review_ratings(mission, review, script)
        if signed_off_at is None:
            with self.act(script.led_by, concluded):
                self.review_decisions(mission, review, script, None)
            return
        context = {
            "review": review.pk,
            "review_label": str(review.label),
            "mission": mission.acronym.upper(),
        }
        with self.act(script.signed_off_by, signed_off_at, **context):
            self.apply_decisions(mission, spec, script)
            self.review_decisions(mission, review, script, signed_off_at)

    @staticmethod
    def outcome_words(decision: DecisionSpec, signed_off_at: datetime | None) -> dict[str, Any]:
        """What a signed-off decision changed, kept to be read in each reader's language."""
        if signed_off_at is None:
            return {"outcome_key": "", "outcome_args": {}}
        outcome = objective_outcome(decision.kind, decision.objective, decision.details or {})
        return {"outcome_key": outcome.key, "outcome_args": outcome.args}

    def apply_decisions(self, mission: Mission, spec: MissionSpec, script: ReviewSpec) -> None:
        """What the review's decisions change in the draft: an objective adjusted or added."""
        objectives = {o.code: o for o in Objective.objects.filter(mission=mission)}
        by_code = {o.code: o for o in spec.objectives}
        for decision in script.decisions:
            details = decision.details or {}
            if decision.kind == Decision.Kind.ADD and decision.objective not in objectives:
                objective_spec = by_code[decision.objective]
                later = self.then_after(mission, spec, objective_spec.code)
                if later is not None:
                    objective_spec = later
                end_state = EndState.objects.get(mission=mission, superseded_on__isnull=True)
                self.objectives(mission, end_state, (objective_spec,), self.today)
            elif decision.kind == Decision.Kind.ADJUST and decision.objective in objectives:
                changes = adjustments(details)
                if changes:
                    self.upsert(Objective, {"pk": objectives[decision.objective].pk}, changes)

    def then_after(self, mission: Mission, spec: MissionSpec, code: str) -> ObjectiveSpec | None:
        """An objective as the next version to hold it read (None: as today's)."""
        for _day, version in self.version_days(mission, spec):
            if version.then and code not in version.then.absent:
                return next(
                    (o for o in self.objectives_then(spec, version.then) if o.code == code), None
                )
        return None


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
    with seeder.act(None, seeder.now):
        for spec in demo_users():
            seeder.users[spec.username] = seeder.user(spec)
    for spec in to_seed:
        if reset:
            seeder.clock = None
            with seeder.act(None, seeder.now):
                mission = seeder.mission(spec)
                seeder.memberships(mission, spec)
                seeder.reviews(mission, spec)
                seeder.versions(mission, spec)
        else:
            seeder.fresh = True
            seeder.story(spec)
            seeder.fresh = False
    seeder.date_history()
    return {
        **demo_counts(),
        "rows_created": sum(seeder.created.values()),
        "rows_updated": sum(seeder.updated.values()),
    }
