"""Two web replicas behind one address, as `docker compose up` runs them: two real gunicorn
servers started with the repository's gunicorn.conf.py, on the one database, Redis and media
folder, with a real Celery worker. Whichever replica a request lands on, a person stays signed
in, a stale write is refused, and a brief asked for on one is downloaded from the other."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from strategy_app import settings as app_settings
from tests.briefs.data import build_strategy
from tests.conftest import ROOT, database_url_for_children
from tests.factories import EndStateFactory, MembershipFactory, MissionFactory, UserFactory
from tests.ops.launcher import forms_in, free_port

pytestmark = pytest.mark.worker

START_TIMEOUT = 60
PASSWORD = "two-replicas-pass-9"


@dataclass
class Replica:
    """One gunicorn server started from gunicorn.conf.py, its output in a file."""

    name: str
    port: int
    log: Path
    proc: subprocess.Popen | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    @property
    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_for_output(self, text: str, timeout: float = 10) -> bool:
        """Whether text shows in the output within timeout: gunicorn writes the access
        line after the response is sent, so the client can read it first."""
        deadline = time.monotonic() + timeout
        while text not in self.output:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)
        return True

    def tail(self, n: int = 60) -> str:
        lines = self.output.splitlines()[-n:]
        return f"--- last lines of replica {self.name} ({self.log}) ---\n" + "\n".join(lines)


@dataclass
class Visitor:
    """A browser: one cookie jar, whichever replica each request goes to."""

    cookies: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(
        self,
        replica: Replica,
        method: str,
        path: str,
        *,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes, str]:
        """Status, headers, body and the path finally answered (redirects followed)."""
        req = urllib.request.Request(
            replica.url(path), data=data, headers=headers or {}, method=method
        )
        try:
            with self.opener.open(req, timeout=30) as response:
                final = urllib.parse.urlsplit(response.geturl()).path
                return response.status, dict(response.headers), response.read(), final
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read(), path

    def page(self, replica: Replica, path: str) -> tuple[int, str, str]:
        status, _, body, final = self.request(replica, "GET", path)
        return status, body.decode(errors="replace"), final

    def post_form(
        self, replica: Replica, path: str, fields: list[tuple[str, str]]
    ) -> tuple[int, str, str]:
        status, _, body, final = self.request(
            replica,
            "POST",
            path,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        return status, body.decode(errors="replace"), final

    def json(
        self, replica: Replica, method: str, path: str, payload: Any = None, **headers: str
    ) -> tuple[int, dict[str, str], Any]:
        csrf = next(c.value for c in self.cookies if c.name == "csrftoken")
        headers = {"Accept": "application/json", "X-CSRFToken": csrf, **headers}
        data = None
        if payload is not None:
            data = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        status, response_headers, body, _ = self.request(
            replica, method, path, data=data, headers=headers
        )
        return status, response_headers, json.loads(body) if body else None

    def log_in(self, replica: Replica, username: str) -> None:
        status, page, _ = self.page(replica, "/accounts/login/")
        assert status == 200, f"the login page answered {status}\n{replica.tail()}"
        [form] = forms_in(page, lambda attrs: "password" in attrs["_names"])
        fields = [(k, v) for k, v in form if k not in ("username", "password")]
        fields += [("username", username), ("password", PASSWORD)]
        status, _, final = self.post_form(replica, "/accounts/login/", fields)
        assert status == 200 and final != "/accounts/login/", (
            f"{username} could not sign in on replica {replica.name} ({status}, {final})\n"
            f"{replica.tail()}"
        )
        assert any(c.name == "sessionid" for c in self.cookies), "no session cookie"


def child_environment(media: Path) -> dict[str, str]:
    """What a web replica is given: this test run's environment on the test database, with
    the media folder the worker writes briefs to (compose's shared `media` volume)."""
    env = dict(os.environ)
    env.update(
        APP_ENV="test",
        DATABASE_URL=database_url_for_children(),
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        VAR_DIR=str(settings.VAR_DIR),
        MEDIA_ROOT=str(media),
        PYTHONUNBUFFERED="1",
        # Small, on a shared machine; the rest of gunicorn.conf.py as in production.
        WEB_CONCURRENCY="1",
        WEB_THREADS="2",
    )
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    return env


def start_replica(name: str, env: dict[str, str], log_dir: Path) -> Replica:
    replica = Replica(name=name, port=free_port(), log=log_dir / f"web-{name}.log")
    with replica.log.open("wb") as log:
        replica.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--config",
                str(ROOT / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{replica.port}",
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return replica


def wait_until_serving(replica: Replica) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if replica.proc.poll() is not None:
            raise AssertionError(
                f"replica {replica.name} exited ({replica.proc.returncode})\n{replica.tail()}"
            )
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(replica.url("/accounts/login/"), timeout=5) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.25)
    raise AssertionError(
        f"replica {replica.name} did not serve within {START_TIMEOUT} s\n{replica.tail()}"
    )


def stop_replica(replica: Replica) -> None:
    if replica.proc is None or replica.proc.poll() is not None:
        return
    replica.proc.send_signal(signal.SIGTERM)  # gunicorn's graceful stop
    try:
        replica.proc.wait(timeout=40)
    except subprocess.TimeoutExpired:
        for child in psutil.Process(replica.proc.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                child.kill()
        replica.proc.kill()
        replica.proc.wait()


@pytest.fixture
def shared_media(tmp_path, monkeypatch, settings) -> Path:
    """One media folder for both replicas and the worker; set before the worker starts, which
    inherits it."""
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    monkeypatch.setenv("MEDIA_ROOT", str(media))
    return media


@pytest.fixture
def worker(shared_media, transactional_db, request) -> subprocess.Popen:
    """A real Celery worker on an empty queue (the conftest's), storing in the shared media."""
    from strategy_app.celery import app

    with app.connection_for_write() as connection:
        app.control.purge(connection=connection)
    return request.getfixturevalue("celery_worker_process")


@pytest.fixture
def replicas(shared_media, transactional_db, tmp_path) -> Iterator[tuple[Replica, Replica]]:
    """Replicas A and B, serving; stopped at the end (their output shown on a failure)."""
    env = child_environment(shared_media)
    started = [start_replica(name, env, tmp_path) for name in ("A", "B")]
    try:
        for replica in started:
            wait_until_serving(replica)
        yield started[0], started[1]
    finally:
        for replica in started:
            stop_replica(replica)
        for replica in started:
            print(replica.tail(40))  # shown by pytest when the test failed


@pytest.fixture
def people(transactional_db) -> dict[str, Any]:
    """A mission with a strategy and its editor, committed: the replicas read it."""
    mission = MissionFactory(acronym="UNTWO", name="United Nations Two Replicas Mission")
    EndStateFactory(mission=mission)
    strategy = build_strategy(mission)
    # Hashed as the app hashes (its first hasher), not with the suite's fast test hasher,
    # which the replicas do not know.
    hasher = import_string(app_settings.PASSWORD_HASHERS[0])()
    editor = UserFactory(username=f"editor-{uuid.uuid4().hex[:6]}")
    editor.password = hasher.encode(PASSWORD, hasher.salt())
    editor.save(update_fields=["password"])
    MembershipFactory(mission=mission, user=editor, role="strategy_editor")
    return {"mission": mission, "editor": editor, "objectives": strategy["objectives"]}


def test_the_replicas_run_gunicorn_conf_py(replicas):
    """Both run from gunicorn.conf.py: threaded workers, as many as WEB_CONCURRENCY says,
    and the access log on their output."""
    for replica in replicas:
        output = replica.output
        assert "Using worker: gthread" in output, replica.tail()
        workers = psutil.Process(replica.proc.pid).children()
        assert len(workers) == 1, f"WEB_CONCURRENCY=1 gave {len(workers)} workers"
        assert replica.wait_for_output('"GET /accounts/login/ HTTP/1.1" 200'), replica.tail()


def test_a_session_made_on_one_replica_is_honoured_on_the_other(replicas, people):
    a, b = replicas
    mission = people["mission"]
    path = f"/missions/{mission.acronym}/"

    stranger = Visitor()
    status, _, final = stranger.page(b, path)
    assert (status, final) == (200, "/accounts/login/"), "the mission page is not public"

    visitor = Visitor()
    visitor.log_in(a, people["editor"].username)
    status, page, final = visitor.page(b, path)
    assert (status, final) == (200, path), f"replica B did not know the session\n{b.tail()}"
    assert mission.name in page

    # Signing out on B (a form posted with the CSRF cookie A set) ends the session on A too.
    [logout] = forms_in(page, lambda attrs: attrs.get("action") == "/accounts/logout/")
    status, _, final = visitor.post_form(b, "/accounts/logout/", logout)
    assert status == 200 and final == "/accounts/login/", f"signing out on B: {status}, {final}"
    status, _, final = visitor.page(a, path)
    assert (status, final) == (200, "/accounts/login/"), "A still honours the ended session"


def test_a_stale_write_is_refused_whichever_replica_took_the_first(replicas, people):
    a, b = replicas
    mission = people["mission"]
    objective = people["objectives"][0]
    visitor = Visitor()
    visitor.log_in(a, people["editor"].username)
    marker = uuid.uuid4().hex[:8]

    # The API: read on A, save on B, save again on A with what A had read.
    api = f"/api/v1/objectives/{objective.pk}/"
    status, headers, body = visitor.json(a, "GET", api)
    assert status == 200, body
    read_on_a = headers["ETag"]
    status, headers, body = visitor.json(
        b, "PATCH", api, {"title": f"Saved on B {marker}"}, **{"If-Match": read_on_a}
    )
    assert status == 200, f"{body}\n{b.tail()}"
    assert headers["ETag"] != read_on_a
    status, headers, body = visitor.json(
        a, "PATCH", api, {"title": f"Stale on A {marker}"}, **{"If-Match": read_on_a}
    )
    assert status == 412, f"a stale write through A answered {status}: {body}"
    assert body["current"]["title"] == f"Saved on B {marker}"

    # The page: the form loaded from A, the objective saved on B meanwhile, A's form posted.
    page_path = f"/missions/{mission.acronym}/objectives/{objective.pk}/"
    status, page, _ = visitor.page(a, page_path)
    assert status == 200, a.tail()
    [loaded_on_a] = forms_in(page, lambda attrs: "editor" in attrs.get("class", "").split())
    status, page, _ = visitor.page(b, page_path)
    [loaded_on_b] = forms_in(page, lambda attrs: "editor" in attrs.get("class", "").split())

    def with_description(fields: list[tuple[str, str]], text: str) -> list[tuple[str, str]]:
        changed = [(k, text if k == "description" else v) for k, v in fields]
        assert ("description", text) in changed, fields
        return changed

    status, page, final = visitor.post_form(
        b, page_path, with_description(loaded_on_b, f"Saved on B {marker}")
    )
    assert (status, final) == (200, page_path) and "saved" in page, page[-2000:]
    status, page, _ = visitor.post_form(
        a, page_path, with_description(loaded_on_a, f"Stale on A {marker}")
    )
    assert status == 409, f"the stale form through A answered {status}"
    assert f"Saved on B {marker}" in page  # the conflict box shows what B saved

    objective.refresh_from_db()
    assert objective.title == f"Saved on B {marker}"
    assert objective.description == f"Saved on B {marker}"


def test_a_brief_asked_for_on_one_replica_is_downloaded_from_the_other(replicas, people, worker):
    a, b = replicas
    mission = people["mission"]
    visitor = Visitor()
    visitor.log_in(a, people["editor"].username)

    briefs = f"/missions/{mission.acronym}/briefs/"
    status, page, _ = visitor.page(a, briefs)
    assert status == 200, a.tail()
    [form] = forms_in(page, lambda attrs: attrs.get("action", "").endswith("/briefs/export/"))
    chosen = {"subject": "draft", "audience": "hq", "recipient": "DPPO desk, two replicas"}
    fields = [(k, v) for k, v in form if k not in chosen] + list(chosen.items())
    status, _, final = visitor.post_form(a, f"{briefs}export/", fields)
    match = re.fullmatch(rf"{briefs}(\d+)/", final)
    assert status == 200 and match, f"asking for a brief on A answered {status} at {final}"
    download = f"{briefs}{match.group(1)}/download/"

    deadline = time.monotonic() + 120
    while True:
        status, headers, pdf, _ = visitor.request(b, "GET", download)
        if status == 200 or time.monotonic() > deadline or worker.poll() is not None:
            break
        assert status == 404, f"the download on B answered {status}\n{b.tail()}"
        time.sleep(0.5)
    if status != 200:
        worker.terminate()
        output = worker.communicate(timeout=15)[0]
        raise AssertionError(f"no brief to download on B; the worker's output:\n{output}")
    assert headers["Content-Type"] == "application/pdf"
    assert pdf.startswith(b"%PDF")
    digest = base64.b64encode(hashlib.sha256(pdf).digest()).decode()
    assert headers["Repr-Digest"] == f"sha-256=:{digest}:"
    # The page on B says it is ready, as A's would.
    status, page, _ = visitor.page(b, f"{briefs}{match.group(1)}/")
    assert status == 200 and download in page
