"""A worker records a heartbeat as soon as it is ready, so /healthz is green within seconds."""

import logging

from celery.signals import worker_ready

logger = logging.getLogger(__name__)


@worker_ready.connect
def record_heartbeat_on_ready(**kwargs) -> None:
    from ops.services import heartbeat_record

    try:
        heartbeat_record()
    except Exception:  # the database may be starting; beat's next heartbeat will do
        logger.exception("Could not record the worker's first heartbeat")
