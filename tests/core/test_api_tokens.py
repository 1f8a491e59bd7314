"""Personal API tokens: kept hashed, shown once, expiring, revocable by their owner (and by an
administrator); an unknown, expired or revoked token is the same 401; last use is written at
most once a minute; REST framework's old keys keep working after the upgrade."""

from __future__ import annotations

import hashlib
import importlib
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.api_tokens import api_token_create, api_token_revoke
from core.models import ApiToken, AuditEvent
from tests.api.tokens import api_token_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MISSIONS = "/api/v1/missions/"
INVALID = {"detail": "Invalid, expired or revoked token.", "errors": {}}


def call(secret: str, url: str = MISSIONS):
    return APIClient().get(url, HTTP_AUTHORIZATION=f"Token {secret}")


def test_a_token_is_kept_as_its_sha256_only(editor):
    token, secret = api_token_create(
        user=editor, name="Export", expires_at=timezone.now() + timedelta(days=30)
    )
    assert secret.startswith("swb_") and len(secret) > 40
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:12]
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not any(secret in str(value) for value in row.values())


def test_a_token_lives_at_most_api_token_max_days(editor, settings):
    settings.API_TOKEN_MAX_DAYS = 30
    token, _ = api_token_create(
        user=editor, name="Long", expires_at=timezone.now() + timedelta(days=365)
    )
    assert token.expires_at <= timezone.now() + timedelta(days=30)


def test_a_valid_token_signs_in_as_its_owner(editor):
    response = call(api_token_for(editor))
    assert response.status_code == 200
    assert [m["acronym"] for m in response.json()["results"]] == ["UNTEST"]


def make_unusable(editor, how: str) -> str:
    if how == "unknown":
        return "swb_" + "x" * 43
    token, secret = api_token_create(
        user=editor, name=how, expires_at=timezone.now() + timedelta(days=30)
    )
    if how == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    elif how == "revoked":
        api_token_revoke(token=token, by=editor)
    elif how == "inactive owner":
        editor.is_active = False
        editor.save(update_fields=["is_active"])
    return secret


@pytest.mark.parametrize("how", ["unknown", "expired", "revoked", "inactive owner"])
def test_an_unusable_token_gets_the_same_401(editor, how):
    response = call(make_unusable(editor, how))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == INVALID


def test_the_old_rest_framework_key_no_longer_works_unconverted(editor):
    """Plain-text keys are not read any more: only the migration's hashed copy counts."""
    assert call(Token.objects.create(user=editor).key).status_code == 401


def api_token_updates(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith('UPDATE "core_apitoken"')]


def test_last_use_is_written_at_most_once_a_minute(editor):
    secret = api_token_for(editor)
    token = ApiToken.objects.get(user=editor)
    assert token.last_used_at is None
    assert call(secret).status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None

    with CaptureQueriesContext(connection) as queries:
        assert call(secret).status_code == 200
    assert api_token_updates(queries.captured_queries) == []
    token.refresh_from_db()
    assert token.last_used_at == first

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(seconds=61))
    assert call(secret).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at > first


def test_the_issue_command_prints_a_working_token_once(editor):
    out, err = StringIO(), StringIO()
    call_command(
        "issue_api_token", "alice", "--name", "Nightly", "--days", "10", stdout=out, stderr=err
    )
    secret = out.getvalue().strip()
    token = ApiToken.objects.get(user=editor)
    assert token.name == "Nightly"
    assert timedelta(days=9) < token.expires_at - timezone.now() <= timedelta(days=10)
    assert secret not in err.getvalue()
    assert call(secret).status_code == 200


def test_the_issue_command_refuses_an_unknown_user_or_too_long_a_life(editor, settings):
    with pytest.raises(CommandError, match="No user nobody"):
        call_command("issue_api_token", "nobody", stdout=StringIO(), stderr=StringIO())
    with pytest.raises(CommandError, match="between 1 and 365"):
        call_command("issue_api_token", "alice", "--days", "400", stdout=StringIO())
    assert not ApiToken.objects.exists()


def test_the_migration_turns_old_keys_into_hashed_tokens_that_keep_working(editor, settings):
    settings.API_TOKEN_MAX_DAYS = 90
    old = Token.objects.create(user=editor)
    other = Token.objects.create(user=UserFactory(username="script"))
    migration = importlib.import_module("core.migrations.0003_api_tokens_from_drf")

    assert migration.drf_tokens_to_api_tokens(apps, None) == 2

    assert not Token.objects.exists()  # no plain-text key stays behind
    token = ApiToken.objects.get(user=editor)
    assert token.name == f"Token issued before {timezone.now():%Y-%m-%d}"
    assert token.prefix == old.key[:8]
    assert token.created_at == old.created
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    assert call(old.key).status_code == 200
    assert call(other.key).status_code == 200


def test_an_administrator_revokes_anyones_token_in_the_admin(client, editor):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    token, secret = api_token_create(
        user=editor, name="Leaked", expires_at=timezone.now() + timedelta(days=30)
    )
    client.force_login(admin)
    page = client.get("/admin/core/apitoken/")
    assert page.status_code == 200 and "Leaked" in page.content.decode()
    detail = client.get(f"/admin/core/apitoken/{token.pk}/change/").content.decode()
    assert token.prefix in detail and token.digest not in detail
    response = client.post(
        "/admin/core/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert call(secret).status_code == 401
    event = AuditEvent.objects.get(kind="token_revoked")
    assert event.user == admin and event.detail["owner"] == editor.pk
    # No token is made in the admin: its secret could not be shown to its owner.
    assert client.get("/admin/core/apitoken/add/").status_code == 403
