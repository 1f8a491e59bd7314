"""Logging out ends the session and says so on the login page it lands on; the header offers
"Password" only to those who sign in with one."""

from __future__ import annotations

import pytest

from accounts.second_factor import PROVIDER_SIGN_IN_SESSION_KEY

pytestmark = pytest.mark.django_db


def test_logging_out_lands_on_the_login_page_with_a_message(client, editor):
    client.force_login(editor)
    response = client.post("/accounts/logout/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "You are signed out." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_password_link_is_offered_to_password_users_only(client, editor, settings):
    client.force_login(editor)
    assert 'href="/accounts/password/"' in client.get("/").content.decode()
    session = client.session
    session[PROVIDER_SIGN_IN_SESSION_KEY] = True
    session.save()
    assert 'href="/accounts/password/"' not in client.get("/").content.decode()
