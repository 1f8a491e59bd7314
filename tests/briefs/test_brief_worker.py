"""The background path end to end: a real Celery worker process on the configured broker
(Redis in CI) renders a brief requested through the page; it is read back with pdftotext."""

from __future__ import annotations

import pytest
from django.urls import reverse

from briefs.models import Brief
from tests.briefs.conftest import pdf_text
from tests.conftest import wait_for

pytestmark = pytest.mark.worker


def test_a_real_worker_renders_the_brief_a_desk_officer_asked_for(
    client, mission, strategy, desk, outsider, brief_worker, brief_media, tmp_path
):
    client.force_login(desk)
    response = client.post(
        reverse("briefs:export", args=[mission.acronym]),
        {"subject": "draft", "audience": "hq", "recipient": "DPPO desk"},
    )
    brief = Brief.objects.get(requested_by=desk)
    assert response.status_code == 302 and brief.status == "queued"

    seen = {brief.status}

    def finished():
        brief.refresh_from_db()
        seen.add(brief.status)
        return brief.status in ("ready", "failed")

    try:
        wait_for(finished, timeout=90, interval=0.1)
    except AssertionError:
        brief_worker.terminate()
        output = brief_worker.communicate(timeout=15)[0]
        raise AssertionError(
            f"the worker did not render the brief; its output:\n{output}"
        ) from None
    assert brief.status == "ready", brief.error
    assert seen <= {"queued", "rendering", "ready"}
    assert brief.started_at <= brief.finished_at and brief.attempts == 1

    download = client.get(reverse("briefs:download", args=[mission.acronym, brief.pk]))
    pdf = b"".join(download.streaming_content)
    text = pdf_text(pdf, tmp_path)
    for objective in strategy["objectives"]:
        assert objective.code in text and objective.title in text
    for reference in ("29 (a)", "30 (a)", "31 (a)", "41 (c)"):
        assert reference in text
    assert "Page 1 of" in text  # the cover is numbered too
    assert "Page 2 of" in text

    client.force_login(outsider)
    assert (
        client.get(reverse("briefs:download", args=[mission.acronym, brief.pk])).status_code == 404
    )
    assert (
        client.post(
            reverse("briefs:export", args=[mission.acronym]),
            {"subject": "draft", "audience": "hq", "recipient": "DPPO desk"},
        ).status_code
        == 404
    )


def test_a_worker_killed_mid_render_leaves_the_brief_failed_and_retryable(
    mission, desk, brief_worker, brief_media, settings
):
    """SIGKILL the real worker while it renders: the brief is not left "rendering" for good."""
    import os
    import signal

    from briefs.services import (
        WORKER_STOPPED,
        brief_produce,
        brief_request,
        brief_retry,
        brief_sweep_stale,
    )
    from tests.briefs.data import build_strategy

    build_strategy(mission, size=15)  # some thirty pages: long enough to be caught mid-render
    brief = brief_request(mission=mission, by=desk).brief

    def rendering():
        brief.refresh_from_db()
        return brief.status == "rendering"

    wait_for(rendering, timeout=90, interval=0.05)
    os.kill(brief_worker.pid, signal.SIGKILL)
    brief_worker.wait(timeout=15)
    brief.refresh_from_db()
    assert brief.status == "rendering"  # what a dead worker leaves behind

    settings.BRIEF_STALE_MINUTES = 0  # as the sweep sees it once the render is overdue
    assert brief_sweep_stale().failed == 1
    brief.refresh_from_db()
    assert brief.status == "failed" and brief.error == WORKER_STOPPED

    brief = brief_retry(brief=brief, by=desk)
    assert brief.status == "queued"
    assert brief_produce(brief.pk) == "ready"  # the next worker to take it finishes it
