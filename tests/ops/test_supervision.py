"""Under `make run` a dead worker comes back by itself, and a broker outage takes down only
what needs the broker: the web server keeps serving and /healthz says what is wrong."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from datetime import UTC, datetime

import psutil
import pytest

from tests.ops.launcher import INTERRUPTED, Browser, Launcher, fresh_database

pytestmark = pytest.mark.worker


@pytest.fixture
def launcher(tmp_path) -> Iterator[Launcher]:
    with fresh_database() as url:
        launcher = Launcher(
            var_dir=tmp_path / "var", database_url=url, log_path=tmp_path / "launcher.log"
        )
        launcher.start()
        try:
            yield launcher
        finally:
            launcher.kill()
            print(launcher.tail(200))  # shown by pytest when the test failed


def heartbeat_after(launcher: Launcher, moment: datetime) -> bool:
    rows = launcher.sql("SELECT beat_at FROM ops_heartbeat WHERE source = 'worker'")
    return bool(rows) and rows[0][0] > moment


def db_now(launcher: Launcher) -> datetime:
    return launcher.sql("SELECT now()")[0][0]


def failing(launcher: Launcher) -> tuple[int | None, list[str]]:
    status, body = launcher.healthz()
    return status, body.get("failing", [])


def test_a_killed_worker_and_a_removed_broker_folder_recover_while_the_web_serves(
    launcher, tmp_path
):
    launcher.wait_healthy()
    workers = launcher.main_processes("celery", " worker ")
    assert len(workers) == 1, f"one worker expected: {workers}\n{launcher.tail()}"
    killed = workers[0]

    # kill -9 the worker: a new one is started, and its heartbeat makes /healthz green.
    killed_at = db_now(launcher)
    os.kill(killed.pid, signal.SIGKILL)

    def new_worker_green():
        fresh = [p for p in launcher.main_processes("celery", " worker ") if p.pid != killed.pid]
        # The heartbeat must come from the new worker, not from a task the old one finished.
        started = datetime.fromtimestamp(fresh[0].create_time(), tz=UTC) if fresh else None
        return (
            started
            and heartbeat_after(launcher, max(started, killed_at))
            and failing(launcher) == (200, [])
        )

    launcher.wait_for(new_worker_green, timeout=30, what="new worker with a fresh heartbeat")
    assert "worker exited with code -9; restarting in" in launcher.output

    # The broker folder goes: the worker dies on it and waits; web serves and says why.
    broker = launcher.var_dir / "broker"
    away = tmp_path / "broker-elsewhere"
    shutil.move(broker, away)
    launcher.wait_for(
        lambda: failing(launcher)[0] == 503 and "broker" in failing(launcher)[1],
        timeout=15,
        what="/healthz 503 naming the broker",
    )
    launcher.wait_for(
        lambda: "worker waits for the broker folder" in launcher.output,
        timeout=30,
        what="worker stopping on the missing broker folder and waiting for it",
    )
    status, _, page = Browser(launcher).request("GET", "/accounts/login/")
    assert status == 200, launcher.tail()
    assert 'name="password"' in page
    status, names = failing(launcher)
    assert (status, "broker" in names) == (503, True), launcher.tail()
    assert not broker.exists(), "the broker folder was recreated instead of waiting for it"

    # The operator puts it back: all green again, without restarting `make run`.
    restored_at = db_now(launcher)
    shutil.move(away, broker)
    launcher.wait_for(
        lambda: failing(launcher) == (200, []) and heartbeat_after(launcher, restored_at),
        timeout=60,
        what="/healthz 200 with a fresh heartbeat after the broker folder came back",
    )

    # Ctrl-C stops everything: no web server, worker (nor its pool) or beat is left.
    family = launcher.descendants()
    commands = " | ".join(" ".join(process.cmdline()) for process in family)
    for part in ("runserver", "strategy_app worker", "strategy_app beat"):
        assert part in commands, f"{part} is not running: {commands}\n{launcher.tail()}"
    assert launcher.interrupt(timeout=30) in INTERRUPTED, launcher.tail()
    assert "Stopped web, worker and beat" in launcher.output
    left = []
    for process in family:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                left.append(process)
        except psutil.NoSuchProcess:
            pass
    assert not left, f"still running after Ctrl-C: {left}\n{launcher.tail()}"
