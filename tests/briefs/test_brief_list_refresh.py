"""The briefs list follows what the export panel says: requesting a brief, or a brief turning
ready or failed, tells the page (the "briefs-changed" event) and the list fetches itself again;
its rows' own statuses never share an id with the panel's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from briefs.models import Brief
from briefs.services import brief_produce, brief_request
from tests.querycount import assert_same_count, page_queries

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
LIST = {**HTMX, "HX-Target": "brief-list"}


def url(name: str, mission, *args) -> str:
    return reverse(f"briefs:{name}", args=[mission.acronym, *args])


def test_an_export_and_a_brief_turning_ready_tell_the_list_to_refresh(
    client, desk, mission, strategy, brief_media
):
    client.force_login(desk)
    exported = client.post(
        url("export", mission),
        {"subject": "draft", "audience": "hq", "recipient": "DPPO desk"},
        headers=HTMX,
    )
    brief = Brief.objects.get(requested_by=desk)
    assert exported["HX-Trigger"] == "briefs-changed"

    pending = client.get(url("status", mission, brief.pk) + "?link=1", headers=HTMX)
    assert "HX-Trigger" not in pending  # still queued: nothing new for the list

    brief_produce(brief.pk)
    ready = client.get(url("status", mission, brief.pk) + "?link=1", headers=HTMX)
    assert ready["HX-Trigger"] == "briefs-changed"
    assert f'id="brief-status-{brief.pk}"' in ready.content.decode()


def test_the_list_fetches_itself_alone_and_shows_the_new_brief(
    client, desk, mission, strategy, brief_media
):
    client.force_login(desk)
    page = client.get(url("list", mission)).content.decode()
    assert 'id="brief-list"' in page and 'hx-trigger="briefs-changed from:body"' in page
    assert "No brief has been made for this mission yet." in page

    brief = brief_request(mission=mission, by=desk, language="fr").brief
    fragment = client.get(url("list", mission), headers=LIST).content.decode()
    assert fragment.lstrip().startswith('<section class="card" id="brief-list"')
    assert "Export a brief" not in fragment  # the list alone, not the page
    assert "No brief has been made" not in fragment
    assert '<span lang="fr">Français</span>' in fragment
    # A pending row polls its own status under an id of its own: the panel may show the same.
    assert f'id="brief-row-status-{brief.pk}"' in fragment
    assert url("status", mission, brief.pk) + "?row=1" in fragment

    brief_produce(brief.pk)
    row_status = client.get(url("status", mission, brief.pk) + "?row=1", headers=HTMX)
    assert f'id="brief-row-status-{brief.pk}"' in row_status.content.decode()
    assert row_status["HX-Trigger"] == "briefs-changed"


def test_retrying_from_a_row_keeps_the_rows_id_and_refreshes_the_list(
    client, desk, mission, strategy
):
    brief = brief_request(mission=mission, by=desk).brief
    Brief.objects.filter(pk=brief.pk).update(status="failed", error="The disk was full.")
    client.force_login(desk)
    fragment = client.get(url("list", mission), headers=LIST).content.decode()
    assert f'hx-target="#brief-row-status-{brief.pk}"' in fragment

    retried = client.post(url("retry", mission, brief.pk), {"row": "1"}, headers=HTMX)
    assert f'id="brief-row-status-{brief.pk}"' in retried.content.decode()
    assert retried["HX-Trigger"] == "briefs-changed"


def test_the_list_costs_the_same_queries_for_one_brief_or_many(
    client, desk, editor, mission, strategy
):
    client.force_login(desk)
    brief_request(mission=mission, by=desk, language="en")
    client.defaults.update({"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "brief-list"})
    one = page_queries(client, url("list", mission))
    for language in ("fr", "en", "fr"):
        brief_request(mission=mission, by=editor, language=language, recipient=language)
    many = page_queries(client, url("list", mission))
    assert_same_count(one, many)


def test_outsiders_get_404_for_the_list_fragment(client, outsider, mission):
    client.force_login(outsider)
    assert client.get(url("list", mission), headers=LIST).status_code == 404
