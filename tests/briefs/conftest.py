"""Fixtures of the brief tests: a strategy to print, an HQ desk officer, a private media
folder (shared with a real worker process when one runs)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.briefs.data import build_strategy
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def strategy(mission) -> dict:
    return build_strategy(mission)


@pytest.fixture
def desk(mission):
    return MembershipFactory(
        mission=mission, role="desk_officer", user=UserFactory(username="dora")
    ).user


@pytest.fixture
def hom(mission):
    return MembershipFactory(
        mission=mission, role="head_of_mission", user=UserFactory(username="miriam")
    ).user


@pytest.fixture
def brief_media(settings, tmp_path, monkeypatch) -> Path:
    """Briefs are stored under a folder of this test's own, never the project's var/."""
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    monkeypatch.setenv("MEDIA_ROOT", str(media))
    return media


@pytest.fixture
def brief_worker(brief_media, transactional_db, request) -> Iterator[subprocess.Popen]:
    """A real worker on an empty queue, storing briefs in this test's media folder.

    The worker fixture is requested here, after the media folder is set, so the worker
    process inherits it; ``transactional_db`` is named so the whole test commits for real.
    """
    from strategy_app.celery import app

    with app.connection_for_write() as connection:
        app.control.purge(connection=connection)
    yield request.getfixturevalue("celery_worker_process")


def pdf_text(path_or_bytes: Path | bytes, tmp_path: Path) -> str:
    """The PDF's text as ``pdftotext -layout`` reads it back."""
    if isinstance(path_or_bytes, bytes):
        path = tmp_path / "read.pdf"
        path.write_bytes(path_or_bytes)
    else:
        path = path_or_bytes
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
