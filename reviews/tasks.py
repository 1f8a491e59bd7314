"""Background jobs of the review cycle. Tasks take ids, never objects, and are idempotent."""

from celery import shared_task

from core.startup import at_worker_start
from notifications import services as notifications
from reviews import planning
from reviews.reminders import delivery

# Every running mission has its next review from the moment a worker runs, not an hour later.
at_worker_start(planning.plan_reviews)


@shared_task
def plan_reviews() -> int:
    """Plan each active mission's current and next review (beat runs it hourly)."""
    return planning.plan_reviews()


@shared_task
def send_review_reminders() -> dict[str, int]:
    """Send the reminders due at each mission's today (beat runs it hourly). Each reminder
    is claimed before it is sent, so an overlapping or repeated run sends nothing twice."""
    return delivery.send_reminders().summary()


@shared_task
def send_weekly_digests() -> dict[str, int]:
    """Email each weekly-digest person what waited for them (beat runs it on Mondays)."""
    run = notifications.send_weekly_digests()
    return {"queued": run.queued}
