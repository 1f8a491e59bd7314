"""The second factor in real Chromium: a head of mission sets up the authenticator from the QR
page (a wrong code refused next to the field), keeps the recovery codes, later signs in with
one (once only); staff need the code before the admin. axe-core checks each page."""

from __future__ import annotations

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page

from tests.accounts.second_factor_helpers import authenticator, current_code, end_throttle
from tests.browser.conftest import serious_violations
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_for(secret: str, *, steps_ahead: int = 0) -> str:
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def password_login(page: Page, live_server, username: str, path: str = "/accounts/login/") -> None:
    page.goto(f"{live_server.url}{path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pass-word-123")
    page.get_by_role("button", name="Log in").click()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").first.click()
    page.wait_for_url("**/accounts/login/")


def test_a_head_of_mission_enrols_and_signs_in_with_a_recovery_code_once(
    page, live_server, mission, settings
):
    settings.REQUIRE_SECOND_FACTOR = True
    hom = MembershipFactory(
        mission=mission, role="head_of_mission", user=UserFactory(username="hom")
    ).user
    password_login(page, live_server, "hom")
    page.wait_for_url("**/accounts/second-factor/set-up/**")
    assert page.get_by_role("heading", name="Set up your authenticator app").is_visible()
    assert page.locator(".qr-code svg").is_visible()
    secret = page.locator("#totp-secret").inner_text()
    assert serious_violations(page) == []

    page.get_by_label("Code", exact=True).fill(
        "000000" if code_for(secret) != "000000" else "111111"
    )
    page.get_by_role("button", name="Confirm").click()
    error = page.locator(".field--invalid .field__error")
    assert error.inner_text().startswith("That code is not right.")
    page.screenshot(path="/tmp/helpers/sign_in_enrol_wrong_code.png", full_page=True)
    assert serious_violations(page) == []

    from django_otp.plugins.otp_totp.models import TOTPDevice

    end_throttle(TOTPDevice.objects.get(user=hom))
    page.get_by_label("Code", exact=True).fill(code_for(secret))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/second-factor/recovery-codes/**")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert page.get_by_role("button", name="Copy all").is_visible()
    assert page.get_by_role("button", name="Print").is_visible()
    page.screenshot(path="/tmp/helpers/sign_in_recovery_codes.png", full_page=True)
    assert serious_violations(page) == []
    page.get_by_role("link", name="I have saved them, continue").click()
    page.wait_for_url(f"{live_server.url}/")

    page.get_by_role("link", name="Sign-in security").click()
    page.wait_for_url("**/accounts/security/")
    assert page.get_by_text("10 recovery codes left.").is_visible()
    assert page.get_by_role("button", name="Remove the second factor").count() == 0
    page.screenshot(path="/tmp/helpers/sign_in_security_page.png", full_page=True)
    assert serious_violations(page) == []

    log_out(page)
    password_login(page, live_server, "hom")
    page.wait_for_url("**/accounts/second-factor/?next=%2F")
    page.get_by_label("Code", exact=True).fill(codes[0].upper())
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_text("You used a recovery code; 9 left.").is_visible()

    log_out(page)
    password_login(page, live_server, "hom")
    page.wait_for_url("**/accounts/second-factor/**")
    page.get_by_label("Code", exact=True).fill(codes[0])
    page.get_by_role("button", name="Verify").click()
    assert page.locator(".field__error").inner_text() == (
        "That recovery code is not right, or it was used already."
    )
    page.screenshot(path="/tmp/helpers/sign_in_verify_refused.png", full_page=True)
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/missions/UNTEST/")
    page.wait_for_url("**/accounts/second-factor/?next=%2Fmissions%2FUNTEST%2F")


def test_staff_need_the_code_before_the_admin(page, live_server, settings, db):
    settings.REQUIRE_SECOND_FACTOR = True
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    device = authenticator(root)
    password_login(page, live_server, "root", path="/admin/login/?next=/admin/")
    page.wait_for_url("**/accounts/second-factor/?next=%2Fadmin%2F")
    page.goto(f"{live_server.url}/admin/auth/user/")
    page.wait_for_url("**/accounts/second-factor/?next=%2Fadmin%2Fauth%2Fuser%2F")
    page.get_by_label("Code", exact=True).fill(current_code(device))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{live_server.url}/admin/auth/user/")
    assert page.get_by_role("heading", name="Select user to change").is_visible()
