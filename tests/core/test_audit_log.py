"""The audit log records sign-ins, failed sign-ins, lockouts, brief downloads, exports and API
token use (once an hour per token), with the client's address by the proxy rule; a failure to
record never breaks the request; old events are purged by the retention setting."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, RequestFactory
from django.utils import timezone
from rest_framework.test import APIClient

from briefs.models import Brief
from core import tasks
from core.audit import audit_purge, audit_record, request_ip
from core.models import ApiToken, AuditEvent, AuditKind
from notifications.models import CalendarFeed
from tests.api.tokens import api_token_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
RIGHT = "pass-word-123"  # every factory user's password


def post_login(client: Client, username: str, password: str, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def kinds() -> list[str]:
    return list(AuditEvent.objects.order_by("pk").values_list("kind", flat=True))


def test_a_sign_in_is_recorded_with_address_and_browser(editor):
    client = Client(REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="Firefox/" + "x" * 400)
    assert post_login(client, "alice", RIGHT).status_code == 302
    event = AuditEvent.objects.get(kind=AuditKind.SIGN_IN)
    assert event.user == editor
    assert event.ip_address == "198.51.100.7"
    assert event.user_agent.startswith("Firefox/") and len(event.user_agent) == 255
    assert event.detail == {"backend": "ModelBackend"}  # a password


def test_a_failed_sign_in_names_the_account_aimed_at(editor):
    post_login(Client(REMOTE_ADDR="203.0.113.5"), "alice", "wrong")
    post_login(Client(REMOTE_ADDR="203.0.113.5"), "nobody", "wrong")
    aimed, unknown = AuditEvent.objects.filter(kind=AuditKind.SIGN_IN_FAILED).order_by("pk")
    assert (aimed.user, aimed.target, aimed.ip_address) == (editor, "alice", "203.0.113.5")
    assert (unknown.user, unknown.detail) == (None, {"username": "nobody"})
    assert "wrong" not in str(aimed.detail)  # never the password


def test_a_lockout_is_recorded(editor):
    client = Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(5):
        post_login(client, "alice", "wrong")
    assert kinds() == [AuditKind.SIGN_IN_FAILED] * 4 + [AuditKind.LOCKED_OUT] + [
        AuditKind.SIGN_IN_FAILED
    ]
    locked = AuditEvent.objects.get(kind=AuditKind.LOCKED_OUT)
    assert (locked.user, locked.target, locked.ip_address) == (editor, "alice", "203.0.113.5")


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(settings, editor):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client = Client(REMOTE_ADDR="10.0.0.2")
    post_login(client, "alice", "wrong", HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.5")
    assert AuditEvent.objects.get().ip_address == "203.0.113.5"
    # Whatever is not an address is kept as none rather than refused by the database.
    garbage = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="not-an-address")
    assert request_ip(garbage) is None


@pytest.fixture
def ready_brief(mission, editor, settings, tmp_path) -> Brief:
    settings.MEDIA_ROOT = tmp_path
    body = b"%PDF-1.4 a brief"
    return Brief.objects.create(
        mission=mission,
        status="ready",
        file=ContentFile(body, name="brief.pdf"),
        checksum=hashlib.sha256(body).hexdigest(),
        size=len(body),
        requested_by=editor,
        finished_at=timezone.now(),
    )


def test_a_brief_download_is_recorded(client, reader, ready_brief):
    client.force_login(reader)
    response = client.get(f"/missions/UNTEST/briefs/{ready_brief.pk}/download/")
    assert response.status_code == 200
    event = AuditEvent.objects.get(kind=AuditKind.BRIEF_DOWNLOAD)
    assert event.user == reader
    assert event.target == f"UNTEST brief {ready_brief.pk}"
    assert event.detail["mission"] == "UNTEST" and event.detail["brief"] == ready_brief.pk
    assert event.detail["file"].endswith(".pdf")


def test_an_outsider_refused_a_brief_leaves_no_download_event(client, outsider, ready_brief):
    client.force_login(outsider)
    assert client.get(f"/missions/UNTEST/briefs/{ready_brief.pk}/download/").status_code == 404
    assert not AuditEvent.objects.filter(kind=AuditKind.BRIEF_DOWNLOAD).exists()


def test_the_calendar_feed_is_an_export_logged_once_an_hour(editor):
    from django.core.cache import cache

    feed = CalendarFeed.objects.create(user=editor, token="t" * 40)
    cache.delete(f"audit-first:calendar-feed:{feed.pk}")
    client = Client()
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 200
    assert client.get(f"/calendar/{feed.token}.ics").status_code == 200
    event = AuditEvent.objects.get(kind=AuditKind.EXPORT)
    assert (event.user, event.target, event.detail["format"]) == (editor, "calendar", "ical")
    cache.delete(f"audit-first:calendar-feed:{feed.pk}")


def test_token_use_is_logged_once_an_hour_per_token(editor):
    secret = api_token_for(editor)
    api = APIClient(REMOTE_ADDR="192.0.2.10")
    for _ in range(3):
        assert api.get("/api/v1/missions/", HTTP_AUTHORIZATION=f"Token {secret}").status_code == 200
    assert kinds() == [AuditKind.TOKEN_CREATED, AuditKind.TOKEN_USED]
    used = AuditEvent.objects.get(kind=AuditKind.TOKEN_USED)
    token = ApiToken.objects.get(user=editor)
    assert (used.user, used.target, used.ip_address) == (editor, token.prefix, "192.0.2.10")

    ApiToken.objects.filter(pk=token.pk).update(use_logged_at=timezone.now() - timedelta(hours=1))
    api.get("/api/v1/missions/", HTTP_AUTHORIZATION=f"Token {secret}")
    assert kinds().count(AuditKind.TOKEN_USED) == 2


def test_a_failure_to_record_is_logged_and_the_work_goes_on(editor, caplog):
    with transaction.atomic():
        with caplog.at_level(logging.ERROR, logger="core.audit"):
            event = audit_record(kind=AuditKind.SIGN_IN, user=editor, detail={"x": object()})
        assert event is None
        assert "Could not record the audit event" in caplog.text
        # The surrounding transaction is still usable: the failed write had its own savepoint.
        assert audit_record(kind=AuditKind.SIGN_IN, user=editor) is not None
    assert kinds() == [AuditKind.SIGN_IN]


def test_events_older_than_the_retention_are_purged_in_batches(settings, editor):
    settings.AUDIT_RETENTION_DAYS = 30
    now = timezone.now()
    for days in (400, 31, 31, 31, 29, 0):
        AuditEvent.objects.create(
            kind=AuditKind.SIGN_IN, user=editor, at=now - timedelta(days=days)
        )
    assert audit_purge(batch=2) == 4
    assert AuditEvent.objects.count() == 2
    assert all(e.at > now - timedelta(days=30) for e in AuditEvent.objects.all())
    # The beat task, as the worker runs it, finds nothing more.
    assert tasks.audit_purge.apply().get() == 0


def test_the_purge_is_scheduled_on_beat():
    entry = django_settings.CELERY_BEAT_SCHEDULE["purge-audit-events"]
    assert entry["task"] == "core.tasks.audit_purge"


def test_administrators_read_the_log_but_cannot_change_it(client, editor):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    event = audit_record(kind=AuditKind.SIGN_IN, user=editor, target="alice")
    client.force_login(admin)
    listing = client.get("/admin/core/auditevent/?kind__exact=sign_in&q=alice")
    assert listing.status_code == 200 and "alice" in listing.content.decode()
    assert client.get(f"/admin/core/auditevent/{event.pk}/change/").status_code == 200
    assert client.get("/admin/core/auditevent/add/").status_code == 403
    assert client.post(f"/admin/core/auditevent/{event.pk}/delete/").status_code == 403


def test_second_factor_events_are_recorded(client, mission, settings):
    """Wrong codes (throttled or not), a recovery code used, codes renewed, the factor
    removed: each is an event for the person, so guessing at codes shows in the log."""
    from tests.accounts.second_factor_helpers import (
        authenticator,
        end_throttle,
        recovery_codes,
        wrong_code,
    )

    user = UserFactory(username="dana")
    device = authenticator(user)
    recovery_codes(user, ["abcd2345"])
    client.force_login(user)
    client.post("/accounts/second-factor/", {"code": wrong_code(device)})
    client.post("/accounts/second-factor/", {"code": wrong_code(device)})  # throttled
    end_throttle(device)
    assert client.post("/accounts/second-factor/", {"code": "abcd2345"}).status_code == 302
    client.post("/accounts/security/recovery-codes/")
    client.post("/accounts/security/remove/")
    events = AuditEvent.objects.filter(user=user).exclude(kind=AuditKind.SIGN_IN).order_by("pk")
    assert [(e.kind, e.detail) for e in events] == [
        (AuditKind.SECOND_FACTOR_FAILED, {"step": "sign-in"}),
        (AuditKind.SECOND_FACTOR_FAILED, {"step": "sign-in", "throttled": True}),
        (AuditKind.RECOVERY_CODE_USED, {}),
        (AuditKind.RECOVERY_CODES_RENEWED, {}),
        (AuditKind.SECOND_FACTOR_REMOVED, {}),
    ]
