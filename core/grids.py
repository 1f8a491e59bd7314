"""Large grids shown a window at a time.

A mission can hold hundreds of stakeholders and objectives: a grid of every pair is more than a
person reads and more than a browser lays out quickly. Pages show a span of the rows and a span
of the columns, with links to the spans around them and filters to reach any one directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict


@dataclass(frozen=True)
class Span:
    """Items ``start`` to ``start + size`` of ``total``, as a page shows them."""

    start: int
    size: int
    total: int
    param: str  # the query parameter that moves it

    @property
    def first(self) -> int:
        return self.start + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.start + self.size, self.total)

    @property
    def has_previous(self) -> bool:
        return self.start > 0

    @property
    def has_next(self) -> bool:
        return self.start + self.size < self.total

    @property
    def previous_start(self) -> int:
        return max(0, self.start - self.size)

    @property
    def next_start(self) -> int:
        return self.start + self.size

    @property
    def is_partial(self) -> bool:
        return self.total > self.size

    def slice(self, items: list) -> list:
        return items[self.start : self.start + self.size]


def start_of(query: QueryDict, param: str) -> int:
    """Where a span starts, from the query string; anything unreadable is the start."""
    try:
        return max(0, int(query.get(param) or 0))
    except ValueError:
        return 0


def span(start: int, *, total: int, size: int, param: str) -> Span:
    """The span from ``start``; a start past the end shows the last span."""
    if start >= total:
        start = max(0, (total - 1) // size * size)
    return Span(start, size, total, param)
