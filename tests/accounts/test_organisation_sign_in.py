"""Organisational sign-in against a real OpenID Connect provider process: the code exchange,
the token validation, the email mapped to an existing user, refusals and logout."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
import requests
from axes.models import AccessAttempt
from django.core.exceptions import SuspiciousOperation
from django.test import Client

from accounts.oidc import OrganisationOIDCBackend
from accounts.second_factor import PROVIDER_SIGN_IN_SESSION_KEY
from core.models import AuditEvent, AuditKind
from tests.factories import UserFactory
from tests.oidc_provider import CLIENT_ID, Provider, query

pytestmark = pytest.mark.django_db


def start(client: Client, next_url: str = "/") -> str:
    response = client.get("/accounts/oidc/start/", {"next": next_url})
    assert response.status_code == 302
    return response["Location"]


def sign_in(client: Client, provider: Provider, email: str, next_url: str = "/"):
    authorize_url = start(client, next_url)
    callback = provider.authorize(authorize_url, email)
    assert callback.startswith("http://testserver/accounts/oidc/callback/?")
    return client.get(callback.removeprefix("http://testserver"))


def test_the_login_page_offers_the_organisation_when_configured(client, oidc_settings):
    html = client.get("/accounts/login/").content.decode()
    assert "Sign in with UN Identity" in html
    assert 'href="/accounts/oidc/start/"' in html
    assert 'name="password"' in html  # the password form stays while LOCAL_LOGIN_ENABLED


def test_the_login_page_has_no_organisation_button_without_configuration(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert "Sign in with" not in html
    assert client.get("/accounts/oidc/start/").status_code == 404


def test_start_sends_the_browser_to_the_provider_with_state_nonce_and_pkce(client, oidc_settings):
    url = start(client)
    assert url.startswith(f"{oidc_settings.url}/oauth2/authorize?")
    params = query(url)
    assert params["client_id"] == CLIENT_ID
    assert params["redirect_uri"] == "http://testserver/accounts/oidc/callback/"
    assert params["scope"] == "openid email"
    assert params["state"] and params["nonce"] and params["code_challenge"]


def test_the_provider_email_signs_in_the_existing_user_whatever_its_case(client, oidc_settings):
    user = UserFactory(username="hom", email="Hom.Person@un.example")
    response = sign_in(client, oidc_settings, "hom.person@UN.example", next_url="/portfolio/")
    assert response.status_code == 302 and response.url == "/portfolio/"
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.session["_auth_user_backend"] == "accounts.oidc.OrganisationOIDCBackend"
    # The audit log says how the person came in.
    event = AuditEvent.objects.get(kind=AuditKind.SIGN_IN)
    assert event.detail == {"backend": "OrganisationOIDCBackend"}
    assert client.session[PROVIDER_SIGN_IN_SESSION_KEY] is True
    assert client.get("/").status_code == 200


def test_an_unknown_email_is_refused_with_a_message_and_no_account(client, oidc_settings):
    UserFactory(username="alice", email="alice@un.example")
    users_before = UserFactory._meta.model.objects.count()
    response = sign_in(client, oidc_settings, "stranger@un.example")
    assert response.status_code == 302 and response.url == "/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert UserFactory._meta.model.objects.count() == users_before
    # Not a password guess: django-axes does not count it.
    assert AccessAttempt.objects.count() == 0
    page = client.get("/accounts/login/").content.decode()
    assert "UN Identity signed you in as stranger@un.example" in page
    assert "no account here uses that email address" in page


def test_an_inactive_user_is_refused(client, oidc_settings):
    UserFactory(username="gone", email="gone@un.example", is_active=False)
    sign_in(client, oidc_settings, "gone@un.example")
    assert "_auth_user_id" not in client.session


def test_deactivating_the_account_ends_an_organisation_session(client, oidc_settings):
    user = UserFactory(username="alice", email="alice@un.example")
    sign_in(client, oidc_settings, "alice@un.example")
    assert client.get("/").status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get("/").status_code == 302


def test_two_accounts_with_one_email_are_refused(client, oidc_settings):
    UserFactory(username="one", email="twin@un.example")
    UserFactory(username="two", email="TWIN@un.example")
    sign_in(client, oidc_settings, "twin@un.example")
    assert "_auth_user_id" not in client.session
    assert (
        "Several accounts here use the email address"
        in client.get("/accounts/login/").content.decode()
    )


def id_token_for(provider: Provider, client_id: str, nonce: str) -> str:
    """An ID token the provider issues to ``client_id``, got as that client would."""
    redirect_uri = "http://elsewhere.example/callback"
    authorize_url = f"{provider.url}/oauth2/authorize?" + urlencode(
        {
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": "openid email",
            "state": "s",
            "nonce": nonce,
        }
    )
    code = query(provider.authorize(authorize_url, "alice@un.example"))["code"]
    token = requests.post(
        f"{provider.url}/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": client_id,
            "client_secret": "whatever",
        },
        timeout=10,
    )
    token.raise_for_status()
    return token.json()["id_token"]


def test_a_token_issued_to_another_client_is_refused(oidc_settings):
    backend = OrganisationOIDCBackend()
    assert backend.verify_token(id_token_for(oidc_settings, CLIENT_ID, "n1"), nonce="n1")
    with pytest.raises(SuspiciousOperation, match="another client"):
        backend.verify_token(id_token_for(oidc_settings, "someone-else", "n2"), nonce="n2")


def test_a_token_from_another_issuer_is_refused(oidc_settings, settings):
    token = id_token_for(oidc_settings, CLIENT_ID, "n1")  # iss: http://127.0.0.1:<port>
    settings.OIDC_OP_ISSUER = oidc_settings.url.replace("127.0.0.1", "localhost")
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{oidc_settings.url}/oauth2/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{oidc_settings.url}/oauth2/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{oidc_settings.url}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{oidc_settings.url}/jwks"
    settings.OIDC_OP_END_SESSION_ENDPOINT = f"{oidc_settings.url}/oauth2/end_session"
    with pytest.raises(SuspiciousOperation, match="another issuer"):
        OrganisationOIDCBackend().verify_token(token, nonce="n1")


def test_a_token_with_another_nonce_is_refused(oidc_settings):
    with pytest.raises(SuspiciousOperation, match="Nonce"):
        OrganisationOIDCBackend().verify_token(
            id_token_for(oidc_settings, CLIENT_ID, "n1"), nonce="other"
        )


def test_a_forged_callback_state_is_refused(client, oidc_settings):
    UserFactory(username="alice", email="alice@un.example")
    callback = oidc_settings.authorize(start(client), "alice@un.example")
    forged = callback.replace("state=", "state=x")
    response = client.get(forged.removeprefix("http://testserver"))
    assert response.status_code in {302, 400}
    assert "_auth_user_id" not in client.session


def test_the_provider_cancelling_returns_to_the_login_page_with_a_message(client, oidc_settings):
    authorize_url = start(client)
    denied = requests.post(
        authorize_url, data={"action": "deny"}, allow_redirects=False, timeout=10
    )
    callback = denied.headers["Location"]
    assert "error=access_denied" in callback
    response = client.get(callback.removeprefix("http://testserver"))
    assert response.url == "/accounts/login/"
    assert (
        "Signing in with UN Identity did not complete" in client.get(response.url).content.decode()
    )


def test_an_unreachable_provider_gives_a_message_not_an_error(client, settings, db):
    settings.OIDC_OP_ISSUER = "http://127.0.0.1:9"  # nothing listens there
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_PROVIDER_NAME = "UN Identity"
    response = client.get("/accounts/oidc/start/")
    assert response.status_code == 302 and response.url == "/accounts/login/"
    assert (
        "UN Identity cannot be reached right now" in client.get("/accounts/login/").content.decode()
    )


def test_logout_ends_the_session_and_goes_to_the_provider_end_session(client, oidc_settings):
    UserFactory(username="alice", email="alice@un.example")
    sign_in(client, oidc_settings, "alice@un.example")
    id_token = client.session["oidc_id_token"]
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response.url.startswith(f"{oidc_settings.url}/oauth2/end_session?")
    params = query(response.url)
    assert params["id_token_hint"] == id_token
    assert params["post_logout_redirect_uri"] == "http://testserver/accounts/login/"
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_a_password_session_logs_out_locally(client, oidc_settings):
    user = UserFactory(username="alice")
    client.force_login(user)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response.url == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_password_failures_are_still_counted_by_axes_with_oidc_on(client, oidc_settings):
    UserFactory(username="alice")
    client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    assert AccessAttempt.objects.filter(username="alice").get().failures_since_start == 1


def directives(policy: str) -> dict[str, str]:
    """A Content-Security-Policy header by directive, whatever their order."""
    parts = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return {name: value for name, value in (p if len(p) == 2 else (p[0], "") for p in parts)}


def test_pages_of_an_organisation_session_let_the_logout_form_reach_the_provider(
    client, oidc_settings
):
    """Browsers apply form-action to where the logout form's answer redirects."""
    UserFactory(username="alice", email="alice@un.example")
    sign_in(client, oidc_settings, "alice@un.example")
    policy = client.get("/").headers["Content-Security-Policy"]
    assert directives(policy)["form-action"] == f"'self' {oidc_settings.url}"


def test_pages_of_a_password_session_keep_form_action_to_self(client, oidc_settings, editor):
    client.force_login(editor)
    policy = client.get("/").headers["Content-Security-Policy"]
    assert directives(policy)["form-action"] == "'self'"


def test_without_an_end_session_endpoint_logout_stays_here(client, oidc_settings, settings):
    settings.OIDC_OP_ISSUER = ""
    for name, path in [
        ("AUTHORIZATION", "oauth2/authorize"),
        ("TOKEN", "oauth2/token"),
        ("USER", "userinfo"),
        ("JWKS", "jwks"),
    ]:
        setattr(settings, f"OIDC_OP_{name}_ENDPOINT", f"{oidc_settings.url}/{path}")
    UserFactory(username="alice", email="alice@un.example")
    response = sign_in(client, oidc_settings, "alice@un.example")
    assert response.url == "/"
    logout = client.post("/accounts/logout/")
    assert logout.url == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_a_password_lockout_of_the_address_does_not_stop_the_organisation(
    client, oidc_settings, settings
):
    settings.AXES_FAILURE_LIMIT = 2
    UserFactory(username="alice", email="alice@un.example")
    for _ in range(2):
        client.post("/accounts/login/", {"username": "mallory", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "alice", "password": "pass-word-123"})
    assert locked.status_code == 429
    response = sign_in(client, oidc_settings, "alice@un.example")
    assert response.url == "/"
    assert client.get("/").status_code == 200
