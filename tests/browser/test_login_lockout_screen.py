"""Someone guessing passwords in real Chromium reaches the lockout page; axe-core checks it."""

import pytest

from tests.browser.conftest import serious_violations
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, live_server, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def test_wrong_passwords_lead_to_an_accessible_lockout_page(page, live_server):
    UserFactory(username="alice")
    for _ in range(4):
        submit(page, live_server, "wrong")
        assert page.get_by_text("Please enter a correct username and password").is_visible()
    submit(page, live_server, "wrong")
    assert page.get_by_role("heading", level=1, name="Too many failed logins").is_visible()
    assert page.get_by_role("alert").filter(has_text="Try again in 15 minutes.").is_visible()
    assert serious_violations(page) == []

    submit(page, live_server, "pass-word-123")
    assert page.get_by_role("heading", level=1, name="Too many failed logins").is_visible()
    assert page.url == f"{live_server.url}/accounts/login/"
