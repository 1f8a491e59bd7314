"""The decision log: one form whose fields depend on the kind, the services' errors next to
the fields (400, input kept), stale edits (409), the write rights, a review that is not open
(403 with the reason), and the decisions applied to the draft on sign-off."""

from __future__ import annotations

import pytest

from reviews.models import Decision, Review
from strategies.models import Objective
from strategies.services.versions import version_approve
from tests.reviews.cycle_world import World, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def add_url(world: World, review: Review) -> str:
    return f"{world.url(review)}decisions/new/"


def edit_url(world: World, review: Review, decision: Decision) -> str:
    return f"{world.url(review)}decisions/{decision.pk}/"


@pytest.fixture
def chief_client(client, world):
    client.force_login(world.users["chief"])
    return client


@pytest.fixture
def review(world):
    return world.review("open")


def valid_posts(world: World) -> dict[str, tuple[dict, dict]]:
    """kind: (what is posted, what the decision must hold)."""
    o1, o2 = world.objectives[0], world.objectives[1]
    task = world.tasks[0]
    return {
        "keep": ({"objective": o1.pk}, {"objective": o1, "details": {}}),
        "drop": ({"objective": o2.pk}, {"objective": o2, "details": {}}),
        "adjust": (
            {"objective": o1.pk, "adjust_title": " Sharper title ", "adjust_priority": "1"},
            {"objective": o1, "details": {"title": "Sharper title", "priority": 1}},
        ),
        "add": (
            {
                "new_code": "O9",
                "new_title": "Local authority returns",
                "new_levels": ["local", "national"],
                "new_priority": "1",
                "new_phase": "2",
                # Fields of other kinds are ignored, whatever they hold.
                "objective": o1.pk,
                "task_phase": "7",
            },
            {
                "objective": None,
                "details": {
                    "code": "O9",
                    "title": "Local authority returns",
                    "description": "",
                    "levels": ["local", "national"],
                    "priority": 1,
                    "phase": 2,
                },
            },
        ),
        "reprioritise": (
            {"task": task.pk, "strategic": "yes"},
            {"task": task, "details": {"is_strategic_priority": True}},
        ),
        "resequence": (
            {"task": task.pk, "task_phase": "3"},
            {"task": task, "details": {"phase": 3}},
        ),
        "contribution": (
            {"objective": o2.pk, "component": world.unled.pk, "role": "lead"},
            {"objective": o2, "component": world.unled, "details": {"role": "lead"}},
        ),
    }


@pytest.mark.parametrize(
    "kind", ["keep", "drop", "adjust", "add", "reprioritise", "resequence", "contribution"]
)
def test_each_kind_of_decision_is_recorded_from_its_own_fields(world, chief_client, review, kind):
    posted, expected = valid_posts(world)[kind]
    response = chief_client.post(
        add_url(world, review), {"kind": kind, "rationale": f"Because {kind}.", **posted}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == f"{world.url(review)}#decisions"
    decision = Decision.objects.get(review=review)
    assert decision.kind == kind and decision.rationale == f"Because {kind}."
    assert decision.decided_by == world.users["chief"]
    for name, value in expected.items():
        assert getattr(decision, name) == value, name
    if kind in ("keep", "drop", "adjust", "add"):
        assert decision.task is None and decision.component is None


# kind: (posted, field where the error shows (None: the kind's fieldset), the message)
INVALID = [
    ("", {}, "kind", "Choose the kind of decision."),
    ("keep", {}, "objective", "Choose the objective."),
    ("drop", {}, "objective", "Choose the objective."),
    ("adjust", {"objective": 0}, None, "Say what changes: title, description, priority or phase."),
    ("adjust", {"objective": 0, "adjust_phase": "12"}, "adjust_phase", "less than or equal to 9"),
    ("add", {"new_title": "No code"}, None, "A new objective needs a code and a title."),
    (
        "add",
        {"new_code": "o1", "new_title": "Twice"},
        None,
        "The mission already has an objective o1.",
    ),
    ("reprioritise", {"strategic": "yes"}, "task", "Choose the mandated task."),
    (
        "reprioritise",
        {"task": 0},
        None,
        "Say whether the task becomes a strategic priority or not.",
    ),
    ("resequence", {"task": 0}, None, "Give the phase in which the task will be taken up."),
    ("contribution", {"objective": 0, "role": "lead"}, "component", "Choose the component."),
    (
        "contribution",
        {"objective": 0, "component": 0},
        None,
        "Choose the contribution: lead, support or none.",
    ),
]


@pytest.mark.parametrize(("kind", "posted", "where", "message"), INVALID)
def test_a_decision_missing_what_its_kind_needs_shows_why_next_to_the_fields(
    world, chief_client, review, kind, posted, where, message
):
    ids = {
        "objective": world.objectives[0].pk,
        "task": world.tasks[0].pk,
        "component": world.unled.pk,
    }
    data = {name: ids[name] if value == 0 else value for name, value in posted.items()}
    data.update(kind=kind, rationale="A rationale that must survive the error.")
    response = chief_client.post(add_url(world, review), data)
    assert response.status_code == 400
    assert not Decision.objects.filter(review=review).exists()
    text = response.content.decode()
    assert "A rationale that must survive the error." in text
    form = response.context["form"]
    if where is None:
        assert any(message in m for m in form.details_errors), form.details_errors
        fieldset = next(s for s in form.fieldsets() if s.errors)
        assert kind in fieldset.kinds
    else:
        assert any(message in m for m in form.errors[where]), form.errors
    assert message.replace("'", "&#x27;") in text


def test_the_rationale_is_required(world, chief_client, review):
    response = chief_client.post(
        add_url(world, review), {"kind": "keep", "objective": world.objectives[0].pk}
    )
    assert response.status_code == 400
    assert "Give the rationale" in response.context["form"].errors["rationale"][0]


def test_an_agenda_link_prefills_the_objective(world, chief_client, review):
    objective = world.objectives[2]
    response = chief_client.get(f"{add_url(world, review)}?objective={objective.pk}&kind=adjust")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["objective"].value() == str(objective.pk) and form["kind"].value() == "adjust"


def test_editing_a_decision_changes_its_kind_and_fields(world, chief_client, review):
    decision = Decision.objects.create(
        review=review, kind="keep", objective=world.objectives[0], rationale="Keep it."
    )
    page = chief_client.get(edit_url(world, review, decision))
    assert page.status_code == 200 and page.context["form"]["kind"].value() == "keep"
    response = chief_client.post(
        edit_url(world, review, decision),
        {
            "kind": "resequence",
            "task": world.tasks[1].pk,
            "task_phase": "2",
            "rationale": "Later, after the elections.",
            "revision": decision.revision,
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.kind == "resequence" and decision.details == {"phase": 2}
    assert decision.task == world.tasks[1] and decision.objective is None
    assert decision.revision == 2


def test_an_edit_after_someone_else_saved_shows_the_conflict_and_keeps_input(
    world, chief_client, review
):
    decision = Decision.objects.create(
        review=review, kind="keep", objective=world.objectives[0], rationale="Keep it."
    )
    Decision.objects.filter(pk=decision.pk).update(rationale="Their words.", revision=2)
    response = chief_client.post(
        edit_url(world, review, decision),
        {
            "kind": "keep",
            "objective": world.objectives[0].pk,
            "rationale": "My words.",
            "revision": 1,
        },
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "Someone else saved this after you opened it" in text
    assert "Their words." in text and "My words." in text
    decision.refresh_from_db()
    assert decision.rationale == "Their words."
    # Saving again, having seen theirs, is deliberate and goes through.
    assert response.context["form"].data["revision"] == 2
    response = chief_client.post(
        edit_url(world, review, decision),
        {
            "kind": "keep",
            "objective": world.objectives[0].pk,
            "rationale": "My words.",
            "revision": 2,
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.rationale == "My words."


def test_deleting_a_decision_asks_then_deletes_unless_it_changed(world, chief_client, review):
    decision = Decision.objects.create(
        review=review, kind="keep", objective=world.objectives[0], rationale="Keep it."
    )
    url = f"{edit_url(world, review, decision)}delete/"
    assert chief_client.get(url).status_code == 200
    Decision.objects.filter(pk=decision.pk).update(revision=2)
    assert chief_client.post(url, {"revision": 1}).status_code == 409
    assert Decision.objects.filter(pk=decision.pk).exists()
    response = chief_client.post(url, {"revision": 2})
    assert response.status_code == 302 and response.url == f"{world.url(review)}#decisions"
    assert not Decision.objects.filter(pk=decision.pk).exists()


@pytest.mark.parametrize("role", ["hom", "editor", "lead", "desk", "viewer"])
def test_only_the_chief_of_staff_writes_decisions(client, world, review, role):
    decision = Decision.objects.create(
        review=review, kind="keep", objective=world.objectives[0], rationale="Keep it."
    )
    client.force_login(world.users[role])
    posted, _ = valid_posts(world)["drop"]
    data = {"kind": "drop", "rationale": "No.", **posted}
    assert client.post(add_url(world, review), data).status_code == 403
    assert client.get(add_url(world, review)).status_code == 403
    assert (
        client.post(edit_url(world, review, decision), {**data, "revision": 1}).status_code == 403
    )
    assert (
        client.post(f"{edit_url(world, review, decision)}delete/", {"revision": 1}).status_code
        == 403
    )
    decision.refresh_from_db()
    assert decision.kind == "keep" and Decision.objects.filter(review=review).count() == 1
    page = client.get(world.url(review)).content.decode()
    assert add_url(world, review) not in page and edit_url(world, review, decision) not in page


def test_outsiders_get_404_on_decision_urls(client, world, review):
    decision = Decision.objects.create(
        review=review, kind="keep", objective=world.objectives[0], rationale="Keep it."
    )
    client.force_login(world.users["outsider"])
    for url in (add_url(world, review), edit_url(world, review, decision)):
        assert client.post(url, {"kind": "keep"}).status_code == 404
    assert client.post(f"{edit_url(world, review, decision)}delete/", {}).status_code == 404


@pytest.mark.parametrize("status", ["planned", "concluded", "signed_off"])
def test_a_review_that_is_not_open_refuses_every_decision_write(world, chief_client, status):
    review = world.review(status)
    decision = Decision.objects.create(
        review=review, kind="keep", objective=world.objectives[0], rationale="Keep it."
    )
    posted, _ = valid_posts(world)["drop"]
    data = {"kind": "drop", "rationale": "No.", **posted, "revision": 1}
    label = {"planned": "planned", "concluded": "concluded", "signed_off": "signed off"}[status]
    for method, url in (
        ("post", add_url(world, review)),
        ("get", add_url(world, review)),
        ("post", edit_url(world, review, decision)),
        ("get", edit_url(world, review, decision)),
        ("post", f"{edit_url(world, review, decision)}delete/"),
    ):
        response = getattr(chief_client, method)(url, data if method == "post" else None)
        assert response.status_code == 403, (method, url)
        assert f"This review is {label} and read-only." in response.content.decode()
    decision.refresh_from_db()
    assert decision.kind == "keep" and Decision.objects.filter(review=review).count() == 1
    page = chief_client.get(world.url(review)).content.decode()
    assert "<form" not in page.split('id="decisions"')[1].split("</section>")[0]


def test_signed_off_decisions_change_the_draft_and_the_workspace_says_how(client, world):
    """Drop an objective and make a task a strategic priority: after sign-off the draft has
    both changes, compared with the version approved before the review."""
    mission, chief, hom = world.mission, world.users["chief"], world.users["hom"]
    version_approve(mission=mission, by=hom, note="Before the review.")
    review = world.review("open")
    world.rate_all(review)
    dropped, task = world.objectives[1], world.tasks[0]
    client.force_login(chief)
    for data in (
        {"kind": "drop", "objective": dropped.pk, "rationale": "Overtaken by events."},
        {"kind": "reprioritise", "task": task.pk, "strategic": "yes", "rationale": "Council ask."},
    ):
        assert client.post(add_url(world, review), data).status_code == 302
    assert (
        client.post(world.url(review, "conclude"), {"summary": "Recalibrated."}).status_code == 302
    )
    client.force_login(hom)
    review.refresh_from_db()
    response = client.post(world.url(review, "sign-off"), {"revision": review.revision})
    assert response.status_code == 302
    dropped.refresh_from_db()
    task.refresh_from_db()
    assert dropped.status == Objective.Status.DROPPED
    assert task.is_strategic_priority is True
    page = client.get(world.url(review)).content.decode()
    assert "O2 dropped." in page and f"Task {task.reference} made a strategic priority." in page
    assert f"/missions/{mission.acronym}/versions/compare/?from=1&amp;to=draft" in page
    assert f"/missions/{mission.acronym}/activity/" in page
    assert "<form" not in page.split('id="decisions"')[1].split("</section>")[0]
    compare = client.get(f"/missions/{mission.acronym}/versions/compare/?from=1&to=draft")
    text = compare.content.decode()
    assert compare.status_code == 200
    assert "Dropped" in text and f"{dropped.code} {dropped.title}" in text
    assert "Strategic priority" in text


def test_a_decision_is_marked_at_the_missions_level_and_can_be_kept_for_named_people(
    world, chief_client, client, review
):
    mission = review.mission
    mission.default_classification = 1
    mission.save()
    page = chief_client.get(add_url(world, review)).content.decode()
    assert 'name="classification"' in page and 'value="1" selected' in page
    chief = world.users["chief"]
    response = chief_client.post(
        add_url(world, review),
        {
            "kind": "drop",
            "objective": world.objectives[1].pk,
            "rationale": "CANARY-the president asked us to.",
            "classification": "2",
            "named_readers": [chief.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    decision = Decision._base_manager.get(review=review)
    assert (decision.classification, decision.named_readers) == (2, [chief.pk])
    # Lowering it is the head of mission's: the chief is told so and nothing changes.
    response = chief_client.post(
        edit_url(world, review, decision),
        {
            "kind": "drop",
            "objective": world.objectives[1].pk,
            "rationale": "Plainly.",
            "classification": "0",
            "confirm_level": "on",
            "revision": decision.revision,
        },
    )
    assert response.status_code == 400
    assert "Only the head of mission can lower" in response.content.decode()
    decision.refresh_from_db()
    assert decision.classification == 2 and decision.rationale.startswith("CANARY")
    # Nobody else on the mission learns of it.
    others = [user for name, user in world.users.items() if name not in ("chief", "hom")]
    for user in others:
        client.force_login(user)
        assert "CANARY" not in client.get(world.url(review)).content.decode(), user
