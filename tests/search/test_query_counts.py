"""The search page costs the same number of queries for 10 records of each kind as for 200:
one per kind (hits, their total and what their titles and links read), whatever matches."""

from __future__ import annotations

import difflib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.models import Review
from tests.factories import ReviewFactory
from tests.search.conftest import as_role
from tests.search.test_scoping import _one_of_each

pytestmark = pytest.mark.django_db

WORD = "quorum"


def _queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"][:120] for q in captured.captured_queries if "django_session" not in q["sql"]]


def _same_count(small: list[str], large: list[str]) -> None:
    diff = "\n".join(difflib.unified_diff(small, large, lineterm="", n=0))
    assert len(small) == len(large), diff


def _grow_to(mission, author, n: int, have: int) -> None:
    review = Review.objects.filter(mission=mission).first() or ReviewFactory(mission=mission)
    for _ in range(n - have):
        _one_of_each(mission, author, WORD, review=review)


@pytest.mark.parametrize("kind", ["", "positions"])
def test_queries_do_not_grow_with_the_records(mission, people, kind):
    client = as_role("desk_officer")
    url = f"/missions/UNTEST/search/?q={WORD}&kind={kind}"
    _grow_to(mission, people["viewer"], 10, 0)
    _queries(client, url)  # warm the per-process caches
    small = _queries(client, url)
    assert "10 records match" in client.get(url).content.decode() or kind == ""
    _grow_to(mission, people["viewer"], 200, 10)
    large = _queries(client, url)
    _same_count(small, large)
    page = client.get(url).content.decode()
    if kind:
        assert "200 records match" in page
    else:
        assert "1600 records match" in page
        assert "180 more in objectives" in page
