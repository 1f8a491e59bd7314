"""Template filters of the review cycle screens: ``{% load review_cycle %}``."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def person(user: Any) -> str:
    """A person's name as the screens show it; a dash for someone deleted since."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
