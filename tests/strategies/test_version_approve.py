"""The head of mission approves the working strategy as numbered, immutable versions,
through the service and through the page."""

from __future__ import annotations

import threading

import pghistory
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import ProgrammingError, connection, transaction

from missions.models import EndState
from strategies.models import Objective, StrategyVersion
from strategies.services.versions import version_approve
from tests.strategies.versions_support import build_strategy


@pytest.mark.django_db
def test_approving_numbers_versions_1_then_2_and_freezes_each_snapshot(mission, hom):
    objectives = build_strategy(mission)

    first = version_approve(mission=mission, by=hom, note="  First approved strategy.  ")
    with pghistory.context(user=hom.pk, mission=mission.acronym):
        Objective.objects.filter(pk=objectives["o1"].pk).update(priority=1)
    second = version_approve(mission=mission, by=hom, note="Raised O1.")

    assert (first.number, second.number) == (1, 2)
    assert first.note == "First approved strategy."
    assert first.approved_by == hom
    assert first.end_state == mission.current_end_state
    first.refresh_from_db()
    assert first.snapshot["objectives"][0]["priority"] == 2
    assert second.snapshot["objectives"][0]["priority"] == 1
    # The draft stays editable after approval.
    assert Objective.objects.get(pk=objectives["o1"].pk).priority == 1


@pytest.mark.django_db
def test_approving_without_an_end_state_is_refused_with_a_clear_message(mission, hom):
    EndState.objects.filter(mission=mission).delete()

    with pytest.raises(ValidationError, match="political end state"):
        version_approve(mission=mission, by=hom, note="")
    assert not StrategyVersion.objects.exists()


@pytest.mark.django_db
def test_the_service_refuses_a_member_without_the_right(mission, editor):
    with pytest.raises(PermissionDenied):
        version_approve(mission=mission, by=editor, note="Not mine to approve.")
    assert not StrategyVersion.objects.exists()


@pytest.mark.django_db
def test_a_version_row_cannot_be_updated(mission, hom):
    version = version_approve(mission=mission, by=hom, note="Frozen.")

    with pytest.raises(ProgrammingError, match="Cannot update"), transaction.atomic():
        StrategyVersion.objects.filter(pk=version.pk).update(note="rewritten")
    version.refresh_from_db()
    assert version.note == "Frozen."


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_the_same_moment_get_distinct_numbers(mission, hom):
    build_strategy(mission)
    start = threading.Barrier(2)
    results: list[object] = []

    def approve(note: str) -> None:
        try:
            start.wait()
            results.append(version_approve(mission=mission, by=hom, note=note).number)
        except Exception as error:  # the test reports whatever went wrong
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(f"Approval {i}",)) for i in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results) == [1, 2]
    assert sorted(StrategyVersion.objects.values_list("number", flat=True)) == [1, 2]


@pytest.mark.django_db
def test_the_head_approves_through_the_page_and_lands_on_the_new_version(client, mission, hom):
    build_strategy(mission)
    client.force_login(hom)

    page = client.get("/missions/UNTEST/versions/")
    response = client.post("/missions/UNTEST/versions/approve/", {"note": "Approved in council."})

    assert "Approve the working draft as version 1" in page.content.decode()
    assert response.status_code == 302
    assert response.url == "/missions/UNTEST/versions/1/"
    follow = client.get(response.url)
    assert "Version 1 approved." in follow.content.decode()
    listing = client.get("/missions/UNTEST/versions/").content.decode()
    assert "Approved in council." in listing
    assert "Approve the working draft as version 2" in listing
    # With one version, the compare form offers that version against the draft.
    assert '<option value="1" selected>Version 1</option>' in listing
    assert '<option value="draft" selected>' in listing


@pytest.mark.django_db
def test_an_approval_without_a_note_shows_the_error_beside_the_field(client, mission, hom):
    client.force_login(hom)

    response = client.post("/missions/UNTEST/versions/approve/", {"note": "  "})

    assert response.status_code == 200
    assert 'class="field__error"' in response.content.decode()
    assert not StrategyVersion.objects.exists()


@pytest.mark.django_db
def test_approving_without_an_end_state_says_why_on_the_page(client, mission, hom):
    EndState.objects.filter(mission=mission).delete()
    client.force_login(hom)

    response = client.post("/missions/UNTEST/versions/approve/", {"note": "Try."}, follow=True)

    assert "political end state before approving" in response.content.decode()
    assert not StrategyVersion.objects.exists()


@pytest.mark.django_db
def test_approve_refuses_get(client, mission, hom):
    client.force_login(hom)
    assert client.get("/missions/UNTEST/versions/approve/").status_code == 405
