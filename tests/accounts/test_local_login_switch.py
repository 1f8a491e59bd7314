"""LOCAL_LOGIN_ENABLED=false: the password form goes, and POSTs to it or to the admin login are
refused; people sign in through the organisation."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def passwords_off(settings, oidc_settings):
    settings.LOCAL_LOGIN_ENABLED = False


@pytest.mark.usefixtures("passwords_off")
def test_the_login_page_offers_only_the_organisation(client):
    html = client.get("/accounts/login/").content.decode()
    assert "Sign in with UN Identity" in html
    assert 'name="password"' not in html


@pytest.mark.usefixtures("passwords_off")
def test_a_password_post_is_refused_even_with_the_right_password(client):
    UserFactory(username="alice")
    response = client.post("/accounts/login/", {"username": "alice", "password": "pass-word-123"})
    assert response.status_code == 403
    assert "Signing in with a password is switched off here." in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("passwords_off")
def test_the_admin_login_is_closed_too(client):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    response = client.post("/admin/login/", {"username": "root", "password": "pass-word-123"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    page = client.get("/admin/login/?next=/admin/")
    assert page.status_code == 302 and page.url == "/accounts/login/?next=%2Fadmin%2F"


def test_with_passwords_on_the_admin_login_works_and_axes_counts(client):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    assert (
        client.post("/admin/login/", {"username": "root", "password": "wrong"}).status_code == 200
    )
    assert AccessAttempt.objects.get(username="root").failures_since_start == 1
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "root", "password": "pass-word-123"}
    )
    assert response.status_code == 302 and response.url == "/admin/"


def test_switching_passwords_off_without_oidc_stops_the_app_at_start():
    env = {**os.environ, "APP_ENV": "test", "LOCAL_LOGIN_ENABLED": "false", "OIDC_CLIENT_ID": ""}
    check = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**env, "DJANGO_SETTINGS_MODULE": "strategy_app.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.returncode != 0
    assert "LOCAL_LOGIN_ENABLED=false needs OpenID Connect" in check.stderr
