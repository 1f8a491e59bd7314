"""Each role against each action on each kind of record: who may attach a file (those who
edit that kind of record), download it (every member) and remove it (the uploader or those
who may attach); an outsider gets 404 for all of it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from evidence.models import EvidenceFile
from missions.models import Membership
from tests.evidence.conftest import ROLES, as_role, client_for, pdf_bytes, upload

pytestmark = pytest.mark.django_db

ATTACH = {
    "assessment": {"chief_of_staff"},
    "reading": {"chief_of_staff"},
    "decision": {"chief_of_staff"},
    "position": {"chief_of_staff", "strategy_editor"},
    "exit_condition": {"chief_of_staff", "strategy_editor"},
}


def _attach(client, kind, record):
    url = reverse("evidence:upload", args=["UNTEST", kind, record.pk])
    return client.post(url, {"file": upload("a.pdf", pdf_bytes())})


@pytest.mark.parametrize("kind", list(ATTACH))
@pytest.mark.parametrize("role", [*ROLES, "outsider"])
def test_who_may_attach(people, records, kind, role):
    client = client_for(people[role])
    response = _attach(client, kind, records[kind])
    expected = 302 if role in ATTACH[kind] else 404 if role == "outsider" else 403
    assert response.status_code == expected
    assert EvidenceFile.objects.count() == (1 if expected == 302 else 0)
    page = client.get(reverse("evidence:upload", args=["UNTEST", kind, records[kind].pk]))
    assert page.status_code == (200 if expected == 302 else expected)


@pytest.mark.parametrize("kind", list(ATTACH))
@pytest.mark.parametrize("role", [*ROLES, "outsider"])
def test_who_may_download_and_remove(people, records, kind, role):
    _attach(as_role("chief_of_staff"), kind, records[kind])
    evidence = EvidenceFile.objects.get()
    client = client_for(people[role])
    download = client.get(reverse("evidence:download", args=["UNTEST", evidence.pk]))
    assert download.status_code == (404 if role == "outsider" else 200)
    delete_url = reverse("evidence:delete", args=["UNTEST", evidence.pk])
    expected = 302 if role in ATTACH[kind] else 404 if role == "outsider" else 403
    response = client.post(delete_url, {"revision": evidence.revision})
    assert response.status_code == expected
    assert EvidenceFile.objects.exists() == (expected != 302)


def test_the_uploader_may_remove_their_file_after_losing_the_right(people, records):
    _attach(as_role("strategy_editor"), "exit_condition", records["exit_condition"])
    evidence = EvidenceFile.objects.get()
    Membership.objects.filter(user=people["strategy_editor"]).update(role="viewer")
    client = as_role("strategy_editor")
    url = reverse("evidence:delete", args=["UNTEST", evidence.pk])
    assert client.post(url, {"revision": evidence.revision}).status_code == 302
    assert not EvidenceFile.objects.exists()


def test_another_missions_id_answers_like_a_missing_one(people, records, other_mission):
    _attach(as_role("chief_of_staff"), "exit_condition", records["exit_condition"])
    evidence = EvidenceFile.objects.get()
    outsider = client_for(people["outsider"])
    # The outsider's own mission, another mission's file: still 404.
    assert (
        outsider.get(reverse("evidence:download", args=["UNOTHER", evidence.pk])).status_code == 404
    )
    url = reverse(
        "evidence:upload", args=["UNOTHER", "exit_condition", records["exit_condition"].pk]
    )
    assert outsider.post(url, {"file": upload("a.pdf", pdf_bytes())}).status_code == 404
    assert EvidenceFile.objects.count() == 1
    assert (
        client_for(people["viewer"])
        .get(reverse("evidence:upload", args=["UNTEST", "nonsense", 1]))
        .status_code
        == 404
    )
