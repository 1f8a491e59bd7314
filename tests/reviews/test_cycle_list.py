"""The mission's review history: every review with its status, dates, who led and signed it
off, how its objectives were rated, its decisions and reopenings; the current review at the
top with the action the viewer can take; overdue counted in the mission's time zone."""

from __future__ import annotations

from datetime import timedelta

import pytest

from reviews.models import Decision, ObjectiveAssessment, ReviewReopening
from reviews.selectors.review_list import current_row, review_history
from tests.reviews.cycle_world import build_world, world_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def list_url(world) -> str:
    return f"/missions/{world.mission.acronym}/reviews/"


def test_the_history_lists_every_review_with_its_figures(client, world):
    o1, o2, o3 = world.objectives
    signed = world.review("signed_off")
    for objective, progress in ((o1, "on_track"), (o2, "at_risk"), (o3, "at_risk")):
        ObjectiveAssessment.objects.create(review=signed, objective=objective, progress=progress)
    for kind in ("keep", "drop"):
        Decision.objects.create(review=signed, kind=kind, objective=o2, rationale="Why.")
    ReviewReopening.objects.create(review=signed, reopened_by=world.users["hom"], reason="Redo.")
    ReviewReopening.objects.create(review=signed, reopened_by=world.users["hom"], reason="Again.")
    planned = world.review("planned")
    # Ratings of a review still open are not a summary yet.
    ObjectiveAssessment.objects.create(review=planned, objective=o1, progress="stalled")

    client.force_login(world.users["viewer"])
    response = client.get(list_url(world))
    assert response.status_code == 200
    rows = {row.review.pk: row for row in response.context["rows"]}
    assert [r.review.pk for r in response.context["rows"]] == [signed.pk, planned.pk]
    row = rows[signed.pk]
    assert [(value, n) for value, _, n in row.ratings] == [("on_track", 1), ("at_risk", 2)]
    assert row.review.decision_count == 2 and row.review.reopening_count == 2
    assert rows[planned.pk].ratings == []
    text = response.content.decode()
    assert "1 on track" in text and "2 at risk" in text
    assert world.users["hom"].get_full_name() in text  # signed off by
    assert "Signed off" in text and "Planned" in text


def test_overdue_is_counted_in_the_mission_time_zone(db):
    """Kiritimati (UTC+14) and Pago Pago (UTC-11) are always at least a day apart: a review
    due yesterday in Kiritimati is overdue there, and not yet due in Pago Pago."""
    east = build_world()
    east.mission.time_zone = "Pacific/Kiritimati"
    east.mission.save()
    from tests.factories import MissionFactory

    west = build_world(MissionFactory(acronym="UNWEST", time_zone="Pacific/Pago_Pago"))
    due = east.mission.today() - timedelta(days=1)
    east.review("open", due_on=due)
    west.review("open", due_on=due)
    assert review_history(east.mission)[0].overdue_days == 1
    west_row = review_history(west.mission)[0]
    assert west_row.overdue_days == 0 and west_row.due_in_days in (0, 1)


def test_a_concluded_review_is_never_overdue(world):
    world.review("concluded", due_on=world.mission.today() - timedelta(days=40))
    assert review_history(world.mission)[0].overdue_days == 0


def test_the_current_review_is_the_earliest_not_signed_off(world):
    world.review("planned")  # next year's
    skipped = world.review("open", due_on=world.mission.today() - timedelta(days=9))
    world.review("signed_off")
    current = current_row(review_history(world.mission))
    assert current.review == skipped and current.overdue_days == 9


@pytest.mark.parametrize(
    ("status", "role", "action"),
    [
        ("planned", "chief", "Open this review"),
        ("planned", "hom", "See this review"),
        ("planned", "viewer", "See this review"),
        ("open", "chief", "Continue the review"),
        ("open", "lead", "Assess your contributions"),
        ("open", "desk", "See this review"),
        ("concluded", "hom", "Read and sign off"),
        ("concluded", "chief", "See this review"),
    ],
)
def test_the_current_review_offers_the_viewer_their_action(client, world, status, role, action):
    review = world.review(status, due_on=world.mission.today() - timedelta(days=3))
    client.force_login(world.users[role])
    response = client.get(list_url(world))
    assert response.context["step"].label == action
    text = response.content.decode()
    assert action in text
    if status != "concluded":
        assert "Overdue by 3 days" in text
    if action == "Open this review":
        assert f'href="{world.url(review)}#open"' in text
    if action == "Read and sign off":
        assert f'href="{world.url(review, "sign-off")}"' in text


def test_outsiders_get_404_and_anonymous_visitors_log_in(client, world):
    world.review("planned")
    client.force_login(world.users["outsider"])
    assert client.get(list_url(world)).status_code == 404
    client.logout()
    response = client.get(list_url(world))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_the_mission_nav_links_to_the_reviews_and_marks_them_current(client, world):
    review = world.review("planned")
    client.force_login(world.users["viewer"])
    for url in (list_url(world), world.url(review)):
        text = client.get(url).content.decode()
        assert f'<a href="{list_url(world)}" aria-current="page">Reviews</a>' in text
