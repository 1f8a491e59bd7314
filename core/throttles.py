"""API rate limits: reads and writes counted apart, per user (per address when anonymous)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework.permissions import SAFE_METHODS
from rest_framework.throttling import UserRateThrottle

if TYPE_CHECKING:  # rest_framework.views imports this module through its settings
    from rest_framework.request import Request
    from rest_framework.views import APIView

logger = logging.getLogger(__name__)


class ReadWriteRateThrottle(UserRateThrottle):
    """``API_READ_RATE`` for GET, HEAD and OPTIONS, ``API_WRITE_RATE`` for the rest.

    Over the rate DRF answers 429 with ``Retry-After``. The rates are read at each request, so
    the ``settings`` fixture can lower them. The history lives in the default cache (Redis in
    production): when that cache fails the request goes through, logged, rather than every API
    call failing with the cache.
    """

    def __init__(self) -> None:
        # SimpleRateThrottle would look up a fixed scope's rate here; it depends on the method.
        pass

    def allow_request(self, request: Request, view: APIView) -> bool:
        self.scope = "read" if request.method in SAFE_METHODS else "write"
        self.rate = settings.API_READ_RATE if self.scope == "read" else settings.API_WRITE_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request, view)
        except Exception as exc:  # the cache backend's own errors (redis.ConnectionError, ...)
            logger.warning("API throttle skipped, its cache failed: %r", exc)
            return True
