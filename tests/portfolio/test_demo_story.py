"""The demo tells a mission's story with its people: every component has a lead who can act on
its part of a review, the main mission's strategy has the versions its head approved over the
years, and its history names who changed what, on the day they did."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from missions.models import Component, Membership, Mission, Role
from missions.policy import Action, can
from portfolio.demo import demo_seed
from portfolio.demo_loader import DEMO_ACRONYMS, MAIN_ACRONYM
from reviews.models import Review
from reviews.selectors.completeness import completeness
from strategies.models import Objective, StrategyVersion
from strategies.selectors.activity import mission_activity
from strategies.selectors.version_compare import version_compare
from strategies.selectors.versions import strategy_snapshot

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def main():
    demo_seed(today=TODAY)
    return Mission.objects.get(acronym=MAIN_ACRONYM)


def whole_feed(mission):
    entries, page = [], 1
    while True:
        found = mission_activity(mission, page=page, size=200)
        entries += found.entries
        if not found.has_next:
            return entries
        page += 1


def test_every_component_has_a_lead_who_can_act_on_its_part_of_a_review(main):
    for mission in Mission.objects.filter(acronym__in=DEMO_ACRONYMS):
        components = list(Component.objects.filter(mission=mission).select_related("lead"))
        assert components, mission.acronym
        for component in components:
            lead = component.lead
            assert lead is not None, (mission.acronym, component.name)
            membership = Membership.objects.get(user=lead, mission=mission)
            assert (membership.role, membership.component_id) == (
                Role.COMPONENT_LEAD,
                component.pk,
            )
            assert can(lead, Action.ASSESS_CONTRIBUTION, mission, component)
            assert can(lead, Action.EDIT_CONTRIBUTION, mission, component)
            assert lead.check_password("demo")
        # A review under way has someone to rate its objectives and record its decisions.
        members = [m.user for m in Membership.objects.filter(mission=mission)]
        if mission.reviews.filter(status=Review.Status.OPEN).exists():
            assert any(can(user, Action.RUN_REVIEW, mission) for user in members)
            assert any(can(user, Action.ASSESS_OBJECTIVE, mission) for user in members)
        # The agenda's "contributions not assessed" items name who must enter them.
        for review in mission.reviews.exclude(status=Review.Status.PLANNED):
            for gap in completeness(review).components:
                assert gap.leads, (mission.acronym, review.period_start, gap.component.name)
                assert all(
                    can(user, Action.ASSESS_CONTRIBUTION, mission, gap.component)
                    for user in gap.leads
                )


def test_the_leads_are_named_people_and_not_listed_with_the_logins(settings, main):
    force = Component.objects.get(mission=main, name="Force")
    assert force.lead.get_full_name() == "Babacar Ndiaye"
    assert force.lead_title == "Force Commander"
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    logins = out.getvalue().split("Demo logins", 1)[1]
    for username in ("hom", "chief", "editor", "lead", "desk", "viewer", "admin", "lindqvist"):
        assert f"  {username} " in logins
    assert "ndiaye" not in logins


def test_the_main_mission_has_the_versions_its_head_approved(main):
    hom = get_user_model().objects.get(username="hom")
    assert Membership.objects.get(user=hom, mission=main).role == Role.HEAD_OF_MISSION
    versions = list(StrategyVersion.objects.filter(mission=main).order_by("number"))
    assert len(versions) >= 2
    assert {v.approved_by_id for v in versions} == {hom.pk}
    days = [timezone.localtime(v.approved_at).date() for v in versions]
    assert days == sorted(days)
    assert days[0].year == 2019
    assert main.established_on < days[0]
    signed = main.reviews.filter(status=Review.Status.SIGNED_OFF).order_by("period_start")
    first_sign_off = timezone.localtime(signed.first().signed_off_at).date()
    assert any(day > first_sign_off for day in days[1:]), "a version after the reviews"
    assert days[-1] < TODAY

    # Each version holds the strategy as it read then.
    codes = [[o["code"] for o in v.snapshot["objectives"]] for v in versions]
    assert codes[0] == ["O1", "O2", "O5"]
    assert "O4" in codes[-1] and "O4" not in codes[-2]
    first_o2 = next(o for o in versions[0].snapshot["objectives"] if o["code"] == "O2")
    assert "negotiate" in first_o2["title"]
    assert "Marovo" not in versions[0].snapshot["end_state"]["statement"]
    # The review's decision (O2.2 brought forward) is in the version after it, not before.
    phases = [
        {o["code"]: o["phase"] for o in v.snapshot["objectives"]}.get("O2.2") for v in versions
    ]
    assert phases[1:3] == [2, 1]

    # The working draft has moved on since the current version.
    draft = version_compare(versions[-1].snapshot, strategy_snapshot(mission=main))
    changed = {s.key: s for s in draft}
    assert changed["objectives"].changes, "the draft differs from the approved version"
    assert Objective.objects.get(mission=main, code="O6").status == Objective.Status.ACHIEVED


def test_the_version_pages_show_the_approved_versions(client, main):
    client.force_login(get_user_model().objects.get(username="hom"))
    response = client.get(reverse("strategies:versions", args=[MAIN_ACRONYM]))
    assert response.status_code == 200
    assert response.content.decode().count("Miriam Osei") >= 2
    response = client.get(
        reverse("strategies:version_compare", args=[MAIN_ACRONYM]), {"from": "1", "to": "4"}
    )
    assert response.status_code == 200
    assert "O4" in response.content.decode()


def test_the_history_names_the_people_who_made_each_change_on_its_day(main):
    entries = whole_feed(main)
    assert len(entries) > 100
    people = Counter(e.who for e in entries)
    named = {who for who in people if who}
    assert {"Leila Haddad", "Tomás Ferreira", "Miriam Osei"} <= named
    assert len(named) >= 5  # component leads state their own contributions
    system = sum(n for who, n in people.items() if who is None)
    assert system / len(entries) < 0.05
    assert all(e.source == "seed_demo" for e in entries if e.who is None)

    # Dated over the mission's life, newest first, never in the future.
    whens = [e.when for e in entries]
    assert whens == sorted(whens, reverse=True)
    assert len({w.date() for w in whens}) > 30
    assert min(whens).year == 2019
    assert max(whens).date() <= TODAY

    # The head's sign-off changed the draft, tracked to the review that decided it.
    decided = [e for e in entries if e.review_label]
    assert decided
    assert {e.who for e in decided} == {"Miriam Osei"}
    o22 = next(e for e in decided if e.subject.startswith("O2.2"))
    assert [c.label for c in o22.changes] == ["Phase"]


def test_seeding_again_creates_nothing_and_writes_no_history(settings):
    settings.DEBUG = False
    call_command("seed_demo", "--force", stdout=StringIO())
    main = Mission.objects.get(acronym=MAIN_ACRONYM)
    before = len(whole_feed(main))
    out = StringIO()
    call_command("seed_demo", "--force", stdout=out)
    assert "This run created 0 rows and updated 0." in out.getvalue()
    assert len(whole_feed(main)) == before


def test_each_versions_then_block_reads_as_the_objectives_it_changes():
    from portfolio.demo_loader import as_then, demo_missions

    main_spec = demo_missions()[0]
    by_code = {o.code: o for o in main_spec.objectives}
    assert len(main_spec.versions) >= 3
    for version in main_spec.versions:
        assert version.approved_by == "hom"
        if version.then is None:
            continue
        assert set(version.then.absent) <= set(by_code)
        for code, changes in version.then.objectives.items():
            then = as_then(by_code[code], changes, code)
            assert then.code == code
    with pytest.raises(ValueError, match=r"unknown keys \['colour'\]"):
        as_then(by_code["O1"], {"colour": "red"}, "O1")


def test_the_review_that_found_the_assumption_broken_records_it_and_the_risk_it_raised(main):
    """Its conclusions say the Committee's consensus assumption is now broken: the review
    holds that re-rating, and the risk of a withdrawal it raised from medium to high."""
    review = (
        Review.objects.filter(mission=main, status=Review.Status.SIGNED_OFF)
        .order_by("-period_start")
        .first()
    )
    assert "now rated broken" in review.summary
    consensus = review.assumption_assessments.get(
        assumption__statement__startswith="The Executive Monitoring Committee can take"
    )
    assert consensus.rating == "broken" and consensus.note
    moved = [r for r in review.risk_assessments.select_related("risk") if r.changed]
    assert [(r.severity_was, r.severity) for r in moved] == [("medium", "high")]
    # The strategy reads as the review left it.
    assert moved[0].risk.severity == "high"
