from celery import shared_task

from ops.services import WORKER, heartbeat_record


@shared_task
def heartbeat(source: str = WORKER) -> None:
    """Scheduled by beat and run by a worker: its row proves both are alive."""
    heartbeat_record(source=source)
