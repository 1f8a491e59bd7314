"""Background jobs of the briefs. Tasks take ids and are idempotent: a repeated or redelivered
message finds the brief already claimed or done and does nothing."""

from datetime import timedelta
from functools import partial

from celery import shared_task
from django.conf import settings

from briefs import services
from core.startup import at_worker_start

# Briefs queued while no worker ran (or the broker was down) render as soon as one starts.
at_worker_start(partial(services.brief_sweep_stale, lost_after=timedelta(0)))

# A render still going when the stale sweep would call its worker dead is stopped first, so it
# ends "failed" with that reason (prefork pools; the solo pool has no time limits).
RENDER_TIME_LIMIT = max(60, settings.BRIEF_STALE_MINUTES * 60 - 30)


# acks_late: a worker killed mid-render leaves the message unacknowledged, so the broker
# delivers it again; the claim then takes the brief back once it is stale (or the sweep has
# failed it, and the retry button queues it again).
@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=RENDER_TIME_LIMIT)
def brief_render(brief_id: int) -> str:
    return services.brief_produce(brief_id)


@shared_task
def brief_sweep_stale() -> dict[str, int]:
    """Beat runs it every few minutes: no brief stays "rendering" after its worker died."""
    swept = services.brief_sweep_stale()
    return {"failed": swept.failed, "requeued": swept.requeued}
