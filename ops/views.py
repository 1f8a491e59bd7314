from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.outbox import outbox_health
from ops.services import health


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database, the broker and a worker answer; 503 naming what does not.

    The outbox's figures come as detail: mail waiting for a mail server that is down delays
    email, it does not make the app unavailable.
    """
    checks = health()
    failing = [c.name for c in checks if not c.ok]
    body = {
        "status": "ok" if not failing else "unavailable",
        "failing": failing,
        "checks": {c.name: {"ok": c.ok, "detail": c.detail} for c in checks},
    }
    if "database" not in failing:
        body["outbox"] = outbox_health()
    return JsonResponse(body, status=503 if failing else 200)


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links; send them to the icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
