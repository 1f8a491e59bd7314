"""The kinds of record the mission search looks through, registered by the apps that own them.

Search sits above the strategy, the mandates and the reviews, and registers their kinds itself
(``search.kinds``); an app above search (evidence files) registers its own in its
``AppConfig.ready()``, so search never imports it. A kind says which rows of a mission a user
may find (through the model's scoped queryset, so the policy and need to know apply), which of
their text fields are searched and how much each weighs, and how a hit reads and where it links.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.functional import Promise

if TYPE_CHECKING:
    from missions.models import Mission

#: ts_rank's weights, most to least important: a title is "A", a body "B".
WEIGHTS = ("A", "B", "C", "D")


@dataclass(frozen=True)
class SearchKind:
    """One kind of record in the results.

    ``key`` is the kind in the address (``?kind=objectives``); ``rows(user, mission)`` the rows
    of ``mission`` that ``user`` may read (a scoped queryset, with what ``title`` and ``url``
    read joined in, so a page costs one query per kind); ``fields`` the searched text columns
    of the model's own table with their weight (the GIN index covers exactly these);
    ``max_chars`` cuts each to its start, for long texts (a PDF's), since a document holds at
    most 1 MB of words.
    """

    key: str
    label: str | Promise
    order: int
    rows: Callable[[Any, Mission], models.QuerySet]
    fields: tuple[tuple[str, str], ...]
    title: Callable[[Any], str]
    url: Callable[[Any, Mission], str]
    max_chars: int | None = None
    #: The record whose level the hit shows, for a kind read at another record's level (an
    #: evidence file at its record's); by default the hit itself, when it has a level.
    marked: Callable[[Any], Any] | None = None

    def __post_init__(self) -> None:
        if not self.fields:
            raise ValueError(f"Search kind {self.key!r} searches no field.")
        for name, weight in self.fields:
            if weight not in WEIGHTS:
                raise ValueError(f"Search kind {self.key!r}: weight of {name!r} is {weight!r}.")


_KINDS: dict[str, SearchKind] = {}


def search_kind_register(kind: SearchKind) -> None:
    """Add a kind (registering the same key again replaces it)."""
    _KINDS[kind.key] = kind


def search_kind_unregister(key: str) -> None:
    """Forget a kind (tests registering a throwaway one)."""
    _KINDS.pop(key, None)


def search_kinds() -> list[SearchKind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.key))


def search_kind(key: str) -> SearchKind | None:
    return _KINDS.get(key)


def scoped_rows(
    model: type[models.Model], *, related: tuple[str, ...] = ()
) -> Callable[[Any, Mission], models.QuerySet]:
    """``rows`` for a model with a scoped queryset (``missions.querysets.ScopedQuerySet``): what
    ``user`` may view (their missions, their levels, through the default manager that hides
    what the reader may not read), of ``mission`` only (the queryset's ``mission_path``)."""

    def rows(user: Any, mission: Mission) -> models.QuerySet:
        scoped = model._default_manager.visible_to(user, "view")
        found = scoped.filter(**{scoped.mission_path: mission})
        return found.select_related(*related) if related else found

    return rows
