"""Compiled SQL kept per process for the few queries that cost more to build than to run.

The findings are one UNION of every rule's query, each filtered by the reader's need to know:
building it takes the ORM tens of milliseconds, running it one. The SQL text and parameters
are kept, never the rows: every call still reads the database, so nothing shown is stale. The
key names everything the SQL depends on (the caller's arguments, the reader and the language).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from django.db import connection
from django.db.models import Model, QuerySet
from django.utils.translation import get_language

from core.kept import Kept
from missions.need_to_know import reading_key

M = TypeVar("M", bound=Model)

# Fifty people on a few missions ask for about a thousand (query, reader) pairs.
_kept: Kept[tuple[str, tuple]] = Kept(4096)


def rows(key: Hashable, build: Callable[[], QuerySet]) -> list[tuple]:
    """The rows of ``build()``'s query, compiled once per ``key`` (and reader and language)."""
    sql, params = _compiled(key, build)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def instances(model: type[M], key: Hashable, build: Callable[[], QuerySet[M]]) -> list[M]:
    """The ``model`` instances of ``build()``'s query, its annotations as attributes, compiled
    once per ``key`` (and reader and language)."""
    sql, params = _compiled((model._meta.label, key), build)
    # A filter on a window function wraps the query in a subquery whose columns are named
    # col1, col2, ... in the order of the model's fields (annotations keep their names).
    fields = {f"col{n}": field.attname for n, field in enumerate(model._meta.concrete_fields, 1)}
    return list(model._base_manager.raw(sql, params, translations=fields))


def _compiled(key: Hashable, build: Callable[[], QuerySet]) -> tuple[str, tuple]:
    """The SQL and parameters of ``build()``'s query, built on the first call for the key."""
    full_key = (key, reading_key(), get_language(), connection.alias)
    return _kept.get_or_build(full_key, lambda: build().query.sql_with_params())
