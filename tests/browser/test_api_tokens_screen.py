"""In real Chromium: create an API token, see it once, call the API with it over real HTTP,
revoke it, and the same call gets 401. axe-core checks the page."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import log_in, serious_violations
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def call_api(live_server, secret: str) -> tuple[int, dict]:
    request = urllib.request.Request(
        f"{live_server.url}/api/v1/missions/",
        headers={"Authorization": f"Token {secret}", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_token_is_created_shown_once_used_and_revoked(page, live_server, mission):
    MembershipFactory(mission=mission, role="viewer", user=UserFactory(username="alice"))
    log_in(page, live_server, "alice", "pass-word-123")

    page.get_by_role("link", name="API tokens").click()
    page.wait_for_url(f"{live_server.url}/accounts/tokens/")
    assert page.get_by_text("You have no API tokens yet.").is_visible()
    page.get_by_label("Name").fill("Nightly export")
    page.get_by_label("30 days").check()
    page.get_by_role("button", name="Create token").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", name="Your new token “Nightly export”").is_visible()
    assert page.get_by_text("Copy it now: it will not be shown again.").is_visible()
    secret = page.get_by_role("textbox", name="Token value").input_value()
    assert secret.startswith("swb_")
    page.get_by_role("button", name="Copy").wait_for()
    assert serious_violations(page) == []
    page.screenshot(path="/tmp/helpers/api_tokens_created.png", full_page=True)

    status, body = call_api(live_server, secret)
    assert status == 200
    assert [m["acronym"] for m in body["results"]] == ["UNTEST"]

    # Shown once: the page again lists the token by its prefix, never the secret.
    page.goto(f"{live_server.url}/accounts/tokens/")
    row = page.get_by_role("row").filter(has_text="Nightly export")
    assert secret[:12] in row.inner_text()
    assert secret not in page.content()
    assert "Active" in row.inner_text() and "never" not in row.inner_text()

    # Revoking asks first; dismissing keeps the token.
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    row.get_by_role("button", name="Revoke Nightly export").click()
    assert asked and asked[0].startswith("Revoke “Nightly export”?")
    assert "Active" in row.inner_text()
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Revoke Nightly export").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").filter(has_text="is revoked").is_visible()
    assert "Revoked" in page.get_by_role("row").filter(has_text="Nightly export").inner_text()
    page.screenshot(path="/tmp/helpers/api_tokens_revoked.png", full_page=True)

    status, body = call_api(live_server, secret)
    assert status == 401
    assert body == {"detail": "Invalid, expired or revoked token.", "errors": {}}


def test_bad_input_is_shown_next_to_the_field(page, live_server, mission):
    UserFactory(username="alice")
    log_in(page, live_server, "alice", "pass-word-123")
    page.goto(f"{live_server.url}/accounts/tokens/")
    page.get_by_label("Name").fill("Dated")
    page.get_by_label("Until a date").check()
    page.get_by_role("button", name="Create token").click()
    page.wait_for_load_state()
    assert page.get_by_text("Choose the day the token expires.").is_visible()
    assert serious_violations(page) == []
    page.screenshot(path="/tmp/helpers/api_tokens_error.png", full_page=True)
