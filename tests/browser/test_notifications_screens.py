"""Notifications, delivery choices and the calendar address in Chromium: read state in place
with the header count following, choices saved by keyboard, axe-core at 1280 and 768 px."""

from datetime import date

import pytest

from tests.browser.conftest import log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = ["/notifications/", "/notifications/preferences/", "/notifications/calendar/"]


@pytest.fixture
def reminded(demo):
    """The demo data with the reminders due on 25 Nov 2026 sent."""
    from reviews.reminders.delivery import send_reminders

    send_reminders(today=date(2026, 11, 25))


def badge(page) -> str:
    return page.locator("#unread-badge").inner_text().strip()


def test_editor_reads_reminders_and_the_count_follows(page, live_server, reminded):
    from notifications.models import Notification

    unread = Notification.objects.filter(user__username="editor", read_at=None).count()
    assert unread >= 2
    log_in(page, live_server, "editor")
    assert badge(page).startswith(str(unread))

    page.get_by_role("link", name="Notifications").first.click()
    page.get_by_role("heading", name="Notifications", level=1).wait_for()
    first = page.locator(".notif--unread").first
    subject = first.locator(".notif__subject").inner_text()

    first.get_by_role("button", name="Mark as read").click()

    page.wait_for_function(
        f"() => document.querySelectorAll('.notif--unread').length === {unread - 1}"
    )
    assert badge(page).startswith(str(unread - 1))  # the header followed, no reload
    focused = page.evaluate("document.activeElement.textContent")
    assert subject.strip() in focused  # focus stays on the item just read

    # Following a reminder's link marks it read and lands on the page to act on.
    link = page.locator(".notif--unread .notif__subject a").first
    link.click()
    page.wait_for_load_state()
    assert "/missions/UNSMK/" in page.url
    page.goto(f"{live_server.url}/notifications/")
    assert page.locator(".notif--unread").count() == unread - 2


def test_mark_all_read(page, live_server, reminded):
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/notifications/")
    page.get_by_role("button", name="Mark all as read").click()
    page.get_by_text("All notifications are marked as read.").wait_for()
    assert page.locator(".notif--unread").count() == 0
    assert badge(page) == ""


def test_choosing_the_weekly_digest_by_keyboard(page, live_server, reminded):
    from notifications.models import NotificationPreference

    log_in(page, live_server, "desk")
    page.goto(f"{live_server.url}/notifications/preferences/")
    group = page.get_by_role("group", name="UNSMK")
    group.get_by_label("Weekly digest").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save my choices").click()
    page.get_by_text("Your choices are saved.").wait_for()

    assert page.get_by_role("group", name="UNSMK").get_by_label("Weekly digest").is_checked()
    chosen = NotificationPreference.objects.get(user__username="desk", mission__acronym="UNSMK")
    assert chosen.delivery == "weekly"


def test_creating_and_revoking_the_calendar_address(page, live_server, reminded):
    log_in(page, live_server, "chief")
    page.goto(f"{live_server.url}/notifications/calendar/")
    page.get_by_role("button", name="Create my calendar address").click()
    address = page.get_by_role("textbox", name="Calendar address").input_value()
    assert address.startswith(live_server.url) and address.endswith(".ics")

    feed = page.request.get(address)
    assert feed.status == 200 and b"BEGIN:VCALENDAR" in feed.body()

    page.get_by_role("button", name="Revoke the address").click()
    page.get_by_text("The calendar address is revoked").wait_for()
    assert page.request.get(address).status == 404


@pytest.mark.parametrize("width", [1280, 768])
def test_no_serious_axe_violations(page, live_server, reminded, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "chief")
    page.goto(f"{live_server.url}/notifications/calendar/")
    page.get_by_role("button", name="Create my calendar address").click()
    for path in SCREENS:
        page.goto(f"{live_server.url}{path}")
        assert serious_violations(page) == [], path
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"{path} scrolls sideways at {width} px"
