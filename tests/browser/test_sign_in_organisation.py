"""Signing in through the organisation in real Chromium, against a real OpenID Connect provider
process: the redirect, the code exchange and token validation, logout at the provider, and an
unknown email refused with a message. axe-core checks the login page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import serious_violations
from tests.factories import MembershipFactory, UserFactory
from tests.oidc_provider import oidc_provider, oidc_settings  # noqa: F401 (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("oidc_settings"),
]


def sign_in_at_provider(page: Page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Sign in with UN Identity").click()
    page.wait_for_url("**/oauth2/authorize?**")
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize").click()


def test_a_colleague_signs_in_with_the_organisation_and_out_again(page, live_server, mission):
    amina = UserFactory(
        username="amina", first_name="Amina", last_name="Kamara", email="Amina.K@un.example"
    )
    MembershipFactory(mission=mission, role="strategy_editor", user=amina)
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.get_by_role("button", name="Log in").is_visible()  # passwords still on
    assert serious_violations(page) == []
    page.screenshot(path="/tmp/helpers/sign_in_login_page.png", full_page=True)

    sign_in_at_provider(page, live_server, "amina.k@un.example")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator(".user-box__name").inner_text() == "Amina Kamara"
    page.get_by_role("link", name="UNTEST", exact=True).first.click()
    page.wait_for_url(f"{live_server.url}/missions/UNTEST/")

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/oauth2/end_session?**")
    assert "post_logout_redirect_uri" in page.url and "id_token_hint" in page.url
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    page.goto(f"{live_server.url}/missions/UNTEST/")
    page.wait_for_url(f"{live_server.url}/accounts/login/?next=/missions/UNTEST/")


def test_an_unknown_email_is_refused_with_a_clear_message(page, live_server, db):
    UserFactory(username="amina", email="amina@un.example")
    sign_in_at_provider(page, live_server, "stranger@un.example")
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    message = page.locator(".message--error")
    assert "UN Identity signed you in as stranger@un.example" in message.inner_text()
    assert "no account here uses that email address" in message.inner_text()
    page.screenshot(path="/tmp/helpers/sign_in_unknown_email.png", full_page=True)
    page.goto(f"{live_server.url}/")
    page.wait_for_url(f"{live_server.url}/accounts/login/?next=/")


def test_with_passwords_off_only_the_organisation_signs_in(page, live_server, settings, db):
    settings.LOCAL_LOGIN_ENABLED = False
    UserFactory(username="amina", email="amina@un.example")
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.get_by_label("Password").count() == 0
    assert page.get_by_role("button", name="Log in").count() == 0
    page.screenshot(path="/tmp/helpers/sign_in_passwords_off.png", full_page=True)
    assert serious_violations(page) == []
    # A password POST, as a script would send it, is refused.
    response = page.request.post(
        f"{live_server.url}/accounts/login/",
        form={"username": "amina", "password": "pass-word-123"},
        headers={"Referer": f"{live_server.url}/accounts/login/"},
    )
    assert response.status in {403}
    sign_in_at_provider(page, live_server, "amina@un.example")
    page.wait_for_url(f"{live_server.url}/")
