"""Links that move one span of a grid and keep the page's filters and other spans."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], param: str, value: Any) -> str:
    """The current query string with ``param`` set to ``value`` (dropped when 0 or empty)."""
    query = context["request"].GET.copy()
    query.pop(param, None)
    if value not in (None, "", 0):
        query[param] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
