"""The same upload, listing, download and removal against a real S3-compatible server: moto's
server, started by the test as a process of its own on a free port. The bucket holds the bytes
under the random key, privately; users only ever get them through the app."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from django.urls import reverse

from evidence.models import EvidenceFile
from tests.evidence.conftest import as_role, pdf_bytes, upload

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "mission-evidence"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3_endpoint() -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("moto's server did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _evidence_storage_from_env(endpoint: str) -> dict:
    """STORAGES["evidence"] as strategy_app/settings.py builds it from these variables, read in
    a fresh process (settings are read once per process)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "strategy_app.settings",
        "EVIDENCE_STORAGE": "s3",
        "EVIDENCE_S3_BUCKET": BUCKET,
        "EVIDENCE_S3_ENDPOINT_URL": endpoint,
        "EVIDENCE_S3_REGION": "us-east-1",
        "EVIDENCE_S3_ACCESS_KEY_ID": "testing",
        "EVIDENCE_S3_SECRET_ACCESS_KEY": "testing",
    }
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.STORAGES['evidence']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, check=True, cwd=ROOT
    )
    return json.loads(done.stdout.decode().strip().splitlines()[-1])


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A private bucket on the server, and the evidence storage configured for it by the
    environment, as a deployment does (EVIDENCE_STORAGE=s3)."""
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **CREDENTIALS)
    client.create_bucket(Bucket=BUCKET)
    configured = _evidence_storage_from_env(s3_endpoint)
    assert configured["BACKEND"] == "storages.backends.s3.S3Storage"
    assert configured["OPTIONS"]["querystring_auth"] is False
    assert configured["OPTIONS"]["default_acl"] == "private"
    settings.STORAGES = {**settings.STORAGES, "evidence": configured}
    return client


def _objects(client) -> list[str]:
    return [o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_upload_download_and_removal_on_s3(
    people, records, bucket, django_capture_on_commit_callbacks
):
    data = pdf_bytes("Joint commission minutes")
    condition = records["exit_condition"]
    editor = as_role("strategy_editor")
    response = editor.post(
        reverse("evidence:upload", args=["UNTEST", "exit_condition", condition.pk]),
        {"file": upload("Minutes.pdf", data)},
    )
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    [key] = _objects(bucket)
    assert key == f"evidence/{evidence.key}"
    stored = bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == evidence.sha256
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]

    page = as_role("viewer").get(reverse("strategies:exit_conditions", args=["UNTEST"]))
    download_url = reverse("evidence:download", args=["UNTEST", evidence.pk])
    assert download_url in page.content.decode()
    assert "amazonaws" not in page.content.decode() and "127.0.0.1:" not in page.content.decode()
    got = as_role("viewer").get(download_url)
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == data
    assert got["Cache-Control"] == "private, no-store"
    assert client_404(people, download_url)

    # The worker reads the text from the bucket too.
    from evidence.services import evidence_read_text

    assert evidence_read_text(evidence.pk) == "read"
    evidence.refresh_from_db()
    assert "Joint commission minutes" in evidence.text

    with django_capture_on_commit_callbacks(execute=True):
        removed = editor.post(
            reverse("evidence:delete", args=["UNTEST", evidence.pk]),
            {"revision": evidence.revision},
        )
    assert removed.status_code == 302
    assert _objects(bucket) == []


def client_404(people, url: str) -> bool:
    from tests.evidence.conftest import client_for

    return client_for(people["outsider"]).get(url).status_code == 404


def test_a_refused_file_never_reaches_the_bucket(people, records, bucket):
    response = as_role("strategy_editor").post(
        reverse("evidence:upload", args=["UNTEST", "exit_condition", records["exit_condition"].pk]),
        {"file": upload("notes.pdf", b"just text\n")},
    )
    assert response.status_code == 400
    assert _objects(bucket) == []
    assert not EvidenceFile.objects.exists()
