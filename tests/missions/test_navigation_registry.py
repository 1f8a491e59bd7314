"""Lower apps' pages show what the apps above registered, without naming them: tabs, links and
panels (``missions.navigation``)."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from missions.navigation import mission_link, mission_panels, mission_tabs


def test_the_installed_apps_register_their_tabs_with_one_home():
    tabs = mission_tabs()
    assert [tab.url_name for tab in tabs if tab.home] == ["strategies:overview"]
    assert {"mandates:timeline", "reviews:list", "briefs:list"} <= {t.url_name for t in tabs}


def test_a_link_nobody_offers_is_empty():
    assert mission_link("nothing_here", acronym="UNTEST") == ""
    assert mission_link("briefs", acronym="UNTEST") == "/missions/UNTEST/briefs/"


@pytest.mark.django_db
def test_a_panel_renders_the_registered_fragment_with_the_page_context(mission):
    assert mission_panels("version_aside") == ["briefs/partials/_versions_export.html"]
    page = Template('{% load mission_tabs %}<aside>{% mission_panels "version_aside" %}</aside>')

    html = page.render(Context({"mission": mission, "latest": None}))

    assert 'href="/missions/UNTEST/briefs/?subject=draft#export-title"' in html
    assert "Export a brief of the working draft" in html
    empty = Template('{% load mission_tabs %}<aside>{% mission_panels "no_such_slot" %}</aside>')
    assert empty.render(Context({})) == "<aside></aside>"
