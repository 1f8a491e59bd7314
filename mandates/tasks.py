"""Background jobs of the mandates: reading an uploaded PDF, and the import jobs' housekeeping."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from celery import shared_task

from core.startup import at_worker_start
from mandates import services

# PDFs uploaded while no worker ran (or the broker was down) are read as soon as one starts.
at_worker_start(partial(services.import_job_sweep, lost_after=timedelta(0)))


# acks_late: a worker killed mid-read leaves the message for another; the claim (queued only)
# makes a second delivery harmless, and the sweep fails a job left "running".
@shared_task(acks_late=True)
def mandate_import_read(job_id: int) -> str:
    return services.import_job_read(job_id)


@shared_task
def import_job_sweep() -> dict[str, int]:
    """Beat runs it every five minutes."""
    swept = services.import_job_sweep()
    return {"failed": swept.failed, "requeued": swept.requeued, "deleted": swept.deleted}
