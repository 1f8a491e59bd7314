import pytest
from django.utils import timezone

from ops.models import Heartbeat
from ops.services import heartbeat_record

pytestmark = pytest.mark.django_db


def test_it_answers_200_when_database_broker_and_worker_answer(client):
    heartbeat_record()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert set(body["checks"]) == {"database", "broker", "worker"}


def test_it_names_the_broker_when_the_broker_is_gone(client, settings):
    heartbeat_record()
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["broker"]


def test_it_names_the_filesystem_broker_when_its_folder_is_gone(client, settings, tmp_path):
    heartbeat_record()
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(tmp_path / "gone"),
        "data_folder_out": str(tmp_path / "gone"),
        "processed_folder": str(tmp_path / "gone-too"),
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "broker" in response.json()["failing"]


def test_it_names_the_worker_when_no_heartbeat_is_recent(client, settings):
    Heartbeat.objects.create(
        source="worker", beat_at=timezone.now() - timezone.timedelta(seconds=600)
    )
    settings.HEARTBEAT_MAX_AGE = 180
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["worker"]


def test_it_needs_no_login_and_rejects_post(client):
    assert client.post("/healthz").status_code == 405
