"""Background jobs of the platform. Tasks take ids and are idempotent."""

from collections import Counter
from datetime import timedelta
from functools import partial

from celery import shared_task

from core import audit, outbox
from core.startup import at_worker_start

# Emails that waited while no worker ran go out as soon as one starts.
at_worker_start(partial(outbox.outbox_sweep, grace=timedelta(0)))


@shared_task(bind=True, acks_late=True, max_retries=None)
def email_send_batch(self, email_ids: list[int]) -> dict[str, int]:
    """Send these outbox emails over one connection to the mail server; those that failed come
    back, together, after their backoff (each row keeps its count)."""
    attempts = outbox.outbox_send(ids=email_ids, limit=len(email_ids))
    waiting = {pk: a.retry_in for pk, a in attempts.items() if a.retry_in is not None}
    if waiting:
        countdown = min(waiting.values()).total_seconds()
        raise self.retry(args=[sorted(waiting)], countdown=countdown)
    return dict(Counter(attempt.result for attempt in attempts.values()))


@shared_task(bind=True, acks_late=True, max_retries=None)
def email_send(self, email_id: int) -> str:
    """Send one outbox email (messages published before sending went by batches); a failure
    comes back after its backoff (the row keeps count)."""
    attempt = outbox.email_send(email_id)
    if attempt.retry_in is not None:
        raise self.retry(countdown=attempt.retry_in.total_seconds())
    return attempt.result


@shared_task
def outbox_sweep() -> int:
    """Beat runs it every minute: nothing waits in the outbox for a message that was lost."""
    return outbox.outbox_sweep()


@shared_task
def audit_purge() -> int:
    """Beat runs it nightly: audit events older than AUDIT_RETENTION_DAYS are deleted."""
    return audit.audit_purge()
