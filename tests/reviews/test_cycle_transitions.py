"""Every role against every transition of a review, by direct POST; transitions from the
wrong state; reopening with its reason; a review that moved meanwhile.

A role without the right gets 403 and the review does not move; someone with no role in the
mission gets 404; an anonymous visitor is sent to log in.
"""

from __future__ import annotations

import pytest

from reviews.models import Decision, Review, ReviewReopening
from tests.reviews.cycle_world import World, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

ROLES = ["hom", "chief", "editor", "lead", "desk", "viewer"]

# transition: (state it starts from, posted data, state it ends in, roles that may take it)
TRANSITIONS = {
    "open": ("planned", {}, "open", {"chief"}),
    "conclude": ("open", {"summary": "The quarter in one paragraph."}, "concluded", {"chief"}),
    "sign-off": ("concluded", {}, "signed_off", {"hom"}),
    "reopen": (
        "concluded",
        {"reason": "A component's assessment was missing."},
        "open",
        {"chief", "hom"},
    ),
}


def _ready(world: World, transition: str) -> tuple[Review, dict]:
    status, data, _, _ = TRANSITIONS[transition]
    review = world.review(status)
    if transition == "conclude":
        world.rate_all(review)
    if transition == "sign-off":
        data = {"revision": review.revision}
    return review, data


@pytest.mark.parametrize("transition", list(TRANSITIONS))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_against_each_transition(client, world, transition, role):
    review, data = _ready(world, transition)
    _, _, after, allowed = TRANSITIONS[transition]
    before = review.status
    client.force_login(world.users[role])
    response = client.post(world.url(review, transition), data)
    review.refresh_from_db()
    if role in allowed:
        assert response.status_code == 302, (role, transition, response.status_code)
        assert response.url == world.url(review)
        assert review.status == after
    else:
        assert response.status_code == 403, (role, transition, response.status_code)
        assert review.status == before


@pytest.mark.parametrize("transition", list(TRANSITIONS))
def test_someone_without_a_role_in_the_mission_gets_404(client, world, transition):
    review, data = _ready(world, transition)
    client.force_login(world.users["outsider"])
    assert client.post(world.url(review, transition), data).status_code == 404
    assert client.get(world.url(review)).status_code == 404
    assert client.get(f"/missions/{world.mission.acronym}/reviews/").status_code == 404
    review.refresh_from_db()
    assert review.status == TRANSITIONS[transition][0]


@pytest.mark.parametrize("transition", list(TRANSITIONS))
def test_anonymous_visitors_are_sent_to_log_in(client, world, transition):
    review, data = _ready(world, transition)
    response = client.post(world.url(review, transition), data)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    review.refresh_from_db()
    assert review.status == TRANSITIONS[transition][0]


def test_only_the_transitions_a_viewer_may_take_are_shown(client, world):
    planned, concluded = world.review("planned"), world.review("concluded")
    client.force_login(world.users["chief"])
    page = client.get(world.url(planned)).content.decode()
    assert world.url(planned, "open") in page
    page = client.get(world.url(concluded)).content.decode()
    assert world.url(concluded, "reopen") in page
    assert world.url(concluded, "sign-off") not in page
    client.force_login(world.users["hom"])
    page = client.get(world.url(concluded)).content.decode()
    assert world.url(concluded, "sign-off") in page and world.url(concluded, "reopen") in page
    assert world.url(planned, "open") not in client.get(world.url(planned)).content.decode()
    for role in ("editor", "lead", "desk", "viewer"):
        client.force_login(world.users[role])
        for review in (planned, concluded):
            page = client.get(world.url(review)).content.decode()
            assert client.get(world.url(review)).status_code == 200
            for action in ("open", "conclude", "sign-off", "reopen", "nudge"):
                assert world.url(review, action) not in page, (role, review.status, action)


# Wrong states --------------------------------------------------------------------------------

WRONG = [
    ("open", "open"),
    ("open", "concluded"),
    ("open", "signed_off"),
    ("conclude", "planned"),
    ("conclude", "concluded"),
    ("conclude", "signed_off"),
    ("sign-off", "open"),
    ("sign-off", "signed_off"),
    ("reopen", "open"),
    ("reopen", "signed_off"),
    ("reopen", "planned"),
]


@pytest.mark.parametrize(("transition", "status"), WRONG)
def test_a_transition_from_the_wrong_state_is_refused_with_a_clear_message(
    client, world, transition, status
):
    review = world.review(status)
    world.rate_all(review)
    data = dict(TRANSITIONS[transition][1])
    if transition == "sign-off":
        data["revision"] = review.revision
    _, _, _, allowed = TRANSITIONS[transition]
    client.force_login(world.users[sorted(allowed)[0]])
    response = client.post(world.url(review, transition), data)
    assert response.status_code == 409
    text = response.content.decode()
    assert "This review moved on before your action" in text
    assert f"This review is {review.get_status_display().lower()}" in text
    review.refresh_from_db()
    assert review.status == status
    assert not ReviewReopening.objects.filter(review=review).exists()


def test_a_review_concluded_meanwhile_keeps_the_text_the_chief_typed(client, world):
    review = world.review("open")
    world.rate_all(review)
    Review.objects.filter(pk=review.pk).update(status="concluded")  # someone else, meanwhile
    client.force_login(world.users["chief"])
    response = client.post(
        world.url(review, "conclude"), {"summary": "My own conclusions, not saved."}
    )
    assert response.status_code == 409
    assert "My own conclusions, not saved." in response.content.decode()
    review.refresh_from_db()
    assert review.summary == ""


def test_sign_off_confirms_against_the_review_the_head_read(client, world):
    review = world.review("concluded")
    client.force_login(world.users["hom"])
    page = client.get(world.url(review, "sign-off"))
    assert page.status_code == 200
    Review.objects.filter(pk=review.pk).update(
        revision=review.revision + 2
    )  # reopened, reconcluded
    response = client.post(world.url(review, "sign-off"), {"revision": review.revision})
    assert response.status_code == 409
    assert "The review changed after you opened this page" in response.content.decode()
    review.refresh_from_db()
    assert review.status == "concluded"
    response = client.post(world.url(review, "sign-off"), {"revision": review.revision})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "signed_off" and review.signed_off_by == world.users["hom"]


def test_sign_off_page_lists_the_decisions_that_will_change_the_draft(client, world):
    review = world.review("concluded")
    Decision.objects.create(
        review=review,
        kind="drop",
        objective=world.objectives[1],
        rationale="Overtaken by the peace agreement.",
        decided_by=world.users["chief"],
    )
    client.force_login(world.users["hom"])
    text = client.get(world.url(review, "sign-off")).content.decode()
    assert "1 decision will change the draft" in text
    assert "Dropped from the strategy." in text and "Overtaken by the peace agreement." in text


def test_sign_off_page_of_a_review_not_concluded_sends_back_to_the_review(client, world):
    review = world.review("open")
    client.force_login(world.users["hom"])
    response = client.get(world.url(review, "sign-off"))
    assert response.status_code == 302 and response.url == world.url(review)


# Form errors -----------------------------------------------------------------------------------


def test_concluding_without_conclusions_or_ratings_shows_both_errors_and_keeps_input(client, world):
    review = world.review("open")
    client.force_login(world.users["chief"])
    response = client.post(world.url(review, "conclude"), {"summary": "   "})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Write the review&#x27;s conclusions before concluding it." in text
    assert "Rate every active objective first; not yet rated: O1, O2, O3." in text
    response = client.post(world.url(review, "conclude"), {"summary": "Half done."})
    assert response.status_code == 400
    assert "Half done." in response.content.decode()
    review.refresh_from_db()
    assert review.status == "open"


def test_opening_with_someone_outside_the_mission_is_refused_next_to_the_field(client, world):
    review = world.review("planned")
    client.force_login(world.users["chief"])
    response = client.post(
        world.url(review, "open"), {"participants": [world.users["outsider"].pk]}
    )
    assert response.status_code == 400
    review.refresh_from_db()
    assert review.status == "planned"


def test_opening_records_the_chosen_participants_and_the_chief_as_lead(client, world):
    review = world.review("planned")
    client.force_login(world.users["chief"])
    chosen = [world.users["chief"].pk, world.users["lead"].pk]
    assert client.post(world.url(review, "open"), {"participants": chosen}).status_code == 302
    review.refresh_from_db()
    assert review.status == "open" and review.led_by == world.users["chief"]
    assert sorted(review.participants.values_list("pk", flat=True)) == sorted(chosen)


def test_the_open_form_ticks_the_planned_participants(client, world):
    review = world.review("planned")
    review.participants.set([world.users["lead"]])
    client.force_login(world.users["chief"])
    form = client.get(world.url(review)).context["open_form"]
    assert form["participants"].value() == [world.users["lead"].pk]


def test_reopening_needs_a_reason_and_records_it(client, world):
    review = world.review("concluded")
    client.force_login(world.users["hom"])
    response = client.post(world.url(review, "reopen"), {"reason": " "})
    assert response.status_code == 400
    assert "Say why the review is reopened." in response.content.decode()
    review.refresh_from_db()
    assert review.status == "concluded"
    response = client.post(world.url(review, "reopen"), {"reason": "The Force's rating was wrong."})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "open" and review.concluded_at is None
    reopening = ReviewReopening.objects.get(review=review)
    assert reopening.reason == "The Force's rating was wrong."
    assert reopening.reopened_by == world.users["hom"]
    page = client.get(world.url(review)).content.decode()
    assert "The Force&#x27;s rating was wrong." in page


def test_a_reopened_review_offers_its_conclusions_for_revision(client, world):
    review = world.review("open", summary="Written before it was reopened.")
    client.force_login(world.users["chief"])
    form = client.get(world.url(review)).context["conclude_form"]
    assert form["summary"].value() == "Written before it was reopened."


def test_after_sign_off_the_next_review_exists_without_running_the_planner(client, world):
    from reviews.planning import periods_to_plan

    review = world.review("concluded")
    assert not world.mission.reviews.filter(status="planned").exists()
    client.force_login(world.users["hom"])
    response = client.post(world.url(review, "sign-off"), {"revision": review.revision})
    assert response.status_code == 302
    planned = set(world.mission.reviews.filter(status="planned").values_list("period_start"))
    assert {(p.start,) for p in periods_to_plan(world.mission)} <= planned
