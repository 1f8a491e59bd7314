"""Every command the README shows runs exactly as written: here, in another named test, or in
`.ci/run`. A README command nobody runs fails this module, so the list cannot drift."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.conftest import ROOT

pytestmark = pytest.mark.worker

README = ROOT / "README.md"

# Commands run elsewhere, and where.
RUN_ELSEWHERE = {
    "make run": "tests/ops/test_make_run_restart.py",
    "PORT=8001 make run": "tests/ops/test_supervision.py (PORT set to a free port)",
    "make test": ".ci/run",
    "make lint": ".ci/run",
}
# Commands no test can run here, and why.
NOT_RUN = {
    "make clean": "it deletes the virtual environment the suite runs in",
    "make format": "it rewrites the checkout; `make lint` (.ci/run) runs the same ruff",
    "make bench": "benchmarks take minutes and print figures; nothing to assert",
    ".venv/bin/python bench/scale.py --stakeholders 200 --objectives 200 --components 40"
    " --reviews 20 --events 200000": "a benchmark: minutes, figures, nothing to assert",
    ".venv/bin/python bench/reminders.py": "a benchmark: minutes, figures, nothing to assert",
    ".venv/bin/python bench/load.py --users 50 --seconds 60": "a benchmark (locust, minutes)",
    ".venv/bin/python bench/hashers.py": "a benchmark: figures, nothing to assert",
}
# For the compose stack and system packages: documented for users, no Docker engine here.
DOCKER = re.compile(r"^(docker compose |docker run |export |apt-get |mkdir -p backups$)")

COMMAND = re.compile(
    r"^(?:make\b|PORT=\S+ make\b|\.venv/bin/(?:pytest|python)\b|python3? scripts/)"
)


def readme_commands() -> list[str]:
    """Commands in inline code and in shell blocks, as a reader would copy them."""
    text = README.read_text()
    found: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        found += [line.strip() for line in block.splitlines() if line.strip()]
    found += re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    commands = [c.split("  #")[0].strip() for c in found if COMMAND.match(c) or DOCKER.match(c)]
    return list(dict.fromkeys(commands))


RUN_HERE = {
    "make manage",
    'make manage ARGS="plan_reviews --mission UNSMK"',
    'make manage ARGS="send_review_reminders --dry-run"',
    'make manage ARGS="send_outbox"',
    'make manage ARGS="render_brief UNSMK --out unsmk-draft.pdf"',
    'make manage ARGS="import_mandate UNSMK resolution.pdf --dry-run"',
    'make manage ARGS="seed_demo --reset"',
    'make manage ARGS="issue_api_token editor --name reporting-script --days 90"',
    'make test PYTEST_ARGS="tests/ops/test_healthz.py -x"',
    'make test PYTEST_PROCESSES=0 PYTEST_ARGS="tests/ops/test_healthz.py"',
    ".venv/bin/pytest tests/ops/test_healthz.py",
    "make backup",
    ".venv/bin/python scripts/backup.py backup --force",
    "make restore",
}


def test_every_readme_command_is_run_somewhere():
    commands = readme_commands()
    docker = {c for c in commands if DOCKER.match(c)}
    restore = {c for c in commands if c.startswith("make restore FILE=")}
    covered = RUN_HERE | set(RUN_ELSEWHERE) | set(NOT_RUN) | docker | restore
    assert set(commands) - covered == set(), "README commands that no test runs"
    assert set(commands) >= RUN_HERE, "commands run here that the README no longer shows"
    assert restore, "the README shows how to restore"


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """A new, empty database on the suite's server; its URL."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["dbname"] = "postgres"
    name = f"strategy_readme_{uuid.uuid4().hex[:8]}"
    made: list[str] = []
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
    from tests.conftest import database_url_for_children

    base = database_url_for_children()
    test_db = connection.settings_dict["NAME"]
    yield base.replace(f"/{test_db}", f"/{name}")
    with psycopg.connect(**params, autocommit=True) as admin:
        for db in made:
            admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            admin.execute(f'DROP DATABASE IF EXISTS "test_{db}" WITH (FORCE)')


def shell(command: str, env: dict[str, str], stdin: str = "") -> str:
    """Run ``command`` in a shell from the project root, as pasted into a terminal."""
    result = subprocess.run(
        command,
        shell=True,
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{command} failed:\n{output[-4000:]}"
    return output


def environment(tmp_path: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO"))}
    env.pop("APP_ENV", None)
    env.update(
        DATABASE_URL=database_url, VAR_DIR=str(tmp_path / "var"), BACKUP_DIR=str(tmp_path / "bk")
    )
    return env


@pytest.mark.django_db
def test_the_management_and_backup_commands_run_as_written(tmp_path, fresh_database):
    from tests.mandates import resolutions

    env = environment(tmp_path, fresh_database)
    shell('make manage ARGS="migrate --noinput -v 0"', env)
    shell('make manage ARGS="seed_demo"', env)
    assert "Available subcommands" in shell("make manage", env)
    token = shell(
        'make manage ARGS="issue_api_token editor --name reporting-script --days 90"', env
    )
    assert any(line.startswith("swb_") for line in token.splitlines()), token

    assert "reviews" in shell('make manage ARGS="plan_reviews --mission UNSMK"', env).lower()
    assert "Dry run" in shell('make manage ARGS="send_review_reminders --dry-run"', env)
    assert "still waiting" in shell('make manage ARGS="send_outbox"', env)
    draft = ROOT / "unsmk-draft.pdf"
    try:
        shell('make manage ARGS="render_brief UNSMK --out unsmk-draft.pdf"', env)
        assert draft.read_bytes().startswith(b"%PDF")
    finally:
        draft.unlink(missing_ok=True)
    resolution = ROOT / "resolution.pdf"
    resolution.write_bytes(resolutions.as_pdf(resolutions.RES_2729))
    try:
        out = shell('make manage ARGS="import_mandate UNSMK resolution.pdf --dry-run"', env)
        assert "S/RES/2729 (2024)" in out
    finally:
        resolution.unlink(missing_ok=True)
    out = shell('make manage ARGS="seed_demo --reset"', env, stdin="yes\n")
    assert "--reset restores the scripted story in" in out and "Demo data is in place." in out

    out = shell("make backup", env)
    (archive,) = (tmp_path / "bk").iterdir()
    assert archive.name in out
    shell(".venv/bin/python scripts/backup.py backup --force", env)
    assert len(list((tmp_path / "bk").iterdir())) == 2
    restored = fresh_database.rsplit("/", 1)
    target = f"strategy_readme_r{uuid.uuid4().hex[:6]}"
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params["dbname"] = "postgres"
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{target}"')
    try:
        url = f"{restored[0]}/{target}" + (
            "?" + restored[1].split("?", 1)[1] if "?" in restored[1] else ""
        )
        env_restore = environment(tmp_path / "restore", url)
        env_restore["BACKUP_DIR"] = env["BACKUP_DIR"]
        out = shell("make restore", env_restore)  # the newest archive in BACKUP_DIR
        assert "restored" in out.lower()
    finally:
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


def test_pytest_runs_as_written_through_make_and_on_its_own(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO"))}
    env.pop("APP_ENV", None)
    env["VAR_DIR"] = str(tmp_path / "var")
    out = shell('make test PYTEST_ARGS="tests/ops/test_healthz.py -x"', env)
    assert "5 passed" in out and "2 workers" in out
    out = shell('make test PYTEST_PROCESSES=0 PYTEST_ARGS="tests/ops/test_healthz.py"', env)
    assert "5 passed" in out and "workers" not in out
    # On its own, with no database named: the embedded server in VAR_DIR.
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    out = shell(".venv/bin/pytest tests/ops/test_healthz.py", env)
    assert "5 passed" in out
    shutil.rmtree(tmp_path / "var", ignore_errors=True)
