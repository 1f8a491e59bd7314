from celery import shared_task

from ops.services import heartbeat_record


@shared_task
def heartbeat() -> None:
    """Scheduled by beat and run by a worker: its row proves both are alive."""
    heartbeat_record()
