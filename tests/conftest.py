"""Shared fixtures: three personas per mission (editor, reader, outsider), the demo data,
and a real Celery worker process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone, translation

from tests.factories import EndStateFactory, MembershipFactory, MissionFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
IN_CI = bool(os.environ.get("CI"))


@pytest.fixture(autouse=True)
def default_language_and_zone() -> Iterator[None]:
    """Each test starts where a fresh request would: the test client's last request leaves
    its language (and the thread keeps it), which would leak into the next test's words."""
    yield
    translation.deactivate()
    timezone.deactivate()


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Hashing demo passwords at production strength would dominate the suite's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
) -> Iterator[None]:
    """pytest-django's, with the database copied from a migrated template when there is one
    (tests/db_template.py); the suite always runs its migrations."""
    from django.test.utils import setup_databases
    from pytest_django.fixtures import _get_databases_for_setup

    from tests.db_template import copied_from_template

    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    keepdb = django_db_keepdb and not django_db_createdb
    with django_db_blocker.unblock(), copied_from_template(keepdb) as database:
        setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=database.keepdb,
        )
    yield


@pytest.fixture
def mission(db):
    mission = MissionFactory(acronym="UNTEST")
    EndStateFactory(mission=mission)
    return mission


@pytest.fixture
def other_mission(db):
    return MissionFactory(acronym="UNOTHER")


@pytest.fixture
def editor(mission):
    return MembershipFactory(
        mission=mission, role="strategy_editor", user=UserFactory(username="alice")
    ).user


@pytest.fixture
def reader(mission):
    return MembershipFactory(mission=mission, role="viewer", user=UserFactory(username="bob")).user


@pytest.fixture
def outsider(other_mission):
    return MembershipFactory(
        mission=other_mission, role="strategy_editor", user=UserFactory(username="charlie")
    ).user


@pytest.fixture
def demo(db):
    """The demo data exactly as `make run` loads it."""
    from portfolio.demo import demo_seed

    demo_seed()


def database_url_for_children() -> str:
    """A DATABASE_URL that points a child process at the test database."""
    params = connection.settings_dict
    host = params["HOST"] or "127.0.0.1"
    user = params["USER"] or "postgres"
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    if host.startswith("/"):
        return f"postgres://{user}{password}@/{params['NAME']}?host={host}"
    port = f":{params['PORT']}" if params["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{params['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db) -> Iterator[subprocess.Popen]:
    """A real `celery worker` process on the configured broker and the test database."""
    if IN_CI:
        # In CI the background path must run on the machine's Redis, never a fallback.
        assert settings.CELERY_BROKER_URL.startswith("redis://"), settings.CELERY_BROKER_URL
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url_for_children(),
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        APP_ENV="test",
        VAR_DIR=str(settings.VAR_DIR),
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "strategy_app",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--hostname=test@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


class BrokerOutage:
    """The app's broker made unreachable (a Redis address nobody listens on), then back.

    Celery reads ``CELERY_BROKER_URL`` from the environment before its own settings, so both
    are switched."""

    DOWN = "redis://127.0.0.1:1/0"

    def __init__(self) -> None:
        from strategy_app.celery import app

        self.app, self.url = app, app.conf.broker_url
        self.environ = os.environ.get("CELERY_BROKER_URL")
        os.environ["CELERY_BROKER_URL"] = self.DOWN
        app.conf.broker_url = self.DOWN
        app._after_fork()  # forget pooled connections to the real broker
        assert app.connection_for_write().port == 1

    def restore(self) -> None:
        if self.environ is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = self.environ
        self.app.conf.broker_url = self.url
        self.app._after_fork()


@pytest.fixture
def broker_down() -> Iterator[BrokerOutage]:
    """The broker is down until the test calls ``restore()`` or ends."""
    outage = BrokerOutage()
    yield outage
    outage.restore()


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    """Poll until ``predicate()`` is truthy; return its value or fail with a timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {predicate}")


@pytest.fixture(scope="module")
def vacuumed_history(django_db_setup, django_db_blocker) -> None:
    """Vacuum the history tables before a module that reads the activity feed.

    Every test that seeds the demo and rolls back leaves thousands of dead rows in the
    pghistory event tables; by the end of the suite a feed query scans them all (seconds
    instead of milliseconds). Production tables hold live history only, so this is the test
    database's housekeeping, done from a separate autocommit connection (VACUUM cannot run
    inside the test's transaction).
    """
    import pghistory.models
    import psycopg
    from django.apps import apps

    tables = {"pghistory_context"} | {
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, pghistory.models.Event) and not model._meta.proxy
    }
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with django_db_blocker.unblock(), psycopg.connect(**params, autocommit=True) as raw:
        for table in sorted(tables):
            raw.execute(f'VACUUM (ANALYZE) "{table}"')
