"""The full-text expressions: one document per record in English and French, matched against
the words searched read both ways.

Two text search configurations made by this app's first migration, ``search_english`` and
``search_french``, are PostgreSQL's own with ``unaccent`` in front of the stemmer, so
"negociation" finds "négociations" and an index can hold them (``unaccent()`` as a function is
not immutable; a configuration is). Each field is read with both, so a French note is found by a
French inflection and an English text by an English one, whatever language the mission writes
in. ``index_sql`` writes the very expression ``document`` builds, so the GIN index serves it
(``tests/search/test_indexes.py`` proves the planner uses it).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import (
    CombinedSearchVector,
    SearchQuery,
    SearchQueryCombinable,
    SearchVector,
)
from django.db.models import F, Func
from django.db.models.functions import Left

CONFIGS = ("search_english", "search_french")


def _groups(fields: Iterable[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """The fields by weight, "A" first, each group in the order given."""
    by_weight: dict[str, list[str]] = {}
    for name, weight in fields:
        by_weight.setdefault(weight, []).append(name)
    return sorted(by_weight.items())


def searched(name: str, max_chars: int | None) -> F | Func:
    """A searched column, cut to its first ``max_chars`` characters when the kind says so: a
    tsvector holds at most 1 MB, which a long PDF's text (read both ways) can exceed."""
    return Left(F(name), max_chars) if max_chars else F(name)


def document(
    fields: Iterable[tuple[str, str]], max_chars: int | None = None
) -> SearchVector | CombinedSearchVector:
    """The record's document: each weight's fields, read in English then in French."""
    parts = [
        SearchVector(*(searched(n, max_chars) for n in names), config=config, weight=weight)
        for weight, names in _groups(fields)
        for config in CONFIGS
    ]
    combined = parts[0]
    for part in parts[1:]:
        combined = combined + part
    return combined


def index_sql(
    table: str, fields: Iterable[tuple[str, str]], name: str, max_chars: int | None = None
) -> str:
    """``CREATE INDEX`` over the same expression as ``document(fields, max_chars)`` on
    ``table`` (for an app's own migration, after this app's first, which makes the
    configurations)."""
    parts = []
    for weight, names in _groups(fields):
        columns = [
            f'LEFT("{column}", {int(max_chars)})' if max_chars else f'"{column}"'
            for column in names
        ]
        text = " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns)
        parts.extend(
            f"setweight(to_tsvector('{config}'::regconfig, {text}), '{weight}')"
            for config in CONFIGS
        )
    expression = parts[0]
    for part in parts[1:]:
        expression = f"({expression} || {part})"
    return f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (({expression}))'


def drop_index_sql(name: str) -> str:
    return f'DROP INDEX IF EXISTS "{name}"'


def words_query(words: str) -> SearchQueryCombinable:
    """What the person typed, read as a web search box reads it ("quoted phrase", or, -not),
    in English or French: never a syntax error, whatever they typed."""
    english, french = (SearchQuery(words, config=c, search_type="websearch") for c in CONFIGS)
    return english | french
