"""A record's page costs the same number of queries listing 10 files as 200."""

from __future__ import annotations

import pytest
from django.urls import reverse

from evidence.models import EvidenceFile
from tests.evidence.conftest import as_role
from tests.querycount import assert_same_count, page_queries

pytestmark = pytest.mark.django_db


def _files(mission, kind: str, record, n: int, by) -> None:
    EvidenceFile.objects.bulk_create(
        EvidenceFile(
            mission=mission,
            **{kind: record},
            key=f"{mission.pk}/{kind}-{record.pk}-{n}-{i:04d}",
            original_name=f"Report {i}.pdf",
            size=1000 + i,
            content_type="application/pdf",
            sha256="0" * 64,
            uploaded_by=by,
        )
        for i in range(n)
    )


def _pages(records) -> dict[str, str]:
    assessment, position = records["assessment"], records["position"]
    return {
        "exit_condition": reverse("strategies:exit_conditions", args=["UNTEST"]),
        "position": reverse(
            "strategies:stakeholder_detail", args=["UNTEST", position.stakeholder_id]
        ),
        "decision": reverse("reviews:detail", args=["UNTEST", records["decision"].review_id]),
        "assessment": reverse(
            "reviews:assess_objective", args=["UNTEST", assessment.review_id, "O1"]
        ),
        "reading": reverse("reviews:assess_objective", args=["UNTEST", assessment.review_id, "O1"]),
    }


@pytest.mark.parametrize(
    "kind", ["exit_condition", "position", "decision", "assessment", "reading"]
)
@pytest.mark.parametrize("role", ["chief_of_staff", "viewer"])
def test_queries_do_not_grow_with_the_files(people, records, mission, kind, role):
    client = as_role(role)
    url = _pages(records)[kind]
    _files(mission, kind, records[kind], 10, people["strategy_editor"])
    client.get(url)  # warm the per-process caches
    small = page_queries(client, url)
    page = client.get(url).content.decode()
    assert page.count(">Report 9.pdf</a>") == 1
    _files(mission, kind, records[kind], 190, people["chief_of_staff"])
    large = page_queries(client, url)
    assert client.get(url).content.decode().count(".pdf</a>") >= 200
    assert_same_count(small, large)
