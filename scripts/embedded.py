"""Start the app, or a command, on the embedded default: PostgreSQL from a pip wheel.

    python scripts/embedded.py run             # `make run`: migrate, seed, web + worker + beat
    python scripts/embedded.py exec -- CMD...  # `make test`: CMD with DATABASE_URL set

When DATABASE_URL is already set, that database is used and no embedded server starts.
The embedded server keeps its data in var/pgdata and stops when this launcher exits.

`run` supervises the Procfile's processes itself: one that exits (a worker killed, the broker
folder gone) is started again after 1 s, 2 s, 4 s... at most 10 s, for as long as it runs,
while the others keep serving. Ctrl-C or SIGTERM stops them all, then the database.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shlex
import signal
import string
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from strategy_app.embedded_db import embedded_database_url as _embedded_database_url  # noqa: E402

VAR = Path(os.environ.get("VAR_DIR", ROOT / "var"))
DEMO_LOGINS = ["hom", "chief", "editor", "lead", "desk", "viewer", "admin"]


def embedded_database_url() -> str:
    """Start (or join) the embedded server in VAR_DIR; a DATABASE_URL for our database."""
    return _embedded_database_url(VAR)


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


def run_env(port: int, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of web, worker and beat under `make run` on ``port``."""
    env = dict(os.environ if base is None else base)
    env.setdefault("APP_ENV", "development")
    env.setdefault("CELERY_BROKER_URL", "filesystem://")
    # Links in emails and calendars follow the port people use.
    env.setdefault("SITE_URL", f"http://127.0.0.1:{port}")
    env.setdefault("PYTHONUNBUFFERED", "1")
    # The Procfile's `python` and `celery` are this interpreter's, however we were started.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["WEB_PORT"] = str(port)
    return env


def command_run(port: int) -> int:
    env = run_env(port, prepare_env())
    for sub in ("broker/queue", "broker/processed", "broker/control", "media"):
        (VAR / sub).mkdir(parents=True, exist_ok=True)
    python = sys.executable
    print("Preparing the database (migrate, demo data, planned reviews)...", flush=True)
    # Stopped this early, exit normally all the same, so that the database stops too.
    signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        run_quietly([python, "manage.py", "migrate", "--noinput", "-v", "0"], env)
        run_quietly([python, "manage.py", "seed_demo"], env)
        run_quietly([python, "manage.py", "plan_reviews"], env)
    except (KeyboardInterrupt, Terminated):
        print("Stopped before serving; stopping the embedded database.", flush=True)
        return 130
    print(
        "\n"
        f"  Strategy workbench: http://127.0.0.1:{port}/\n"
        f"  Logins (password 'demo'): {', '.join(DEMO_LOGINS)}\n"
        f"  Health: http://127.0.0.1:{port}/healthz   API docs: http://127.0.0.1:{port}/api/docs/\n"
        "  Web server, Celery worker and beat are starting; any of them that stops is started\n"
        "  again. Ctrl-C stops everything.\n",
        flush=True,
    )
    supervisor = Supervisor(read_procfile(ROOT / "Procfile", env), env)
    try:
        return supervisor.run()
    finally:
        print("Stopped web, worker and beat; stopping the embedded database.", flush=True)


# --- Supervision: the Procfile's processes, each restarted with backoff when it exits.

RESTART_FIRST_DELAY = 1.0  # seconds before the first restart; doubles on each quick exit
RESTART_MAX_DELAY = 10.0  # ...up to this, so a dead worker is back within seconds, forever
STABLE_AFTER = 60.0  # a process that stayed up this long starts over at the first delay
STOP_TIMEOUT = 20.0  # seconds the processes get to stop after SIGTERM before SIGKILL
PROCFILE_LINE = re.compile(r"^([A-Za-z0-9_-]+):\s*(.+)$")


def read_procfile(path: Path, env: dict[str, str]) -> dict[str, list[str]]:
    """The Procfile's processes, name to argv, with ``${VAR}`` taken from ``env``."""
    processes = {}
    for line in path.read_text().splitlines():
        match = PROCFILE_LINE.match(line.strip())
        if match:
            command = string.Template(match[2]).safe_substitute(env)
            processes[match[1]] = shlex.split(command)
    return processes


class Console:
    """Every line of every process, prefixed with the time and its name, as honcho did."""

    def __init__(self, names: list[str]) -> None:
        self.width = max(len(name) for name in [*names, "system"])
        self.lock = threading.Lock()

    def line(self, name: str, text: str) -> None:
        stamp = time.strftime("%H:%M:%S")
        with self.lock:
            try:
                sys.stdout.write(f"{stamp} {name.ljust(self.width)} | {text}\n")
                sys.stdout.flush()
            except (OSError, ValueError):
                pass  # nobody reads our output any more; keep draining the children's

    def system(self, text: str) -> None:
        self.line("system", text)


class Child:
    """One Procfile process: started in its own process group, so that Ctrl-C in the
    terminal reaches only the launcher (which stops everything in order) and so that what
    a dead process leaves behind (a worker's pool processes) can be killed with it."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], console: Console):
        self.name, self.argv, self.env, self.console = name, argv, env, console
        self.proc: subprocess.Popen | None = None
        self.started = 0.0
        self.delay = RESTART_FIRST_DELAY
        self.restart_at = 0.0
        self.waiting = False
        self.pump: threading.Thread | None = None

    @property
    def uses_broker(self) -> bool:
        return any(Path(arg).name == "celery" for arg in self.argv[:3])

    def start(self) -> None:
        self.started = time.monotonic()
        try:
            self.proc = subprocess.Popen(
                self.argv,
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                process_group=0,
            )
        except OSError as exc:
            self.proc = None
            self.exited(f"could not start ({exc})")
            return
        self.console.system(f"{self.name} started (pid {self.proc.pid})")
        self.pump = threading.Thread(target=self._pump, args=(self.proc.stdout,), daemon=True)
        self.pump.start()

    def _pump(self, stream) -> None:
        with stream:
            for raw in iter(stream.readline, b""):
                self.console.line(self.name, raw.decode(errors="replace").rstrip())

    def poll(self) -> None:
        """Notice an exit and schedule the restart."""
        if self.proc is None or self.proc.poll() is None:
            return
        code = self.proc.returncode
        self.kill_group()
        self.proc = None
        self.exited(f"exited with code {code}")

    def exited(self, how: str) -> None:
        now = time.monotonic()
        if now - self.started >= STABLE_AFTER:
            self.delay = RESTART_FIRST_DELAY
        self.console.system(f"{self.name} {how}; restarting in {self.delay:g} s")
        self.restart_at = now + self.delay
        self.delay = min(self.delay * 2, RESTART_MAX_DELAY)

    def restart_if_due(self) -> None:
        if self.proc is not None or time.monotonic() < self.restart_at:
            return
        missing = self.missing_broker_folder()
        if missing:
            # Starting would recreate the folder empty (settings make it): the operator
            # restores it, and /healthz names the broker meanwhile.
            if not self.waiting:
                self.console.system(f"{self.name} waits for the broker folder {missing}")
            self.waiting = True
            return
        self.waiting = False
        self.start()

    def missing_broker_folder(self) -> Path | None:
        if not (self.uses_broker and self.env["CELERY_BROKER_URL"].startswith("filesystem://")):
            return None
        broker = Path(self.env["VAR_DIR"]) / "broker"
        for folder in (broker / "queue", broker / "processed"):
            if not folder.is_dir():
                return folder
        return None

    def kill_group(self, sig: int = signal.SIGKILL) -> None:
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, sig)


class Supervisor:
    """The launcher's own restart loop (honcho stops everything when one process exits)."""

    def __init__(self, processes: dict[str, list[str]], env: dict[str, str]) -> None:
        self.console = Console(list(processes))
        self.children = [Child(name, argv, env, self.console) for name, argv in processes.items()]
        self.signals = 0

    def _on_signal(self, signum: int, frame: object) -> None:
        self.signals += 1

    def run(self) -> int:
        """Keep every process running until SIGINT or SIGTERM, then stop them all."""
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, self._on_signal)
        try:
            for child in self.children:
                child.start()
            while not self.signals:
                for child in self.children:
                    child.poll()
                    child.restart_if_due()
                time.sleep(0.2)
        finally:
            self.stop()
        return 0

    def stop(self) -> None:
        """SIGTERM to each process, SIGKILL to what is left after STOP_TIMEOUT (or at a
        second Ctrl-C), then to whatever remains in their process groups."""
        running = [child for child in self.children if child.proc is not None]
        names = ", ".join(child.name for child in running) or "nothing"
        self.console.system(f"stopping {names}")
        for child in running:
            with contextlib.suppress(ProcessLookupError):
                child.proc.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT
        signals = self.signals
        pending = list(running)
        while pending:
            for child in [c for c in pending if c.proc.poll() is not None]:
                self.console.system(f"{child.name} stopped (code {child.proc.returncode})")
                pending.remove(child)
            if pending and (time.monotonic() > deadline or self.signals > signals):
                names = ", ".join(child.name for child in pending)
                self.console.system(f"killing {names}, which did not stop")
                break
            time.sleep(0.1)
        for child in running:
            child.kill_group()
            child.proc.wait()
        for child in running:
            if child.pump is not None:
                child.pump.join(timeout=2)


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
