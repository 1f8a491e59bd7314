"""A brief goes queued -> rendering -> ready or failed (with the reason), is retried, is made
once for an approved version, and never stays "rendering" after its worker died."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from briefs.models import Brief
from briefs.services import (
    MAX_ATTEMPTS,
    WORKER_STOPPED,
    brief_claim,
    brief_expire_if_stale,
    brief_produce,
    brief_request,
    brief_retry,
    brief_sweep_stale,
)
from strategies.services.versions import version_approve

pytestmark = pytest.mark.django_db


def test_a_requested_brief_is_queued_and_sent_to_a_worker_after_commit(
    mission, strategy, desk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        requested = brief_request(mission=mission, by=desk)
    brief = requested.brief
    assert brief.status == "queued" and brief.requested_by == desk and not requested.reused
    assert brief.queued_at is not None and brief.started_at is None
    assert len(callbacks) == 1  # the task is enqueued once the row is committed


def test_it_goes_queued_rendering_ready_with_the_file_and_its_checksum(
    mission, strategy, desk, brief_media
):
    brief = brief_request(mission=mission, by=desk).brief

    claimed = brief_claim(brief.pk)
    assert claimed.status == "rendering" and claimed.started_at and claimed.attempts == 1
    assert brief_claim(brief.pk) is None  # a second worker (or a repeated message) gets nothing
    Brief.objects.filter(pk=brief.pk).update(status="queued")  # as if never claimed

    assert brief_produce(brief.pk) == "ready"
    brief.refresh_from_db()
    assert brief.status == "ready" and brief.error == "" and brief.finished_at
    stored = (brief_media / brief.file.name).read_bytes()
    assert stored.startswith(b"%PDF-")
    assert brief.checksum == hashlib.sha256(stored).hexdigest()
    assert brief.size == len(stored) and brief.pages >= 5
    assert brief.file.name.startswith("briefs/") and "UNTEST-brief-working-draft" in brief.file.name
    assert brief_produce(brief.pk) == "skipped"  # done is done


def test_a_render_that_fails_says_why_and_can_be_retried(
    mission, strategy, desk, brief_media, settings, tmp_path
):
    brief = brief_request(mission=mission, by=desk).brief
    # A deployment that lost its print stylesheet: the renderer raises.
    settings.STATICFILES_DIRS = []
    settings.STATIC_ROOT = tmp_path / "nothing-here"

    assert brief_produce(brief.pk) == "failed"
    brief.refresh_from_db()
    assert brief.status == "failed" and brief.finished_at
    assert "The PDF could not be made" in brief.error and "FileNotFoundError" in brief.error
    assert not brief.file

    brief = brief_retry(brief=brief, by=desk)
    assert brief.status == "queued" and brief.error == "" and brief.started_at is None
    settings.STATICFILES_DIRS = [settings.BASE_DIR / "static"]
    assert brief_produce(brief.pk) == "ready"
    brief.refresh_from_db()
    assert brief.attempts == 2 and brief.status == "ready"


def test_an_approved_version_gets_one_brief_and_asking_again_returns_it(
    mission, strategy, desk, hom, brief_media
):
    version = version_approve(mission=mission, by=hom, note="v1")
    first = brief_request(mission=mission, by=desk, version=version)
    second = brief_request(mission=mission, by=desk, version=version)
    assert not first.reused and second.reused and second.brief.pk == first.brief.pk

    brief_produce(first.brief.pk)
    again = brief_request(mission=mission, by=desk, version=version)
    assert again.reused and again.brief.pk == first.brief.pk and again.brief.status == "ready"
    # Someone else reads other records, so theirs is a brief of its own.
    third = brief_request(mission=mission, by=hom, version=version)
    assert not third.reused
    assert Brief.objects.filter(version=version).count() == 2


def test_the_database_refuses_a_second_live_brief_of_a_version(mission, strategy, hom):
    version = version_approve(mission=mission, by=hom, note="v1")
    Brief.objects.create(mission=mission, version=version)
    with pytest.raises(IntegrityError), transaction.atomic():
        Brief.objects.create(mission=mission, version=version, status="rendering")
    # A failed one does not count: the version can be exported again.
    Brief.objects.filter(version=version).update(status="failed")
    assert brief_request(mission=mission, by=hom, version=version).reused is False


def test_a_draft_brief_is_made_afresh_each_time(mission, strategy, desk):
    first = brief_request(mission=mission, by=desk).brief
    second = brief_request(mission=mission, by=desk).brief
    assert first.pk != second.pk


def test_an_outsider_cannot_request_or_retry(mission, strategy, outsider, desk):
    with pytest.raises(PermissionDenied):
        brief_request(mission=mission, by=outsider)
    brief = brief_request(mission=mission, by=desk).brief
    Brief.objects.filter(pk=brief.pk).update(status="failed")
    with pytest.raises(PermissionDenied):
        brief_retry(brief=brief, by=outsider)


def _rendering_since(brief: Brief, minutes: int) -> Brief:
    started = timezone.now() - timedelta(minutes=minutes)
    Brief.objects.filter(pk=brief.pk).update(status="rendering", started_at=started, attempts=1)
    brief.refresh_from_db()
    return brief


def test_the_sweep_fails_a_brief_whose_worker_died_and_it_can_be_retried(
    mission, strategy, desk, settings, brief_media
):
    dead = _rendering_since(brief_request(mission=mission, by=desk).brief, minutes=60)
    alive = _rendering_since(brief_request(mission=mission, by=desk).brief, minutes=1)

    swept = brief_sweep_stale()

    dead.refresh_from_db()
    alive.refresh_from_db()
    assert swept.failed == 1
    assert dead.status == "failed" and dead.error == WORKER_STOPPED and dead.finished_at
    assert alive.status == "rendering"  # a render still within its time is left alone
    retried = brief_retry(brief=dead, by=desk)
    assert retried.status == "queued"
    assert brief_produce(retried.pk) == "ready"


def test_a_page_showing_a_dead_render_marks_it_failed_without_waiting_for_the_sweep(
    mission, strategy, desk
):
    brief = _rendering_since(brief_request(mission=mission, by=desk).brief, minutes=60)
    brief = brief_expire_if_stale(brief)
    assert brief.status == "failed" and brief.error == WORKER_STOPPED


def test_a_redelivered_message_takes_back_a_render_whose_worker_died(
    mission, strategy, desk, brief_media
):
    brief = _rendering_since(brief_request(mission=mission, by=desk).brief, minutes=60)
    assert brief_produce(brief.pk) == "ready"
    brief.refresh_from_db()
    assert brief.attempts == 2


def test_a_brief_that_keeps_killing_its_worker_is_not_taken_back_for_ever(mission, strategy, desk):
    brief = _rendering_since(brief_request(mission=mission, by=desk).brief, minutes=60)
    Brief.objects.filter(pk=brief.pk).update(attempts=MAX_ATTEMPTS)
    assert brief_claim(brief.pk) is None
    assert brief_sweep_stale().failed == 1  # the sweep still ends it, retryable by hand


def test_a_worker_finishing_after_the_sweep_gave_up_still_delivers(
    mission, strategy, desk, brief_media
):
    from briefs.content import Subject
    from briefs.rendering import render_subject
    from briefs.services import brief_finish

    brief = brief_request(mission=mission, by=desk).brief
    claimed = brief_claim(brief.pk)
    Brief.objects.filter(pk=brief.pk).update(started_at=claimed.started_at - timedelta(hours=1))
    claimed.started_at -= timedelta(hours=1)
    brief_sweep_stale()
    assert brief_finish(claimed, render_subject(Subject(mission)))
    claimed.refresh_from_db()
    assert claimed.status == "ready"


def test_a_queued_brief_whose_message_was_lost_is_queued_again(
    mission, strategy, desk, django_capture_on_commit_callbacks
):
    brief = brief_request(mission=mission, by=desk).brief
    Brief.objects.filter(pk=brief.pk).update(queued_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks() as callbacks:
        swept = brief_sweep_stale()
    assert swept.requeued == 1 and len(callbacks) == 1
    with django_capture_on_commit_callbacks() as callbacks:
        assert brief_sweep_stale().requeued == 0  # not again until it is stale again
