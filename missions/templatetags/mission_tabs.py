"""The mission bar, links and panels the apps registered (``missions.navigation``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from missions.navigation import mission_link as link_for
from missions.navigation import mission_panels as panels_for
from missions.navigation import mission_tabs as registered_tabs

register = template.Library()


@register.inclusion_tag("missions/partials/_tabs.html", takes_context=True)
def mission_tabs(context: dict[str, Any], mission: Any) -> dict[str, Any]:
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match is not None else ""
    return {
        "tabs": [
            (tab.label, tab.url(mission.acronym), tab.is_current(view_name))
            for tab in registered_tabs()
        ]
    }


@register.simple_tag
def mission_link(key: str, **kwargs: Any) -> str:
    """``{% mission_link "mandate_diff" acronym=... old=... new=... as url %}``: a page another
    app registered (``missions.navigation.mission_link_register``), or ""."""
    return link_for(key, **kwargs)


@register.simple_tag(takes_context=True)
def mission_panels(context: template.Context, slot: str, **extra: Any) -> SafeString:
    """``{% mission_panels "review_actions" label=... %}``: the fragments other apps registered
    for ``slot``, each rendered like an include (this page's context, plus ``extra``)."""
    engine = context.template.engine
    with context.push(**extra):
        return mark_safe(  # each part is a rendered template, escaped as it rendered
            "".join(engine.get_template(name).render(context) for name in panels_for(slot))
        )
