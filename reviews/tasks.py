"""Background jobs of the review cycle. Tasks take ids, never objects, and are idempotent."""

from celery import shared_task

from reviews import planning


@shared_task
def plan_reviews() -> int:
    """Plan each active mission's current and next review (beat runs it hourly)."""
    return planning.plan_reviews()
