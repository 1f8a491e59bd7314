"""Handing work to the background without ever failing the action that asked for it.

An action commits first, then publishes its task. When the broker cannot take the message
(Redis down, the filesystem broker's folder gone), the action has still happened: the failure
is logged, the words saying what will follow are noted for the response, and the work waits in
the database, where each kind's sweep (beat, and every worker as it starts) finds it again.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from functools import partial
from typing import Any

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)

# Fail fast: a request must not hang on a broker that is down; the sweep catches up.
PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}

_deferred: ContextVar[tuple[str, ...]] = ContextVar("deferred_work", default=())


def enqueue(task: str, *args: Any, later: str = "") -> bool:
    """Publish the task named ``task`` ("briefs.tasks.brief_render") with ``args`` now; False
    when the broker refused it (logged, never raised).

    By name, so that a service can queue its app's task while ``tasks.py`` imports the
    services: the import goes one way. ``later`` tells the person what will happen anyway
    ("the brief will render when the worker is back"); responses show it when the publish
    failed.
    """
    try:
        current_app.signature(task).apply_async(args=args, retry=True, retry_policy=PUBLISH_RETRY)
    except Exception:  # any transport error: the work is in the database, the sweep re-queues it
        logger.warning(
            "Could not queue %s%r; it will run when the broker is back", task, args, exc_info=True
        )
        if later:
            _deferred.set((*_deferred.get(), str(later)))
        return False
    return True


def enqueue_on_commit(task: str, *args: Any, later: str = "") -> None:
    """Publish after the current transaction commits, so the worker finds the rows."""
    transaction.on_commit(partial(enqueue, task, *args, later=later))


def deferred() -> tuple[str, ...]:
    """What could not be queued during this request, in the words given to ``enqueue``."""
    return _deferred.get()


def deferred_reset() -> None:
    _deferred.set(())
