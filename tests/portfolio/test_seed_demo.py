"""`seed_demo`: guarded by DEBUG, idempotent, and rich enough that every screen has something real
to show, including the findings the demo is meant to surface."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from mandates.models import Mandate, MandatedTask
from missions.models import Component, Level, Membership, Mission, Role, Stakeholder
from portfolio.demo import demo_seed
from portfolio.demo_loader import MAIN_ACRONYM, demo_missions
from reviews.autopilot import autopilot_flags
from reviews.models import Review
from reviews.planning import period_containing, plan_reviews
from reviews.selectors.trends import objective_trends
from strategies.models import (
    Assumption,
    ConflictDriver,
    ExitCondition,
    Objective,
    StakeholderPosition,
)
from strategies.selectors.findings import findings_for_mission

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)
DEMO_ROLES = {
    "hom": Role.HEAD_OF_MISSION,
    "chief": Role.CHIEF_OF_STAFF,
    "editor": Role.STRATEGY_EDITOR,
    "lead": Role.COMPONENT_LEAD,
    "desk": Role.DESK_OFFICER,
    "viewer": Role.VIEWER,
}


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """Every seed checks eight passwords; the production hasher would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seeded():
    demo_seed(today=TODAY)
    return Mission.objects.get(acronym=MAIN_ACRONYM)


def row_counts() -> dict[str, int]:
    """Rows in every table, history events included (unmanaged models are views over them)."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def test_it_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=StringIO())
    assert not Mission.objects.exists()


def test_it_runs_when_forced_and_prints_the_logins(settings):
    settings.DEBUG = False
    out = StringIO()
    call_command("seed_demo", "--force", stdout=out)
    text = out.getvalue()
    assert Mission.objects.filter(acronym=MAIN_ACRONYM).exists()
    for username in [*DEMO_ROLES, "admin"]:
        assert f"  {username} " in text
    assert "password 'demo'" in text


def test_it_runs_without_force_when_debug_is_on(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    assert Mission.objects.filter(acronym=MAIN_ACRONYM).exists()


def test_running_it_twice_changes_no_row_count():
    first = demo_seed(today=TODAY)
    before = row_counts()
    second = demo_seed(today=TODAY)
    assert row_counts() == before
    assert second["rows_created"] == 0
    assert second["rows_updated"] == 0
    assert {k: v for k, v in first.items() if not k.startswith("rows_")} == {
        k: v for k, v in second.items() if not k.startswith("rows_")
    }


def test_a_reset_on_a_later_day_moves_dates_instead_of_duplicating():
    demo_seed(today=TODAY)
    before = row_counts()
    demo_seed(today=date(2027, 2, 10), reset=True)
    demo_seed(today=date(2027, 6, 1), reset=True)
    after = row_counts()
    demo_models = [
        label for label in before if label.split(".")[0] in {"missions", "mandates", "reviews"}
    ]
    demo_models += [label for label in before if label.startswith("strategies.")]
    for label in demo_models:
        if "Event" in label:
            continue  # history records the moved dates, as it should
        assert after[label] == before[label], label
    main = Mission.objects.get(acronym=MAIN_ACRONYM)
    assert main.reviews.get(status=Review.Status.PLANNED).period_start == date(2027, 4, 1)


def test_every_demo_login_works_with_the_demo_password(seeded):
    user_model = get_user_model()
    for username in [*DEMO_ROLES, "admin"]:
        assert user_model.objects.get(username=username).check_password("demo"), username


def test_each_demo_user_holds_one_role_on_the_main_mission(seeded):
    for username, role in DEMO_ROLES.items():
        membership = Membership.objects.get(user__username=username, mission=seeded)
        assert membership.role == role


def test_the_component_lead_leads_the_component_of_their_membership(seeded):
    membership = Membership.objects.get(user__username="lead", mission=seeded)
    assert membership.component is not None
    assert membership.component.lead.username == "lead"


def test_who_sees_which_mission(seeded):
    user_model = get_user_model()
    everyone = set(Mission.objects.values_list("acronym", flat=True))
    desk = set(
        Mission.objects.visible_to(user_model.objects.get(username="desk")).values_list(
            "acronym", flat=True
        )
    )
    assert MAIN_ACRONYM in desk
    assert len(desk) == 3
    assert everyone - desk, "a mission must exist that the desk officer holds no role in"
    assert Membership.objects.filter(user__username="desk", role=Role.DESK_OFFICER).count() == 3
    for username in ("hom", "chief", "editor", "lead", "viewer"):
        visible = Mission.objects.visible_to(user_model.objects.get(username=username))
        assert list(visible.values_list("acronym", flat=True)) == [MAIN_ACRONYM]
    admin = user_model.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.is_staff
    assert not admin.memberships.exists()
    assert set(Mission.objects.visible_to(admin).values_list("acronym", flat=True)) == everyone


def test_every_demo_mission_is_illustrative(seeded):
    assert not Mission.objects.filter(is_illustrative=False).exists()


def test_the_main_mandate_has_twenty_tasks_in_official_form(seeded):
    mandate = Mandate.objects.get(mission=seeded)
    assert mandate.chapter_vii
    assert mandate.end_state == seeded.current_end_state
    assert mandate.strategic_objectives.startswith("Decides that the strategic priority of")
    assert (mandate.expires_on - TODAY).days > 60  # shown, but not yet a finding
    tasks = list(mandate.tasks.order_by("position"))
    assert len(tasks) >= 20
    positions = [t.position for t in tasks]
    assert positions == sorted(set(positions))
    sub = MandatedTask.objects.get(mandate=mandate, reference="29 (i) (a)")
    assert sub.parent.reference == "29 (i)"
    assert sub.parent.parent.reference == "29"
    assert sub.is_strategic_priority
    assert mandate.tasks.filter(phase__isnull=False).exists()
    assert mandate.tasks.filter(alignments__isnull=True).count() == 3


def test_the_main_strategy_covers_every_level(seeded):
    objectives = Objective.objects.filter(mission=seeded)
    assert 5 <= objectives.count() <= 8
    levels = {level for objective in objectives for level in objective.levels}
    assert levels == set(Level.values)
    assert objectives.filter(parent__isnull=False).exists()
    assert all(o.end_state_id == seeded.current_end_state.pk for o in objectives)
    for objective in objectives:
        assert 1 <= objective.assumptions.count() <= 3, objective.code
    assert Assumption.objects.filter(
        objective__mission=seeded, rating=Assumption.Rating.BROKEN
    ).exists()
    active = objectives.filter(status=Objective.Status.ACTIVE)
    assert active.filter(markers__isnull=True).count() == 1
    assert active.filter(contributions__isnull=True).count() == 1


def test_the_main_mission_has_components_stakeholders_drivers_and_exit_conditions(seeded):
    components = Component.objects.filter(mission=seeded)
    assert components.count() >= 6
    assert components.filter(contributions__isnull=True).count() == 1
    assert components.get(name="Force").lead_title == "Force Commander"
    stakeholders = Stakeholder.objects.filter(mission=seeded)
    assert stakeholders.count() >= 10
    assert not stakeholders.filter(positions__isnull=True).exists()
    histories = Counter(
        StakeholderPosition.objects.filter(objective__mission=seeded).values_list(
            "stakeholder", "objective"
        )
    )
    assert sum(1 for n in histories.values() if n >= 2) >= 3
    drivers = ConflictDriver.objects.filter(mission=seeded)
    assert drivers.count() >= 5
    assert drivers.filter(objectives__isnull=True).count() == 1
    exits = ExitCondition.objects.filter(end_state__mission=seeded)
    assert 4 <= exits.count() <= 6
    assert {e.kind for e in exits} == set(ExitCondition.Kind.values)


def test_the_main_mission_has_three_signed_off_reviews_and_this_quarters(seeded):
    signed = list(seeded.reviews.filter(status=Review.Status.SIGNED_OFF).order_by("period_start"))
    planned = seeded.reviews.get(status=Review.Status.PLANNED)
    assert len(signed) == 3
    assert signed[-1].period_end < TODAY <= planned.period_end
    period = period_containing(TODAY, seeded.review_cadence_months)
    assert (planned.period_start, planned.opens_on, planned.due_on) == (
        period.start,
        period.opens_on,
        period.due_on,
    )
    for review in signed:
        assert review.signed_off_by.username == "hom"
        assert review.objective_assessments.count() == 7
        assert review.decisions.exists()
    # Each rated objective has three points to draw a trend from.
    trends = objective_trends(seeded)
    o3 = Objective.objects.get(mission=seeded, code="O3")
    assert [progress for _review, progress in trends[o3.pk]] == [
        "on_track",
        "at_risk",
        "stalled",
    ]


def test_the_planner_finds_the_demo_reviews_already_there(seeded):
    current = Mission.objects.filter(acronym__in=[m.acronym for m in demo_missions()])
    for mission in current:
        period = period_containing(TODAY, mission.review_cadence_months)
        assert mission.reviews.filter(period_start=period.start).exists(), mission.acronym
    # It plans only the period after; seeding again leaves those and changes nothing.
    assert plan_reviews(today=TODAY, missions=current) == current.count()
    again = demo_seed(today=TODAY)
    assert (again["rows_created"], again["rows_updated"]) == (0, 0)
    assert plan_reviews(today=TODAY, missions=current) == 0


def test_one_desk_mission_is_on_autopilot_and_the_other_is_not(seeded):
    flags = autopilot_flags(Mission.objects.filter(acronym__in=["UNOVB", "UNISFD"]), TODAY)
    by_acronym = {
        Mission.objects.get(pk=pk).acronym: [f.code for f in v] for pk, v in flags.items()
    }
    assert by_acronym["UNISFD"] == []
    assert by_acronym["UNOVB"] == ["review_overdue", "quiet_reviews", "no_recent_version"]


def test_the_findings_panels_show_real_gaps(seeded):
    main = Counter(f.rule.code for f in findings_for_mission(seeded.pk, TODAY))
    assert main == {
        "unaligned_task": 3,
        "objective_without_contribution": 1,
        "component_without_contribution": 1,
        "objective_without_marker": 1,
        "stale_position": 2,
        "exit_condition_without_evidence": 2,
        "unaddressed_driver": 1,
        # The mandate expires within a year; 14 of its 19 tasks have a handover planned.
        "task_without_handover": 5,
    }
    desk_missions = Mission.objects.filter(memberships__user__username="desk").exclude(pk=seeded.pk)
    expiring = [
        m.acronym
        for m in desk_missions
        if any(f.rule.code == "expiring_mandate" for f in findings_for_mission(m.pk, TODAY))
    ]
    assert len(expiring) == 1


def seed_events() -> int:
    """History contexts the seeder opened: each of its writes is filed under one."""
    from pghistory.models import Context

    return Context.objects.filter(metadata__source="seed_demo").count()


def test_seeding_again_keeps_what_people_changed(seeded):
    o1 = Objective.objects.get(mission=seeded, code="O1")
    Objective.objects.filter(pk=o1.pk).update(title="Retitled by the SRSG's office", priority=3)
    strained = Assumption.objects.filter(
        objective__mission=seeded, rating=Assumption.Rating.UNDER_STRAIN
    ).first()
    strained.rating = Assumption.Rating.BROKEN
    strained.save(update_fields=["rating"])
    planned = seeded.reviews.get(status=Review.Status.PLANNED)
    Review.objects.filter(pk=planned.pk).update(
        status=Review.Status.SIGNED_OFF, summary="Signed off by the head of mission."
    )
    Stakeholder.objects.filter(mission=seeded).first().delete()
    Membership.objects.filter(user__username="viewer", mission=seeded).delete()
    user = get_user_model().objects.get(username="editor")
    user.set_password("a password of her own")
    user.save()
    before, events = row_counts(), seed_events()

    again = demo_seed(today=date(2027, 2, 10))

    assert (again["rows_created"], again["rows_updated"]) == (0, 0)
    assert row_counts() == before
    assert seed_events() == events, "the seeder wrote history"
    o1.refresh_from_db()
    assert (o1.title, o1.priority) == ("Retitled by the SRSG's office", 3)
    strained.refresh_from_db()
    assert strained.rating == Assumption.Rating.BROKEN
    planned.refresh_from_db()
    assert planned.status == Review.Status.SIGNED_OFF
    assert get_user_model().objects.get(username="editor").check_password("a password of her own")


def test_seeding_again_creates_a_missing_demo_mission_and_login_only(seeded):
    # A mission cannot be deleted with its strategy; under another acronym it is not the demo's.
    Mission.objects.filter(acronym="UNVMS").update(acronym="UNVMX")
    get_user_model().objects.filter(username="observer").delete()
    unsmk = row_counts()["strategies.Objective"]

    again = demo_seed(today=TODAY)

    assert again["rows_created"] > 0
    assert again["rows_updated"] == 0
    assert Mission.objects.filter(acronym="UNVMS").exists()
    assert Membership.objects.filter(user__username="observer", mission__acronym="UNVMS").exists()
    assert row_counts()["strategies.Objective"] > unsmk
    assert not Membership.objects.filter(user__username="observer", mission=seeded).exists()


def test_reset_restores_the_story_and_says_what_it_replaces(settings, seeded):
    settings.DEBUG = True
    Objective.objects.filter(mission=seeded, code="O1").update(title="Edited")
    out = StringIO()
    call_command("seed_demo", "--reset", "--no-input", stdout=out)
    text = out.getvalue()
    assert "--reset restores the scripted story in UNISFD, UNOVB, UNSMK, UNVMS" in text
    assert "every review (ratings, decisions, conclusions, sign-offs)" in text
    assert Objective.objects.get(mission=seeded, code="O1").title != "Edited"


def test_reset_asks_first_and_changes_nothing_without_a_yes(settings, seeded, monkeypatch):
    settings.DEBUG = True
    Objective.objects.filter(mission=seeded, code="O1").update(title="Edited")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("seed_demo", "--reset", stdout=StringIO())
    assert Objective.objects.get(mission=seeded, code="O1").title == "Edited"


def test_reset_is_refused_when_debug_is_off_even_when_forced(settings, seeded):
    settings.DEBUG = False
    Objective.objects.filter(mission=seeded, code="O1").update(title="Edited")
    with pytest.raises(CommandError, match="--reset would replace people's work"):
        call_command("seed_demo", "--reset", "--force", "--no-input", stdout=StringIO())
    assert Objective.objects.get(mission=seeded, code="O1").title == "Edited"
