"""The private iCal feed: parsed back with the icalendar library; revoking the token ends it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from notifications.models import CalendarFeed
from tests.factories import MandateFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def events(client, url: str) -> dict[str, object]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


def create_address(client, user) -> str:
    client.force_login(user)
    response = client.post("/notifications/calendar/", {"action": "create"})
    assert response.status_code == 302
    feed = CalendarFeed.objects.get(user=user)
    page = client.get("/notifications/calendar/")
    address = f"/calendar/{feed.token}.ics"
    assert address in page.content.decode()
    client.logout()  # calendar programs do not log in
    return address


def test_feed_has_due_dates_sign_off_deadlines_and_mandate_expiry(client, east, west):
    due = ReviewFactory(mission=east.mission, status="open", due_on=date(2027, 1, 15))
    concluded = ReviewFactory(
        mission=east.mission,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        due_on=date(2026, 10, 15),
        status="concluded",
        concluded_at=datetime(2026, 11, 20, 22, 30, tzinfo=UTC),  # 21 Nov in Nairobi
    )
    MandateFactory(mission=east.mission, adopted_on=date(2024, 1, 1), expires_on=date(2025, 1, 1))
    latest = MandateFactory(
        mission=east.mission, adopted_on=date(2026, 3, 1), expires_on=date(2027, 3, 31)
    )
    hidden = ReviewFactory(mission=west.mission, due_on=date(2027, 1, 20))

    found = events(client, create_address(client, east.editor))

    assert set(found) == {
        f"review-{due.pk}-due",
        f"review-{concluded.pk}-due",
        f"review-{concluded.pk}-sign-off",
        f"mandate-{latest.pk}-expiry",
    }
    assert f"review-{hidden.pk}-due" not in found  # another mission's review
    assert found[f"review-{due.pk}-due"].decoded("dtstart") == date(2027, 1, 15)
    sign_off = found[f"review-{concluded.pk}-sign-off"]
    assert sign_off.decoded("dtstart") == date(2026, 11, 26)  # concluded 21 Nov + 5 days
    assert "sign-off" in str(sign_off["summary"])
    expiry = found[f"mandate-{latest.pk}-expiry"]
    assert expiry.decoded("dtstart") == date(2027, 3, 31)
    assert str(expiry["url"]).endswith("/missions/UNEAST/mandates/")
    assert str(found[f"review-{due.pk}-due"]["url"]).endswith(f"/missions/UNEAST/reviews/{due.pk}/")


def test_revoking_the_address_makes_it_404(client, east):
    address = create_address(client, east.chief)
    assert client.get(address).status_code == 200

    client.force_login(east.chief)
    client.post("/notifications/calendar/", {"action": "revoke"})
    client.logout()

    assert client.get(address).status_code == 404
    assert not CalendarFeed.objects.filter(user=east.chief).exists()


def test_a_new_address_replaces_the_old_one(client, east):
    old = create_address(client, east.chief)
    new = create_address(client, east.chief)
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_unknown_token_and_inactive_user_are_404(client, east):
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    address = create_address(client, east.chief)
    east.chief.is_active = False
    east.chief.save()
    assert client.get(address).status_code == 404


def test_the_calendar_page_needs_a_login(client):
    response = client.get("/notifications/calendar/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_lost_role_takes_the_missions_dates_out_of_the_feed(client, east):
    ReviewFactory(mission=east.mission, due_on=date.today() + timedelta(days=30))
    address = create_address(client, east.desk)
    assert len(events(client, address)) == 1
    east.desk.memberships.all().delete()
    assert events(client, address) == {}


def test_reports_due_to_the_council_are_in_the_feed(client, east, west):
    from mandates.models import ReportingObligation

    mandate = MandateFactory(mission=east.mission, symbol="S/RES/2790 (2026)")
    due = ReportingObligation.objects.create(
        mandate=mandate,
        reference="42",
        kind="report",
        every_days=90,
        excerpt="Requests the Secretary-General to report to the Council every 90 days",
        due_on=date(2027, 2, 1),
    )
    sent = ReportingObligation.objects.create(
        mandate=mandate, kind="update", due_on=date(2026, 11, 1), submitted_on=date(2026, 10, 28)
    )
    other = ReportingObligation.objects.create(
        mandate=MandateFactory(mission=west.mission), kind="report", due_on=date(2027, 2, 1)
    )

    found = events(client, create_address(client, east.editor))

    event = found[f"obligation-{due.pk}-due"]
    assert event.decoded("dtstart") == date(2027, 2, 1)
    assert str(event["summary"]) == "UNEAST: Report due to the Council"
    assert "S/RES/2790 (2026), OP 42" in str(event["description"])
    assert str(event["url"]).endswith(f"/missions/UNEAST/mandates/#obligation-{due.pk}")
    assert "sent to the Council" in str(found[f"obligation-{sent.pk}-due"]["summary"])
    assert f"obligation-{other.pk}-due" not in found
