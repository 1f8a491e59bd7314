"""Counting a page's own queries, for the tests that prove a page does not grow with the data."""

from __future__ import annotations

import difflib

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url: str, *, status: int = 200) -> list[str]:
    """The start of each query a GET of ``url`` runs, the session's left out.

    The session is read from the shared cache, or from the database when another test emptied
    that cache: the same for every page and not the page's own, so it would only make the count
    flaky.
    """
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == status, response.status_code
    return [q["sql"][:400] for q in captured.captured_queries if "django_session" not in q["sql"]]


def assert_same_count(small: list[str], large: list[str]) -> None:
    """Equal counts, or the differing queries printed so a failure says which one grew."""
    diff = "\n".join(difflib.unified_diff(small, large, lineterm="", n=0))
    assert len(small) == len(large), diff
