"""Whoever has an authenticator is asked for its code (or a recovery code) after signing in,
before any page; wrong codes get a message and a growing wait, and do not count as failed
logins for django-axes."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django_otp.plugins.otp_static.models import StaticToken

from tests.accounts.second_factor_helpers import (
    PASSWORD,
    authenticator,
    current_code,
    end_throttle,
    recovery_codes,
    wrong_code,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VERIFY = "/accounts/second-factor/"


def password_login(client, user) -> None:
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_the_code_is_asked_before_any_page_and_lets_in(client, hom):
    device = authenticator(hom)
    password_login(client, hom)
    response = client.get("/missions/UNTEST/")
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next=%2Fmissions%2FUNTEST%2F"
    page = client.get(response.url).content.decode()
    assert "Enter your code" in page and 'autocomplete="one-time-code"' in page

    done = client.post(VERIFY, {"code": current_code(device), "next": "/missions/UNTEST/"})
    assert done.status_code == 302 and done.url == "/missions/UNTEST/"
    assert client.get("/missions/UNTEST/").status_code == 200


def test_a_wrong_code_is_refused_next_to_the_field_and_then_throttled(client, hom):
    device = authenticator(hom)
    password_login(client, hom)
    refused = client.post(VERIFY, {"code": wrong_code(device)})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert '<p class="field__error">That code is not right.' in html
    # At once even the right code waits (django-otp doubles the wait after each failure).
    throttled = client.post(VERIFY, {"code": current_code(device)}).content.decode()
    assert "Too many wrong codes. Wait 1 second, then try again." in throttled
    assert client.get("/").status_code == 302
    end_throttle(device)
    assert client.post(VERIFY, {"code": current_code(device)}).status_code == 302
    assert client.get("/").status_code == 200
    # Wrong codes are not failed logins: django-axes counts passwords only.
    assert AccessAttempt.objects.count() == 0


def test_an_empty_code_gets_a_message(client, hom):
    authenticator(hom)
    client.force_login(hom)
    html = client.post(VERIFY, {"code": ""}).content.decode()
    assert '<p class="field__error">This field is required.</p>' in html


def test_a_code_is_not_accepted_twice(client, hom):
    device = authenticator(hom)
    client.force_login(hom)
    code = current_code(device)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.logout()
    client.force_login(hom)
    assert client.post(VERIFY, {"code": code}).status_code == 200


def test_a_recovery_code_works_once(client, hom):
    authenticator(hom)
    recovery_codes(hom, ["abcd2345", "efgh6789"])
    client.force_login(hom)
    response = client.post(VERIFY, {"code": "ABCD-2345"})
    assert response.status_code == 302
    assert "You used a recovery code; 1 left." in client.get("/").content.decode()
    assert list(StaticToken.objects.values_list("token", flat=True)) == ["efgh6789"]

    client.logout()
    client.force_login(hom)
    again = client.post(VERIFY, {"code": "abcd2345"})
    assert again.status_code == 200
    assert "That recovery code is not right, or it was used already." in again.content.decode()


def test_someone_who_chose_a_second_factor_is_asked_even_when_not_required(client, editor):
    device = authenticator(editor)
    client.force_login(editor)
    assert client.get("/").url == f"{VERIFY}?next=%2F"
    assert client.post(VERIFY, {"code": current_code(device)}).status_code == 302
    assert client.get("/").status_code == 200


def test_an_unconfirmed_authenticator_asks_nothing(client, editor):
    authenticator(editor, confirmed=False)
    client.force_login(editor)
    assert client.get("/").status_code == 200


def test_staff_with_an_authenticator_need_the_code_for_the_admin(client, settings):
    settings.REQUIRE_SECOND_FACTOR = True
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    device = authenticator(root)
    client.force_login(root)
    assert client.get("/admin/").url == f"{VERIFY}?next=%2Fadmin%2F"
    assert client.post(VERIFY, {"code": current_code(device), "next": "/admin/"}).url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_next_address_must_stay_on_this_site(client, hom):
    device = authenticator(hom)
    client.force_login(hom)
    response = client.post(VERIFY, {"code": current_code(device), "next": "https://evil.example/"})
    assert response.url == "/"


def test_the_provider_mfa_counts_only_when_the_setting_says_so(
    client, hom, oidc_settings, settings
):
    from tests.accounts.test_organisation_sign_in import sign_in

    hom.email = "hom@un.example"
    hom.save(update_fields=["email"])
    sign_in(client, oidc_settings, "hom@un.example")
    assert client.get("/").url.startswith("/accounts/second-factor/set-up/")
    settings.OIDC_PROVIDER_ENFORCES_MFA = True
    assert client.get("/").status_code == 200
