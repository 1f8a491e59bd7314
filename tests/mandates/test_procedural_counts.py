"""The mission overview and the mandate timeline count the mission's tasks, and beside them
the procedural paragraphs, which are no task for the mission."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import MandateFactory, TaskFactory
from tests.querycount import assert_same_count, page_queries

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def timeline_url() -> str:
    return reverse("mandates:timeline", kwargs={"acronym": "UNTEST"})


def overview_url() -> str:
    return reverse("strategies:overview", kwargs={"acronym": "UNTEST"})


def mandate_with(mission, *, tasks: int, procedural: int, adopted_on=date(2025, 3, 1)):
    mandate = MandateFactory(mission=mission, adopted_on=adopted_on)
    TaskFactory.create_batch(tasks, mandate=mandate)
    TaskFactory.create_batch(procedural, mandate=mandate, is_procedural=True)
    return mandate


def tasks_fact(body: str) -> str:
    """The overview's "Mandated tasks" figure."""
    start = body.index("<dt>Mandated tasks</dt>")
    return body[start : body.index("</dd>", start)]


def timeline_row(body: str, mandate) -> str:
    start = body.index(f'id="mandate-{mandate.pk}"')
    return body[start : body.index("</tr>", start)]


def test_the_overview_counts_tasks_and_procedural_paragraphs_apart(reader, mission):
    mandate_with(mission, tasks=24, procedural=5)
    fact = tasks_fact(client_for(reader).get(overview_url()).content.decode())
    assert "<dd>24 " in fact
    assert "5 procedural paragraphs" in fact


def test_one_procedural_paragraph_is_singular_and_none_is_not_said(reader, mission):
    mandate_with(mission, tasks=3, procedural=1, adopted_on=date(2024, 3, 1))
    client = client_for(reader)
    fact = tasks_fact(client.get(overview_url()).content.decode())
    assert "<dd>3 " in fact and "1 procedural paragraph<" in fact
    mandate_with(mission, tasks=1, procedural=0)  # the new mandate in force
    fact = tasks_fact(client.get(overview_url()).content.decode())
    assert fact.endswith("<dd>1") and "procedural" not in fact


def test_the_timeline_counts_each_mandates_tasks_and_procedural_paragraphs(reader, mission):
    old = mandate_with(mission, tasks=2, procedural=1, adopted_on=date(2024, 3, 1))
    new = mandate_with(mission, tasks=24, procedural=5)
    plain = mandate_with(mission, tasks=4, procedural=0, adopted_on=date(2023, 3, 1))
    body = client_for(reader).get(timeline_url()).content.decode()
    row = timeline_row(body, new)
    assert '<td class="num">24 <span class="procedural-count">' in row
    assert ">5 procedural paragraphs</span></td>" in row
    assert "1 procedural paragraph<" in timeline_row(body, old)
    assert '<td class="num">4</td>' in timeline_row(body, plain)


def test_the_pages_cost_the_same_with_more_procedural_paragraphs(editor, mission):
    client = client_for(editor)
    for index in range(2):
        mandate_with(mission, tasks=2, procedural=1, adopted_on=date(2000 + index, 1, 1))
    page_queries(client, timeline_url())  # warm the per-process caches
    page_queries(client, overview_url())
    small = [page_queries(client, url) for url in (timeline_url(), overview_url())]
    for index in range(2, 20):
        mandate_with(mission, tasks=3, procedural=4, adopted_on=date(2000 + index, 1, 1))
    large = [page_queries(client, url) for url in (timeline_url(), overview_url())]
    for before, after in zip(small, large, strict=True):
        assert_same_count(before, after)
