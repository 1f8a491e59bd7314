"""``{{ moment|when }}`` and ``{{ moment|when:mission }}``: a time with its zone's label."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template

from core.times import month_text
from core.times import when as when_text

register = template.Library()


@register.filter
def when(moment: datetime | None, place: Any = None) -> str:
    return when_text(moment, place)


@register.filter
def month(moment: date | None) -> str:
    """The month alone, abbreviated as the language's dates write it (Dec, déc., dic.)."""
    return month_text(moment) if moment else ""
