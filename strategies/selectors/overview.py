"""Named reads for the strategy screens: a fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from mandates.models import Mandate
from missions.models import Component, EndState, Level, Mission
from strategies.models import ExitCondition, Objective, Priority
from strategies.selectors.comments import open_comment_count
from strategies.selectors.findings import PK_PLACEHOLDER, Finding, findings_for_mission


@dataclass
class LevelGroup:
    level: str
    label: str
    objectives: list[Objective] = field(default_factory=list)


@dataclass
class FindingGroup:
    """One rule's findings as the overview lists them: the first few, and how many."""

    title: str
    shown: list[Finding]
    total: int
    all_url: str | None  # a page listing them all, for a rule about a list, not a record

    @property
    def more(self) -> int:
        return self.total - len(self.shown)


FINDINGS_SHOWN = 8
CONTRIBUTIONS_SHOWN = 8


def finding_groups(findings: list[Finding]) -> list[FindingGroup]:
    """Findings by rule, in rule order: a page shows a few of each, however many there are."""
    groups: dict[str, FindingGroup] = {}
    for finding in findings:
        group = groups.get(finding.rule.code)
        if group is None:
            all_url = finding.list_url if not finding.rule.per_record else None
            group = groups[finding.rule.code] = FindingGroup(
                str(finding.rule.title), [], 0, all_url
            )
        group.total += 1
        if len(group.shown) < FINDINGS_SHOWN:
            group.shown.append(finding)
    return list(groups.values())


@dataclass
class Overview:
    mission: Mission
    end_state: EndState | None
    exit_conditions: list[ExitCondition]
    exit_readiness: dict[str, int]
    levels: list[LevelGroup]
    objective_count: int
    components: list[Component]
    mandate: Mandate | None
    findings: list[Finding]
    open_comments: int

    @property
    def finding_groups(self) -> list[FindingGroup]:
        return finding_groups(self.findings)


def current_mandate(mission: Mission) -> Mandate | None:
    """The mandate in force, with ``task_count`` (the mission's tasks, procedural paragraphs
    left out), ``procedural_count`` and ``priority_count``."""
    return (
        Mandate.objects.filter(mission=mission)
        .annotate(
            task_count=Count("tasks", filter=Q(tasks__is_procedural=False), distinct=True),
            procedural_count=Count("tasks", filter=Q(tasks__is_procedural=True), distinct=True),
            priority_count=Count(
                "tasks", filter=Q(tasks__is_strategic_priority=True), distinct=True
            ),
        )
        .order_by("-adopted_on", "-pk")
        .first()
    )


def mission_overview(mission: Mission) -> Overview:
    end_state = mission.end_states.filter(superseded_on__isnull=True).first()
    exit_conditions = list(end_state.exit_conditions.all()) if end_state else []
    readiness = {status: 0 for status in ExitCondition.Status.values}
    for condition in exit_conditions:
        readiness[condition.status] += 1

    objectives = list(
        Objective.objects.filter(mission=mission)
        .exclude(status=Objective.Status.DROPPED)
        .select_related("parent", "owner")
        .annotate(
            contribution_count=Count("contributions", distinct=True),
            marker_count=Count("markers", distinct=True),
        )
        .order_by("priority", "code")
    )
    groups = {value: LevelGroup(value, str(label)) for value, label in Level.choices}
    url = reverse(
        "strategies:objective_edit", kwargs={"acronym": mission.acronym, "pk": PK_PLACEHOLDER}
    )
    priorities = dict(Priority.choices)
    for objective in objectives:
        objective.url = url.replace(str(PK_PLACEHOLDER), str(objective.pk))
        objective.priority_text = priorities[objective.priority]
        for level in objective.levels:
            groups[level].objectives.append(objective)

    # A few contributions per component (a sliced prefetch: one query), with counts by role:
    # a component serving two hundred objectives is summed up, the matrix has them all.
    components = list(
        Component.objects.filter(mission=mission)
        .select_related("lead")
        .annotate(
            lead_count=Count("contributions", filter=Q(contributions__role="lead")),
            contribution_count=Count("contributions"),
        )
        .prefetch_related(
            Prefetch(
                "contributions",
                queryset=_contributions_with_objective()[:CONTRIBUTIONS_SHOWN],
                to_attr="cells",
            )
        )
        .order_by("kind", "name")
    )
    return Overview(
        mission=mission,
        end_state=end_state,
        exit_conditions=exit_conditions,
        exit_readiness=readiness,
        levels=list(groups.values()),
        objective_count=len(objectives),
        components=components,
        mandate=current_mandate(mission),
        findings=findings_for_mission(mission.pk, mission.acronym),
        open_comments=open_comment_count(mission),
    )


def _contributions_with_objective():
    from strategies.models import Contribution

    return Contribution.objects.select_related("objective").order_by("objective__code")
