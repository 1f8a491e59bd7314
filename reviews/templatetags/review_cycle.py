"""Template filters of the review cycle screens: ``{% load review_cycle %}``."""

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def person(user: Any) -> SafeString | str:
    """A person's name as the screens show it, isolated (``<bdi>``) so a Latin name keeps its
    place in an Arabic sentence ("Miriam Osei، 10 أكتوبر 2026"); a dash for someone deleted
    since."""
    if user is None:
        return "—"
    return format_html("<bdi>{}</bdi>", user.get_full_name() or user.get_username())
