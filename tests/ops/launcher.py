"""Drive the real `make run` launcher (scripts/embedded.py run) from a test: a fresh database on
the suite's PostgreSQL server, its own VAR_DIR and port, HTTP with a cookie jar, and the
launcher's output at hand for failure messages."""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, TypeVar

import psutil
import psycopg
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 180  # a fresh database is migrated and seeded first (about a minute)
T = TypeVar("T")


def server_params() -> dict[str, Any]:
    """Where the suite's PostgreSQL server is, as psycopg.connect() takes it."""
    settings = connection.settings_dict
    params: dict[str, Any] = {
        "host": settings["HOST"] or "127.0.0.1",
        "user": settings["USER"] or "postgres",
    }
    if settings["PORT"]:
        params["port"] = settings["PORT"]
    if settings["PASSWORD"]:
        params["password"] = settings["PASSWORD"]
    return params


def database_url(name: str) -> str:
    params = server_params()
    password = f":{urllib.parse.quote(params['password'])}" if "password" in params else ""
    if params["host"].startswith("/"):
        host = urllib.parse.quote(params["host"])
        return f"postgres://{params['user']}{password}@/{name}?host={host}"
    port = f":{params['port']}" if "port" in params else ""
    return f"postgres://{params['user']}{password}@{params['host']}{port}/{name}"


@contextlib.contextmanager
def fresh_database() -> Iterator[str]:
    """An empty database on the suite's server, dropped afterwards; yields its DATABASE_URL."""
    name = f"strategy_launch_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server_params()) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(name)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server_params()) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def launcher_env(*, var_dir: Path, database_url: str) -> dict[str, str]:
    """The environment `make run` would have, on this database: the launcher's own
    filesystem broker (never the suite's Redis) and a local-memory cache."""
    env = dict(os.environ)
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "SITE_URL", "PORT", "DEBUG", "CI"):
        env.pop(name, None)
    env.update(
        APP_ENV="development",
        DATABASE_URL=database_url,
        VAR_DIR=str(var_dir),
        HEARTBEAT_INTERVAL="2",
        HEARTBEAT_MAX_AGE="20",
        PYTHONUNBUFFERED="1",
    )
    return env


# Ctrl-C reaches make and the launcher: the launcher stops everything and exits 0, make then
# ends as interrupted (killed by SIGINT, or 2 from make itself).
INTERRUPTED = {0, 2, 130, -signal.SIGINT}


class Launcher:
    """`make run` exactly as the README shows it, with PORT set to a free port."""

    def __init__(self, *, var_dir: Path, database_url: str, log_path: Path) -> None:
        self.var_dir = var_dir
        self.database_url = database_url
        self.log_path = log_path
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.lines: list[str] = []
        self._reader: threading.Thread | None = None

    # --- the process

    def start(self) -> None:
        banner = f"===== launcher starting on port {self.port} ====="
        self.lines.append(banner)
        with self.log_path.open("a") as log:
            log.write(banner + "\n")
        self.proc = subprocess.Popen(
            ["make", "run"],
            cwd=ROOT,
            env={
                **launcher_env(var_dir=self.var_dir, database_url=self.database_url),
                "PORT": str(self.port),
            },
            # Its own process group, as a terminal's foreground job: Ctrl-C goes to all of it.
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self._reader = threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True)
        self._reader.start()

    def _read(self, stream) -> None:
        with stream, self.log_path.open("a") as log:
            for raw in iter(stream.readline, b""):
                line = raw.decode(errors="replace").rstrip()
                self.lines.append(line)
                log.write(line + "\n")
                log.flush()

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def tail(self, n: int = 80) -> str:
        return (
            f"--- last {n} lines of the launcher's output (all in {self.log_path}) ---\n"
            + "\n".join(self.lines[-n:])
        )

    def descendants(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    @property
    def launcher_pid(self) -> int | None:
        """The launcher (scripts/embedded.py) that make started."""
        for child in self.descendants():
            with contextlib.suppress(psutil.Error):
                command = child.cmdline()
                # Not the shell make runs the recipe in: the Python process it starts.
                if "python" in Path(command[0]).name and "scripts/embedded.py" in command:
                    return child.pid
        return None

    def main_processes(self, *words: str) -> list[psutil.Process]:
        """The launcher's direct children whose command line holds all ``words``."""
        found = []
        launcher = self.launcher_pid
        for child in self.descendants():
            with contextlib.suppress(psutil.Error):
                command = " ".join(child.cmdline())
                if child.ppid() == launcher and all(w in command for w in words):
                    found.append(child)
        return found

    def interrupt(self, timeout: float = 30) -> int:
        """Ctrl-C, as in the terminal (to the whole foreground group); make's exit code."""
        os.killpg(self.proc.pid, signal.SIGINT)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"the launcher did not exit within {timeout} s of SIGINT\n{self.tail()}"
            ) from None
        if self._reader is not None:
            self._reader.join(timeout=5)
        return code

    def kill(self) -> None:
        """Teardown after a failure: the launcher and everything it started, by force."""
        if self.proc is None or self.proc.poll() is not None:
            return
        family = self.descendants()
        with contextlib.suppress(subprocess.TimeoutExpired, ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGINT)
            self.proc.wait(timeout=30)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for process in family:
            with contextlib.suppress(psutil.Error):
                process.kill()

    # --- waiting

    def wait_for(self, predicate: Callable[[], T], *, timeout: float, what: str) -> T:
        """Poll ``predicate`` until it returns something truthy; fail naming ``what``, with
        the launcher's output, on a timeout or if the launcher exits meanwhile."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"the launcher exited ({self.proc.returncode}) while waiting for {what}\n"
                    f"{self.tail()}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(f"no {what} within {timeout} s\n{self.tail()}")
            time.sleep(0.25)

    def wait_healthy(self, timeout: float = START_TIMEOUT) -> dict:
        def healthy():
            status, body = self.healthz()
            return body if status == 200 else None

        return self.wait_for(healthy, timeout=timeout, what="/healthz answering 200")

    # --- HTTP

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def healthz(self) -> tuple[int | None, dict]:
        status, _, body = Browser(self).request("GET", "/healthz")
        try:
            return status, json.loads(body) if status else {}
        except ValueError:
            return status, {"body": body[:500]}

    def sql(self, query: str, params: Any = None) -> list[tuple]:
        with psycopg.connect(self.database_url, autocommit=True) as conn:
            return conn.execute(query, params).fetchall()


class Browser:
    """A client with a cookie jar, enough for Django's session login and CSRF."""

    def __init__(self, launcher: Launcher) -> None:
        self.launcher = launcher
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(
        self,
        method: str,
        path: str,
        *,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int | None, dict[str, str], str]:
        """Status (None when nothing answers), headers and body; redirects followed."""
        req = urllib.request.Request(
            self.launcher.url(path), data=data, headers=headers or {}, method=method
        )
        try:
            with self.opener.open(req, timeout=15) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read().decode(errors="replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None, {}, ""

    def csrf_token(self) -> str:
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def post_form(self, path: str, fields: list[tuple[str, str]]) -> tuple[int | None, str]:
        status, _, body = self.request(
            "POST",
            path,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        return status, body

    def log_in(self, username: str, password: str = "demo") -> None:
        status, _, page = self.request("GET", "/accounts/login/")
        assert status == 200, f"login page answered {status}\n{self.launcher.tail()}"
        form = forms_in(page, lambda attrs: "password" in attrs.get("_names", ()))[0]
        fields = [(k, v) for k, v in form if k not in ("username", "password")]
        fields += [("username", username), ("password", password)]
        status, _ = self.post_form("/accounts/login/", fields)
        assert status == 200, f"logging in answered {status}"
        assert any(c.name == "sessionid" for c in self.cookies), f"{username} is not logged in"

    def json(self, method: str, path: str, payload: Any = None, **headers: str):
        headers = {"Accept": "application/json", "X-CSRFToken": self.csrf_token(), **headers}
        data = None
        if payload is not None:
            data = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        status, response_headers, body = self.request(method, path, data=data, headers=headers)
        return status, response_headers, json.loads(body) if body else None


class _FormParser(HTMLParser):
    """The POST forms of a page with the values a browser would submit (no button)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[dict[str, str], list[tuple[str, str]]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._select: tuple[str, list[str], list[str]] | None = None
        self._textarea: list[str] | None = None
        self._textarea_name = ""
        self._option: dict[str, str] | None = None
        self._option_text: list[str] = []

    def handle_starttag(self, tag: str, attrs_list: list) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if tag == "form":
            self._fields = []
            self.forms.append((attrs, self._fields))
        if self._fields is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._fields.append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self._fields.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = (name, [], [])  # name, selected values, all values
        elif tag == "option" and self._select is not None:
            self._option, self._option_text = attrs, []
        elif tag == "textarea" and name:
            self._textarea, self._textarea_name = [], name

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.append(data)
        if self._option is not None:
            self._option_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._option is not None and self._select is not None:
            value = self._option.get("value", "".join(self._option_text).strip())
            self._select[2].append(value)
            if "selected" in self._option:
                self._select[1].append(value)
            self._option = None
        elif tag == "select" and self._select is not None and self._fields is not None:
            name, selected, values = self._select
            for value in selected or values[:1]:
                self._fields.append((name, value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._fields is not None:
            text = "".join(self._textarea)
            self._fields.append((self._textarea_name, text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._fields = None


def forms_in(page: str, match: Callable[[dict], bool]) -> list[list[tuple[str, str]]]:
    """The fields of the POST forms on ``page`` that ``match`` their attributes (with
    ``_names``, the names of their fields)."""
    parser = _FormParser()
    parser.feed(page)
    found = []
    for attrs, fields in parser.forms:
        attrs = {**attrs, "_names": {name for name, _ in fields}}
        if attrs.get("method", "get").lower() == "post" and match(attrs):
            found.append(fields)
    return found
