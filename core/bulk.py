"""Bulk writes the ORM does not offer: an insert that says which rows it inserted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.db import connection, models

M = TypeVar("M", bound=models.Model)


def insert_new(objs: Sequence[M], *, unique: Sequence[str]) -> list[M | None]:
    """Insert ``objs`` (unsaved, of one model) with ``INSERT ... ON CONFLICT DO NOTHING
    RETURNING``: each one inserted comes back with its pk, each whose ``unique`` fields another
    row holds (committed, or committed meanwhile by a concurrent transaction, or earlier in
    ``objs``) comes back None. ``unique`` must name a unique constraint's fields.

    ``bulk_create(ignore_conflicts=True)`` cannot say which rows were inserted; this can, so a
    batch of claims is decided by the database in one statement. The rows go as one array per
    column (``unnest``), in their order: a few parameters, not one per value, whose parsing
    would cost more than the insert.
    """
    if not objs:
        return []
    meta = type(objs[0])._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    keys = [meta.get_field(name) for name in unique]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
        f"SELECT * FROM unnest({', '.join(f'%s::{f.db_type(connection)}[]' for f in fields)}) "
        f"ON CONFLICT ({', '.join(quote(k.column) for k in keys)}) DO NOTHING "
        f"RETURNING {quote(meta.pk.column)}, {', '.join(quote(k.column) for k in keys)}"
    )
    columns = [
        [f.get_db_prep_save(f.pre_save(obj, True), connection) for obj in objs] for f in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, columns)
        pks = {tuple(key): pk for pk, *key in cursor.fetchall()}
    inserted: list[M | None] = []
    for obj in objs:
        pk = pks.pop(tuple(getattr(obj, k.attname) for k in keys), None)
        if pk is not None:
            obj.pk = pk
            obj._state.adding = False
        inserted.append(obj if pk is not None else None)
    return inserted
