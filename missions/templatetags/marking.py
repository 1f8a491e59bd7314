"""``{% marking record %}``: a record's level as a badge, by the one way levels are named."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from missions.classification import Classification, marking_text

register = template.Library()


@register.simple_tag(takes_context=True)
def marking(context: dict[str, Any], record: Any) -> str:
    """The badge of a record (or a snapshot entry, or a level). Unclassified shows only beside
    records of a mission whose default is higher, where its absence could be misread."""
    if isinstance(record, int):
        level = record
    elif isinstance(record, dict):
        level = record.get("classification", Classification.UNCLASSIFIED)
    else:
        level = getattr(record, "classification", Classification.UNCLASSIFIED)
    mission = context.get("mission")
    default = getattr(mission, "default_classification", Classification.UNCLASSIFIED)
    if level == Classification.UNCLASSIFIED and default == Classification.UNCLASSIFIED:
        return ""
    text = marking_text(level, default, getattr(mission, "classification_label", ""))
    return format_html('<span class="marking marking--{}">{}</span>', level, text)
