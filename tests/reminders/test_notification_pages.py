"""The notifications list, read state, the header badge and the delivery choices."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification, NotificationPreference
from tests.factories import MembershipFactory, MissionFactory, UserFactory

pytestmark = pytest.mark.django_db


def note(user, subject: str, **extra) -> Notification:
    return Notification.objects.create(user=user, subject=subject, **extra)


def badge(html: str) -> int | None:
    found = re.search(r'data-unread-count="(\d+)"', html)
    return int(found.group(1)) if found else None


def test_list_shows_my_notifications_only(client, east, west):
    note(east.chief, "Mine", mission=east.mission, body="Line one\nLine two")
    note(west.chief, "Theirs", mission=west.mission)
    client.force_login(east.chief)
    html = client.get("/notifications/").content.decode()
    assert "Mine" in html and "Line one<br>Line two" in html
    assert "Theirs" not in html


def test_marking_one_read(client, east):
    first = note(east.chief, "First")
    second = note(east.chief, "Second")
    client.force_login(east.chief)

    response = client.post(f"/notifications/{first.pk}/read/", {"next": "/notifications/"})

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None


def test_marking_read_in_place_answers_with_the_item(client, east):
    item = note(east.chief, "In place")
    client.force_login(east.chief)
    response = client.post(f"/notifications/{item.pk}/read/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith("<li") and "notif--unread" not in html
    assert '<span id="unread-badge" hx-swap-oob="true"></span>' in html  # none left unread


def test_someone_elses_notification_is_404(client, east, west):
    theirs = note(west.chief, "Theirs")
    client.force_login(east.chief)
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    assert client.get(f"/notifications/{theirs.pk}/open/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_follows_the_link_and_marks_read(client, east):
    item = note(east.chief, "Go", url="/missions/UNEAST/mandates/")
    elsewhere = note(east.chief, "Away", url="https://evil.example/")
    client.force_login(east.chief)
    response = client.get(f"/notifications/{item.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/missions/UNEAST/mandates/"
    item.refresh_from_db()
    assert item.read_at is not None
    assert client.get(f"/notifications/{elsewhere.pk}/open/")["Location"] == "/notifications/"


def test_mark_all_read_and_the_badge(client, east):
    for n in range(3):
        note(east.chief, f"Reminder {n}")
    note(east.editor, "Not the chief's")
    client.force_login(east.chief)

    assert badge(client.get("/").content.decode()) == 3
    client.post(f"/notifications/{Notification.objects.filter(user=east.chief).first().pk}/read/")
    assert badge(client.get("/").content.decode()) == 2

    client.post("/notifications/read-all/")

    assert badge(client.get("/").content.decode()) is None
    assert Notification.objects.filter(user=east.chief, read_at=None).count() == 0
    assert Notification.objects.filter(user=east.editor, read_at=None).count() == 1


def test_unread_filter_and_pages(client, east):
    for n in range(30):
        note(east.chief, f"Item {n:02d}")
    Notification.objects.filter(subject="Item 00").update(read_at="2026-11-01T00:00Z")
    client.force_login(east.chief)
    first = client.get("/notifications/").content.decode()
    assert "Page 1 of 2" in first
    unread = client.get("/notifications/?show=unread").content.decode()
    assert "Item 00" not in unread


def test_the_badge_costs_one_query_however_many_notifications(client, east):
    client.force_login(east.chief)
    note(east.chief, "One")
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for n in range(200):
        note(east.chief, f"Many {n}")
    with CaptureQueriesContext(connection) as many:
        html = client.get("/").content.decode()
    assert badge(html) == 201
    assert len(many.captured_queries) == len(few.captured_queries)
    counting = [q for q in many.captured_queries if "missions_notification" in q["sql"]]
    assert len(counting) == 1


def test_pages_need_a_login(client):
    for url in ("/notifications/", "/notifications/preferences/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_preferences_are_offered_for_my_missions_and_saved(client, east, west):
    MembershipFactory(mission=west.mission, user=east.desk, role="desk_officer")
    hidden = MissionFactory(acronym="UNHIDDEN")
    client.force_login(east.desk)
    html = client.get("/notifications/preferences/").content.decode()
    assert "UNEAST" in html and "UNWEST" in html and "UNHIDDEN" not in html

    response = client.post(
        "/notifications/preferences/",
        {
            f"mission_{east.mission.pk}": "weekly",
            f"mission_{west.mission.pk}": "off",
            f"mission_{hidden.pk}": "off",
        },
    )

    assert response.status_code == 302
    chosen = dict(
        NotificationPreference.objects.filter(user=east.desk).values_list(
            "mission__acronym", "delivery"
        )
    )
    assert chosen == {"UNEAST": "weekly", "UNWEST": "off"}
    html = client.get("/notifications/preferences/").content.decode()
    pk = east.mission.pk
    assert f'value="weekly" id="id_mission_{pk}_1" required checked>' in html


def test_a_bad_choice_is_400_with_the_message_by_the_mission(client, east):
    client.force_login(east.desk)
    response = client.post("/notifications/preferences/", {f"mission_{east.mission.pk}": "hourly"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert 'class="notif-choice field--invalid"' in html
    assert not NotificationPreference.objects.exists()


def test_a_user_without_missions_sees_an_explanation(client):
    client.force_login(UserFactory(username="nobody"))
    html = client.get("/notifications/preferences/").content.decode()
    assert "You hold no role in a mission yet" in html
