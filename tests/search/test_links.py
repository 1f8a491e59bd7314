"""Every hit links to the page where its record is read, at the record's anchor when the page
has one, and that page opens for a reader of the mission."""

from __future__ import annotations

import re

import pytest

from tests.search.conftest import as_role, search
from tests.search.test_scoping import WORD, _one_of_each

pytestmark = pytest.mark.django_db

HIT = re.compile(r'<a class="search-hit__title" href="([^"]+)">')


@pytest.mark.parametrize("role", ["viewer", "strategy_editor"])
def test_each_hit_opens_its_records_page_at_the_record(mission, people, role):
    _one_of_each(mission, people["viewer"])
    client = as_role(role)
    urls = HIT.findall(search(client, WORD).content.decode())
    assert len(urls) == 8
    for url in urls:
        path, _, anchor = url.partition("#")
        response = client.get(path.replace("&amp;", "&"), follow=True)
        assert response.status_code == 200, url
        if response.redirect_chain:  # a task's page sends a reader to its place in the list
            anchor = response.redirect_chain[-1][0].partition("#")[2] or anchor
        if anchor:
            assert f'id="{anchor}"' in response.content.decode(), url
