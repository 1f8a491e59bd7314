"""`make backup`, `make clean`, `make restore`: the same data, on the embedded PostgreSQL.

Everything runs in child processes, as the Makefile runs it, in a VAR_DIR of its own: the
embedded server starts with each launcher and stops when the last one exits.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import psutil
import pytest

pytestmark = pytest.mark.worker

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
CHANGED_TITLE = "Changed after seeding, before the backup"
ADDED_STAKEHOLDER = "Added after seeding, before the backup"

CHANGE_AND_RENDER = f"""
from django.contrib.auth import get_user_model
from briefs.services import brief_produce, brief_request
from missions.models import Level, Mission, Stakeholder
from strategies.models import Objective

mission = Mission.objects.get(acronym="UNSMK")
objective = Objective.objects.filter(mission=mission).order_by("code").first()
objective.title = {CHANGED_TITLE!r}
objective.save()
Stakeholder.objects.create(
    mission=mission, name={ADDED_STAKEHOLDER!r}, kind=Stakeholder.Kind.SECRETARIAT,
    level=Level.NATIONAL, influence=Stakeholder.Influence.LOW,
)
editor = get_user_model().objects.get(username="editor")
brief = brief_request(mission=mission, by=editor).brief
print("brief:", brief_produce(brief.pk))
"""

# What the data looks like from outside: rows per table, the briefs' files, the edits.
SNAPSHOT = """
import hashlib, json, os, sys
from pathlib import Path
import psycopg
from psycopg import sql

media = Path(os.environ["VAR_DIR"], "media")
with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
    tables = [r[0] for r in conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")]
    counts = {
        t: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0]
        for t in tables
    }
    briefs = {
        str(pk): {
            "file": name,
            "checksum": checksum,
            "sha256": hashlib.sha256((media / name).read_bytes()).hexdigest(),
        }
        for pk, name, checksum in conn.execute(
            "SELECT id, file, checksum FROM briefs_brief WHERE status = 'ready'")
    }
    titles = [r[0] for r in conn.execute("SELECT title FROM strategies_objective")]
    stakeholders = [r[0] for r in conn.execute("SELECT name FROM missions_stakeholder")]
files = sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file())
json.dump({"counts": counts, "briefs": briefs, "titles": titles,
           "stakeholders": stakeholders, "files": files}, sys.stdout)
"""


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def ok(args: list[str], env: dict[str, str]) -> str:
    done = run(args, env)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def embedded(env: dict[str, str], *cmd: str) -> str:
    return ok([PYTHON, "scripts/embedded.py", "exec", "--", *cmd], env)


def snapshot(env: dict[str, str]) -> dict:
    return json.loads(embedded(env, PYTHON, "-c", SNAPSHOT))


def backup_script(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run([PYTHON, "scripts/backup.py", *args], env)


def wait_until_stopped(pgdata: Path) -> None:
    """The server stops when its last launcher exits; never wipe it while it runs."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        running = [
            p
            for p in psutil.process_iter(["name", "cmdline"])
            if p.info["name"] == "postgres" and str(pgdata) in " ".join(p.info["cmdline"] or [])
        ]
        if not running:
            return
        time.sleep(0.2)
    raise AssertionError(f"the embedded server in {pgdata} is still running")


def test_an_archive_restores_the_same_rows_and_briefs_into_an_empty_data_folder(tmp_path):
    var = tmp_path / "var"
    backups = tmp_path / "my backups"  # a space, as in many people's home folders
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "MEDIA_ROOT"}
    }
    env.update(APP_ENV="development", VAR_DIR=str(var), BACKUP_DIR=str(backups))

    embedded(env, PYTHON, "manage.py", "migrate", "--noinput", "-v", "0")
    embedded(env, PYTHON, "manage.py", "seed_demo")
    assert "brief: ready" in embedded(env, PYTHON, "manage.py", "shell", "-c", CHANGE_AND_RENDER)

    made = backup_script(env, "backup")
    assert made.returncode == 0, made.stderr
    [archive] = backups.glob("strategy-*.tar")
    assert archive.name in made.stdout
    before = snapshot(env)
    assert before["briefs"], "the brief was not rendered"
    for brief in before["briefs"].values():
        assert brief["sha256"] == brief["checksum"]
    assert CHANGED_TITLE in before["titles"]
    assert ADDED_STAKEHOLDER in before["stakeholders"]

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert {"database.dump", "manifest.json"} <= names
    assert manifest["tables"] == before["counts"]
    assert {n: e["sha256"] for n, e in manifest["media"].items()} == {
        b["file"]: b["sha256"] for b in before["briefs"].values()
    }
    assert manifest["migrations"]["briefs"]

    wait_until_stopped(var / "pgdata")
    shutil.rmtree(var)

    restored = backup_script(env, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout
    after = snapshot(env)
    assert after["counts"] == before["counts"]
    assert after["briefs"] == before["briefs"]
    assert after["files"] == before["files"]
    assert CHANGED_TITLE in after["titles"]
    assert ADDED_STAKEHOLDER in after["stakeholders"]

    # `make run` seeds on every start: it must leave the restored data as it is.
    embedded(env, PYTHON, "manage.py", "seed_demo")
    assert snapshot(env) == after

    # Again, into the folder that now holds data: refused, and nothing changes.
    again = backup_script(env, "restore", str(archive))
    assert again.returncode == 2
    assert "refused" in again.stderr and "already holds" in again.stderr
    # With the files moved aside, the database alone is enough to refuse.
    shutil.move(var / "media", tmp_path / "media aside")
    again = backup_script(env, "restore", str(archive))
    assert again.returncode == 2
    assert "refused" in again.stderr and "already has" in again.stderr
    shutil.move(tmp_path / "media aside", var / "media")
    assert snapshot(env) == after
    assert [p.name for p in backups.iterdir()] == [archive.name]
    for brief in after["briefs"].values():
        stored = hashlib.sha256((var / "media" / brief["file"]).read_bytes()).hexdigest()
        assert stored == brief["checksum"]
