"""Heartbeats and the health check that reads them."""

import socket
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from ops.models import Heartbeat

WORKER = "worker"


def heartbeat_record(*, source: str = WORKER) -> Heartbeat:
    beat, _ = Heartbeat.objects.update_or_create(
        source=source, defaults={"beat_at": timezone.now(), "hostname": socket.gethostname()}
    )
    return beat


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Check("database", True, "ok")
    except Exception as exc:  # any driver error means "does not answer"
        return Check("database", False, f"unreachable: {exc.__class__.__name__}")


def check_broker() -> Check:
    """Connect to the configured broker now (settings are read at call time, not import)."""
    from kombu import Connection

    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        folders = [Path(options["data_folder_in"]), Path(options["processed_folder"])]
        if not all(folder.is_dir() for folder in folders):
            return Check("broker", False, "filesystem broker folder missing")
        return Check("broker", True, "ok (filesystem)")
    try:
        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        return Check("broker", True, "ok")
    except Exception as exc:  # any transport error means "does not answer"
        return Check("broker", False, f"unreachable: {exc.__class__.__name__}")


def check_worker(db_ok: bool) -> Check:
    if not db_ok:
        return Check("worker", False, "unknown: database unreachable")
    beat = Heartbeat.objects.filter(source=WORKER).first()
    if beat is None:
        return Check("worker", False, "no heartbeat yet")
    age = timezone.now() - beat.beat_at
    if age > timedelta(seconds=settings.HEARTBEAT_MAX_AGE):
        return Check("worker", False, f"last heartbeat {int(age.total_seconds())} s ago")
    return Check("worker", True, f"last heartbeat {int(age.total_seconds())} s ago")


def health() -> list[Check]:
    db = check_database()
    return [db, check_broker(), check_worker(db.ok)]
