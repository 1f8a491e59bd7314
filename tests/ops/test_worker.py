"""The background path with a real worker process on the configured broker."""

import uuid

import pytest

from ops.models import Heartbeat
from ops.tasks import heartbeat
from tests.conftest import wait_for

pytestmark = pytest.mark.worker


def test_a_task_enqueued_by_the_app_runs_in_a_real_worker(celery_worker_process):
    source = f"test-{uuid.uuid4().hex[:8]}"
    heartbeat.delay(source=source)
    try:
        beat = wait_for(lambda: Heartbeat.objects.filter(source=source).first(), timeout=60)
    except AssertionError:
        celery_worker_process.terminate()
        output = celery_worker_process.communicate(timeout=15)[0]
        raise AssertionError(f"the worker did not run the task; its output:\n{output}") from None
    assert beat.hostname
