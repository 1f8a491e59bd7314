"""Every time a person reads is in a named zone: the mission's on its pages, with the zone's
label, written the one way of the reader's language (``strategy_app/formats``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import formats, timezone
from django.utils.formats import get_format


def zone_of(place: Any) -> tzinfo | None:
    """A mission (or anything with a ``zone``), a zone, or None for the active zone."""
    if place is None or isinstance(place, tzinfo):
        return place
    return getattr(place, "zone", None)


def when(moment: datetime | None, place: Any = None) -> str:
    """``8 Dec 2026, 16:07 WAT``: the moment in ``place``'s zone, or the active one."""
    if moment is None:
        return ""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    local = timezone.localtime(moment, zone_of(place))
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {local.tzname()}"


def show_mission_time(mission: Any) -> None:
    """The rest of this request shows times in the mission's zone (pages of one mission)."""
    timezone.activate(mission.zone)


class ZoneMiddleware:
    """Each request starts and ends in the default zone: a mission's zone, activated for its
    pages, never leaks into the next request this thread serves."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def month_text(day: date) -> str:
    """The month as the language's date format writes it: its letter taken from DATE_FORMAT."""
    letter = next((c for c in str(get_format("DATE_FORMAT")) if c in "bEFMN"), "M")
    return formats.date_format(day, letter)
