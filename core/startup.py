"""Work every worker does as it starts: catching up on what waited while it was down."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from celery.signals import worker_ready

logger = logging.getLogger(__name__)


def at_worker_start(func: Callable[[], Any]) -> Callable[[], Any]:
    """Run ``func`` when a worker is ready. A failure is logged and never stops the worker:
    beat runs the same job again on its schedule."""

    def run(**kwargs: Any) -> None:
        try:
            func()
        except Exception:  # the database may still be starting
            logger.exception("Start-up job %s failed; beat will run it again", name)

    target = getattr(func, "func", func)  # a functools.partial names its function
    name = f"{target.__module__}.{target.__qualname__}"
    worker_ready.connect(run, weak=False, dispatch_uid=name)
    return func
