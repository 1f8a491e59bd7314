"""The mission's tabs, links and panels, registered by the apps that own the pages.

``missions`` sits below the strategy, the mandates, the reviews and the briefs, so it must not
name their routes or render their templates. Each app registers its tabs in
``AppConfig.ready``; one of them is the mission's home page, which ``Mission.get_absolute_url``
and breadcrumbs link to. An app may also offer a page under a neutral name (a link) or a
fragment for a named place on a lower app's page (a panel).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class MissionTab:
    """A tab of the mission bar. ``current_for``: the view names (or whole namespaces, as
    ``"reviews:"``) whose pages show this tab as the current one."""

    order: int
    label: str | Promise
    url_name: str
    current_for: tuple[str, ...] = ()
    home: bool = False

    def url(self, acronym: str) -> str:
        return reverse(self.url_name, kwargs={"acronym": acronym})

    def is_current(self, view_name: str) -> bool:
        return any(
            view_name.startswith(name) if name.endswith(":") else view_name == name
            for name in (self.url_name, *self.current_for)
        )


_TABS: dict[str, MissionTab] = {}


def mission_tab_register(*tabs: MissionTab) -> None:
    """Add tabs (once each: registering the same route again replaces it)."""
    for tab in tabs:
        _TABS[tab.url_name] = tab


def mission_tabs() -> list[MissionTab]:
    return sorted(_TABS.values(), key=lambda tab: tab.order)


def mission_home_url(acronym: str) -> str:
    """The mission's home page: the tab registered as ``home``."""
    home = next((tab for tab in _TABS.values() if tab.home), None)
    if home is None:
        raise LookupError("No app registered the mission's home tab.")
    return home.url(acronym)


_LINKS: dict[str, str] = {}


def mission_link_register(key: str, url_name: str) -> None:
    """Offer a page under a neutral name (``"mandate_diff"``), so the pages of a lower app can
    link to it without naming the higher app's route."""
    _LINKS[key] = url_name


def mission_link(key: str, **kwargs: object) -> str:
    """The URL of the page registered as ``key``; empty when no installed app offers one."""
    url_name = _LINKS.get(key)
    return reverse(url_name, kwargs=kwargs) if url_name else ""


_PANELS: dict[str, list[str]] = {}


def mission_panel_register(slot: str, template_name: str) -> None:
    """Offer a fragment for a place on a lower app's page (``"version_aside"``): the page
    renders whatever the installed apps registered there, with its own context."""
    names = _PANELS.setdefault(slot, [])
    if template_name not in names:
        names.append(template_name)


def mission_panels(slot: str) -> list[str]:
    """The templates registered for ``slot``, in the order the apps registered them."""
    return list(_PANELS.get(slot, ()))
