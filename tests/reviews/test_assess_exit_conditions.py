"""Exit conditions in a review: the chief of staff re-assesses each condition of the end state
in force; the condition's status follows; others read."""

from __future__ import annotations

import pytest

from reviews.models import ExitConditionAssessment
from strategies.models import ExitCondition
from tests.factories import EndStateFactory, ExitConditionFactory
from tests.reviews.assess_data import Sheet, form_data, make_sheet, page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(mission) -> Sheet:
    return make_sheet(mission)


def url(sheet, review=None) -> str:
    return sheet.url("exit-conditions", review)


def test_chief_sees_each_condition_with_its_last_assessment(client, sheet):
    client.force_login(sheet.people["chief_of_staff"])
    response = client.get(url(sheet))
    assert response.status_code == 200
    html = response.content.decode()
    first, second = sheet.conditions
    assert f'name="x{first.pk}-status"' in html and f'name="x{second.pk}-status"' in html
    assert sheet.last.label in html  # the first condition's previous assessment
    assert "not rated before" in html  # the second has none


def test_conditions_of_a_superseded_end_state_are_not_asked_about(client, sheet):
    old = EndStateFactory(mission=sheet.mission, superseded_on="2025-01-01")
    gone = ExitConditionFactory(end_state=old, description="An old condition")
    client.force_login(sheet.people["chief_of_staff"])
    html = client.get(url(sheet)).content.decode()
    assert f"x{gone.pk}-status" not in html


def test_saving_writes_the_changed_conditions_and_the_status_follows(client, sheet):
    client.force_login(sheet.people["chief_of_staff"])
    page = client.get(url(sheet)).content.decode()
    first, second = sheet.conditions
    data = form_data(
        page, **{f"x{second.pk}-status": "partly_met", f"x{second.pk}-evidence": "Q4 data"}
    )
    response = client.post(url(sheet), data)
    assert response.status_code == 302
    saved = ExitConditionAssessment.objects.get(review=sheet.review)
    assert (saved.exit_condition, saved.status, saved.evidence) == (second, "partly_met", "Q4 data")
    second.refresh_from_db()
    assert second.status == "partly_met" and second.evidence == "Q4 data"
    assert second.last_assessed_on == sheet.mission.today()
    assert ExitCondition.objects.get(pk=first.pk).status == "partly_met"  # untouched


def test_a_status_is_needed_once_evidence_is_typed(client, sheet):
    client.force_login(sheet.people["chief_of_staff"])
    page = client.get(url(sheet)).content.decode()
    first = sheet.conditions[0]
    response = client.post(url(sheet), form_data(page, **{f"x{first.pk}-evidence": "Reports"}))
    assert response.status_code == 400
    assert "Choose the status" in response.content.decode()
    assert not ExitConditionAssessment.objects.filter(review=sheet.review).exists()


@pytest.mark.parametrize(
    "role", ["head_of_mission", "desk_officer", "viewer", "lead", "strategy_editor"]
)
def test_other_roles_read_and_their_posts_are_refused(client, sheet, role):
    client.force_login(sheet.people[role])
    response = client.get(url(sheet))
    assert response.status_code == 200
    assert 'id="assess-form"' not in response.content.decode()
    first = sheet.conditions[0]
    response = client.post(
        url(sheet), {f"x{first.pk}-status": "met", f"initial-x{first.pk}-status": ""}
    )
    assert response.status_code == 403
    assert not ExitConditionAssessment.objects.filter(review=sheet.review).exists()


def test_outsiders_get_404(client, sheet, outsider):
    client.force_login(outsider)
    assert client.get(url(sheet)).status_code == 404


@pytest.mark.parametrize("status", ["planned", "concluded", "signed_off"])
def test_a_review_not_open_refuses_posts_with_its_reason(client, sheet, status):
    client.force_login(sheet.people["chief_of_staff"])
    page = client.get(url(sheet)).content.decode()
    sheet.set_status(status)
    first = sheet.conditions[0]
    response = client.post(url(sheet), form_data(page, **{f"x{first.pk}-status": "met"}))
    assert response.status_code == 403
    html = response.content.decode()
    assert 'id="assess-form"' not in html
    assert "Nothing was saved." in html
    assert ExitCondition.objects.get(pk=first.pk).status == "partly_met"


def test_the_page_costs_the_same_queries_whatever_the_number_of_conditions(client, sheet):
    client.force_login(sheet.people["chief_of_staff"])

    few = page_queries(client, url(sheet))
    for _ in range(10):
        condition = ExitConditionFactory(end_state=sheet.mission.current_end_state)
        ExitConditionAssessment.objects.create(
            review=sheet.last, exit_condition=condition, status="met"
        )
    assert page_queries(client, url(sheet)) == few
