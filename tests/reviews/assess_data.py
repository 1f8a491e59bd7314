"""Shared by the assessment screen tests: a mission with an open review and the one before it,
a member of each role, and what a browser would post back from a rendered page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser
from typing import Any

from django.test import Client

from missions.models import Component, Mission, Stakeholder
from reviews.models import (
    AssumptionAssessment,
    ContributionAssessment,
    ExitConditionAssessment,
    MarkerReading,
    ObjectiveAssessment,
    Review,
)
from strategies.models import (
    Assumption,
    Contribution,
    ExitCondition,
    Objective,
    ProgressMarker,
)
from tests import querycount
from tests.factories import (
    ComponentFactory,
    ContributionFactory,
    ExitConditionFactory,
    MarkerFactory,
    MembershipFactory,
    ObjectiveFactory,
    PositionFactory,
    ReviewFactory,
    StakeholderFactory,
    UserFactory,
)


@dataclass
class Sheet:
    mission: Mission
    review: Review
    last: Review
    own: Component
    other: Component
    o1: Objective
    o2: Objective
    dropped: Objective
    markers: list[ProgressMarker]
    assumptions: list[Assumption]
    stakeholders: list[Stakeholder]
    own_contribution: Contribution
    other_contribution: Contribution
    own_o2: Contribution
    conditions: list[ExitCondition]
    people: dict[str, Any]

    def url(self, page: str, review: Review | None = None) -> str:
        review = review or self.review
        return f"/missions/{self.mission.acronym}/reviews/{review.pk}/{page}/"

    def set_status(self, status: str) -> None:
        """Move the open review to ``status`` (only the status: as if someone moved it)."""
        self.review.status = status
        self.review.save(update_fields=["status"])


def make_sheet(mission: Mission) -> Sheet:
    own = ComponentFactory(mission=mission, name="Civil Affairs")
    other = ComponentFactory(mission=mission, name="Force")
    o1 = ObjectiveFactory(mission=mission, code="O1", title="Parties implement the agreement")
    o2 = ObjectiveFactory(mission=mission, code="O2", title="Elections are held")
    dropped = ObjectiveFactory(mission=mission, code="O3", title="Dropped", status="dropped")
    markers = [
        MarkerFactory(objective=o1, statement="Disputes settled in committee", target="All"),
        MarkerFactory(objective=o1, statement="Local agreements holding"),
    ]
    assumptions = [
        Assumption.objects.create(objective=o1, statement="The president stays committed."),
        Assumption.objects.create(objective=o1, statement="The committee decides by consensus."),
    ]
    stakeholders = [
        StakeholderFactory(mission=mission, name="African Union"),
        StakeholderFactory(mission=mission, name="Karsh Liberation Front"),
    ]
    PositionFactory(
        stakeholder=stakeholders[1],
        objective=o1,
        stance="opposes",
        as_of=mission.today() - timedelta(days=40),
    )
    own_contribution = ContributionFactory(
        objective=o1, component=own, narrative="Brings the communities' views in."
    )
    other_contribution = ContributionFactory(objective=o1, component=other, role="support")
    own_o2 = ContributionFactory(objective=o2, component=own, role="support")
    end_state = mission.current_end_state
    conditions = [
        ExitConditionFactory(end_state=end_state, kind="political", status="partly_met"),
        ExitConditionFactory(end_state=end_state, kind="security", status="not_met"),
    ]
    people = {
        role: MembershipFactory(
            mission=mission,
            role=role,
            user=UserFactory(username=f"{role}-{mission.acronym.lower()}"),
        ).user
        for role in ("chief_of_staff", "head_of_mission", "desk_officer", "viewer")
    }
    people["lead"] = MembershipFactory(
        mission=mission, role="component_lead", component=own, user=UserFactory(username="lead")
    ).user
    people["other_lead"] = MembershipFactory(
        mission=mission,
        role="component_lead",
        component=other,
        user=UserFactory(username="otherlead"),
    ).user
    people["strategy_editor"] = MembershipFactory(
        mission=mission, role="strategy_editor", user=UserFactory(username="editor")
    ).user
    chief = people["chief_of_staff"]
    last = ReviewFactory(
        mission=mission,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        due_on=date(2026, 10, 21),
        status="signed_off",
    )
    ObjectiveAssessment.objects.create(
        review=last, objective=o1, progress="at_risk", assessed_by=chief
    )
    AssumptionAssessment.objects.create(
        review=last, assumption=assumptions[1], rating="under_strain", assessed_by=chief
    )
    MarkerReading.objects.create(
        review=last, marker=markers[0], reading="2 of 5", read_on=date(2026, 9, 20)
    )
    ExitConditionAssessment.objects.create(
        review=last, exit_condition=conditions[0], status="partly_met", evidence="Q3 data"
    )
    ContributionAssessment.objects.create(
        review=last, contribution=own_contribution, strength="some", evidence="Two meetings"
    )
    review = ReviewFactory(
        mission=mission,
        period_start=date(2026, 10, 1),
        period_end=date(2026, 12, 31),
        status="open",
        led_by=chief,
    )
    return Sheet(
        mission=mission,
        review=review,
        last=last,
        own=own,
        other=other,
        o1=o1,
        o2=o2,
        dropped=dropped,
        markers=markers,
        assumptions=assumptions,
        stakeholders=stakeholders,
        own_contribution=own_contribution,
        other_contribution=other_contribution,
        own_o2=own_o2,
        conditions=conditions,
        people=people,
    )


class _FormReader(HTMLParser):
    """The fields of the page's assessment form, as a browser would submit them untouched."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self.inside = False
        self.select: str | None = None
        self.textarea: str | None = None
        self.first_option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == "assess-form":
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("radio", "checkbox"):
                if "checked" in a:
                    self.data[name] = a.get("value", "")
            else:
                self.data[name] = a.get("value", "")
        elif tag == "select" and name:
            self.select, self.first_option = name, None
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = a.get("value", "")
                self.data.setdefault(self.select, self.first_option)
            if "selected" in a:
                self.data[self.select] = a.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea:
            # Django starts every textarea with a newline, which browsers drop.
            self.data[self.textarea] += (
                data.removeprefix("\n") if not self.data[self.textarea] else data
            )


def form_data(html: str, **changes: str) -> dict[str, str]:
    """What the page's form posts if the user changes ``changes`` (names with dashes may be
    given with ``__`` for ``-``), and nothing else."""
    reader = _FormReader()
    reader.feed(html)
    assert reader.data, "the page has no assessment form"
    data = dict(reader.data)
    data.pop("csrfmiddlewaretoken", None)
    for name, value in changes.items():
        data[name.replace("__", "-")] = value
    return data


def page_queries(client: Client, address: str) -> int:
    """How many queries a page costs (it must answer 200)."""
    return len(querycount.page_queries(client, address))
