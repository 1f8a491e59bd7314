"""Uploads land in a temporary MEDIA_ROOT (and upload folder), for this process and a worker."""

from __future__ import annotations

from pathlib import Path

import pytest


def media_for_imports(settings, tmp_path: Path, monkeypatch) -> Path:
    """Where stored uploads go; FILE_UPLOAD_TEMP_DIR beside it, so tests can see both empty.
    The environment carries MEDIA_ROOT to a worker process started afterwards."""
    media = tmp_path / "media"
    media.mkdir()
    uploads = tmp_path / "upload-tmp"
    uploads.mkdir()
    settings.MEDIA_ROOT = media
    settings.FILE_UPLOAD_TEMP_DIR = str(uploads)
    monkeypatch.setenv("MEDIA_ROOT", str(media))
    return media


@pytest.fixture(autouse=True)
def import_media(settings, tmp_path, monkeypatch) -> Path:
    return media_for_imports(settings, tmp_path, monkeypatch)


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]
