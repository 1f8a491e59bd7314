"""Small formatting helpers of the brief templates (print and screen)."""

from __future__ import annotations

from django import template

register = template.Library()

# Which stored values read as good, doubtful or bad news; the word is always printed too.
TONES = {
    "good": {"met", "on_track", "achieved", "holds", "supports", "strong", "ready"},
    "warn": {"partly_met", "at_risk", "under_strain", "ambivalent", "some", "queued", "rendering"},
    "bad": {"not_met", "off_track", "stalled", "broken", "opposes", "none", "counter", "failed"},
}


@register.filter
def tone(value: object) -> str:
    """``badge--good``, ``badge--warn``, ``badge--bad`` or nothing, for a stored choice."""
    for name, values in TONES.items():
        if str(value) in values:
            return f"badge--{name}"
    return ""


@register.filter
def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0
