"""Test databases copied from one migrated template.

Migrating an empty database takes about a minute here (Django renders the models again for
each of some 1,200 state changes), and the suite did it once per xdist worker and once per
child pytest that a test starts. The first process to need a database migrates it and keeps
a copy named for the migration files' contents; every other process copies that in a second
(``CREATE DATABASE … TEMPLATE``). A changed migration changes the name, so a stale copy is
never used, and the older copies are dropped."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django
import psycopg
from django.db import connection, connections

ROOT = Path(__file__).resolve().parent.parent

# Any number both the workers and child processes agree on: one migrates while the others wait.
LOCK = 7_215_402_113


def fingerprint() -> str:
    """The migration files and Django's version: what the migrated schema depends on."""
    digest = hashlib.sha1(django.get_version().encode())
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _admin() -> psycopg.Connection:
    params: dict[str, Any] = dict(connection.get_connection_params())
    for unused in ("cursor_factory", "context", "client_encoding"):
        params.pop(unused, None)
    params["dbname"] = "postgres"
    return psycopg.connect(**params, autocommit=True)


def _exists(admin: psycopg.Connection, name: str) -> bool:
    return bool(admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


@dataclass
class TestDatabase:
    keepdb: bool  # what to tell Django: True when the copy is in place already
    keep_as_template: bool  # no template yet: this one becomes it once migrated


@contextmanager
def copied_from_template(keepdb: bool) -> Iterator[TestDatabase]:
    """Put this process's test database in place from the template if there is one (Django
    then finds it and only checks that nothing is left to migrate). Held under a lock, so
    while one process migrates the others wait for its copy rather than migrate too."""
    base = connection.settings_dict["NAME"]
    test_name = connection.creation._get_test_db_name()
    prefix = f"tpl_{base}"[:50] + "_"
    template = prefix + fingerprint()
    with _admin() as admin:
        admin.execute("SELECT pg_advisory_lock(%s)", [LOCK])
        try:
            had_template = _exists(admin, template)
            if had_template and not (keepdb and _exists(admin, test_name)):
                admin.execute(f'DROP DATABASE IF EXISTS "{test_name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{test_name}" TEMPLATE "{template}"')
            state = TestDatabase(keepdb=keepdb or had_template, keep_as_template=not had_template)
            yield state
            if state.keep_as_template:
                connections.close_all()
                stale = admin.execute(
                    "SELECT datname FROM pg_database"
                    " WHERE left(datname, %s) = %s AND length(datname) = %s",
                    [len(prefix), prefix, len(template)],
                ).fetchall()
                for (name,) in stale:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{template}" TEMPLATE "{test_name}"')
        finally:
            admin.execute("SELECT pg_advisory_unlock(%s)", [LOCK])
