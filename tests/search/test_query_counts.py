"""The search page costs the same number of queries for 10 records of each kind as for 200:
one per kind (hits, their total and what their titles and links read), whatever matches."""

from __future__ import annotations

import pytest

from reviews.models import Review
from tests.factories import ReviewFactory
from tests.querycount import assert_same_count, page_queries
from tests.search.conftest import as_role
from tests.search.test_scoping import _one_of_each

pytestmark = pytest.mark.django_db

WORD = "quorum"


def _grow_to(mission, author, n: int, have: int) -> None:
    review = Review.objects.filter(mission=mission).first() or ReviewFactory(mission=mission)
    for _ in range(n - have):
        _one_of_each(mission, author, WORD, review=review)


@pytest.mark.parametrize("kind", ["", "positions"])
def test_queries_do_not_grow_with_the_records(mission, people, kind):
    client = as_role("desk_officer")
    url = f"/missions/UNTEST/search/?q={WORD}&kind={kind}"
    _grow_to(mission, people["viewer"], 10, 0)
    page_queries(client, url)  # warm the per-process caches
    small = page_queries(client, url)
    assert "10 records match" in client.get(url).content.decode() or kind == ""
    _grow_to(mission, people["viewer"], 200, 10)
    large = page_queries(client, url)
    assert_same_count(small, large)
    page = client.get(url).content.decode()
    if kind:
        assert "200 records match" in page
    else:
        assert "1600 records match" in page
        assert "180 more in objectives" in page
