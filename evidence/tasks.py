"""Background work of the evidence files: reading a PDF's text for search."""

from __future__ import annotations

from celery import shared_task

from core.startup import at_worker_start
from evidence import services

# PDFs uploaded while no worker ran (or the broker was down) are read when one starts.
at_worker_start(services.evidence_read_text_sweep)


@shared_task(acks_late=True)
def evidence_read_text(evidence_id: int) -> str:
    return services.evidence_read_text(evidence_id)


@shared_task
def evidence_read_text_sweep() -> int:
    """PDFs whose text was never read (their message was lost): queued again."""
    return services.evidence_read_text_sweep()
