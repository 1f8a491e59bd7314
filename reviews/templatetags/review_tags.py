"""Review template tags: ``{% load review_tags %}{% autopilot_panel mission %}``."""

from typing import Any

from django import template
from django.conf import settings

from missions.models import Mission
from reviews.autopilot import autopilot_flags

register = template.Library()


@register.inclusion_tag("reviews/autopilot_panel.html")
def autopilot_panel(mission: Mission, compact: bool = False) -> dict[str, Any]:
    """The mission's autopilot flags (two queries), as a card; ``compact`` shows a banner
    only when something is flagged (for pages where the panel would be noise)."""
    return {
        "mission": mission,
        "flags": autopilot_flags([mission])[mission.pk],
        "compact": compact,
        "version_months": settings.AUTOPILOT_VERSION_MONTHS,
    }
