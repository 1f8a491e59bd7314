"""Contributions in a review: each component's lead assesses their own component's work, and
nobody else's; the others (the chief of staff included) read every component's assessments."""

from __future__ import annotations

import re

import pytest

from reviews.models import ContributionAssessment
from tests.factories import ComponentFactory, ContributionFactory, ObjectiveFactory
from tests.reviews.assess_data import Sheet, form_data, make_sheet, page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(mission) -> Sheet:
    return make_sheet(mission)


def url(sheet, review=None) -> str:
    return sheet.url("contributions", review)


def test_a_lead_gets_a_form_for_their_own_component_only(client, sheet):
    client.force_login(sheet.people["lead"])
    response = client.get(url(sheet))
    assert response.status_code == 200
    html = response.content.decode()
    own, other = sheet.own_contribution, sheet.other_contribution
    assert f'name="c{own.pk}-strength"' in html
    assert f'name="c{sheet.own_o2.pk}-strength"' in html
    assert f'name="c{other.pk}-strength"' not in html
    # What the lead rates: the objective and the contribution's narrative, the last rating.
    assert "Parties implement the agreement" in html
    assert "Brings the communities&#x27; views in." in html
    assert "Some" in html and sheet.last.label in html
    # Another component's row is there to read, not to write.
    assert "Force" in html and "Other components" in html


@pytest.mark.parametrize(
    "role", ["chief_of_staff", "head_of_mission", "desk_officer", "viewer", "strategy_editor"]
)
def test_other_members_read_every_component_grouped(client, sheet, role):
    ContributionAssessment.objects.create(
        review=sheet.review, contribution=sheet.other_contribution, strength="strong"
    )
    client.force_login(sheet.people[role])
    response = client.get(url(sheet))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="assess-form"' not in html
    assert "Civil Affairs" in html and "Force" in html
    assert "Strong" in html
    assert "1 of 1 assessed" in html and "0 of 2 assessed" in html


def test_a_lead_saves_their_assessments_in_one_go(client, sheet):
    lead = sheet.people["lead"]
    client.force_login(lead)
    page = client.get(url(sheet)).content.decode()
    own = sheet.own_contribution
    data = form_data(
        page,
        **{f"c{own.pk}-strength": "strong", f"c{own.pk}-evidence": "Three local agreements"},
    )
    response = client.post(url(sheet), data)
    assert response.status_code == 302
    saved = ContributionAssessment.objects.get(review=sheet.review)
    assert (saved.contribution, saved.strength, saved.evidence, saved.assessed_by) == (
        own,
        "strong",
        "Three local agreements",
        lead,
    )
    page = client.get(url(sheet)).content.decode()
    assert re.search(r'value="strong"[^>]*checked', page)


def test_a_lead_cannot_post_another_components_contribution(client, sheet):
    client.force_login(sheet.people["lead"])
    page = client.get(url(sheet)).content.decode()
    other = sheet.other_contribution
    data = form_data(
        page,
        **{
            f"c{sheet.own_contribution.pk}-strength": "strong",
            f"c{other.pk}-strength": "counter",
            f"initial-c{other.pk}-strength": "",
        },
    )
    response = client.post(url(sheet), data)
    assert response.status_code == 403
    assert "Only a component" in response.content.decode()
    # The whole post was refused: not even the lead's own row.
    assert not ContributionAssessment.objects.filter(review=sheet.review).exists()


@pytest.mark.parametrize(
    "role", ["chief_of_staff", "head_of_mission", "desk_officer", "viewer", "strategy_editor"]
)
def test_a_direct_post_by_anyone_but_a_lead_is_refused(client, sheet, role):
    client.force_login(sheet.people[role])
    own = sheet.own_contribution
    response = client.post(
        url(sheet), {f"c{own.pk}-strength": "strong", f"initial-c{own.pk}-strength": ""}
    )
    assert response.status_code == 403
    assert not ContributionAssessment.objects.filter(review=sheet.review).exists()


def test_outsiders_get_404(client, sheet, outsider):
    client.force_login(outsider)
    assert client.get(url(sheet)).status_code == 404
    assert client.post(url(sheet), {}).status_code == 404


def test_a_strength_is_needed_once_evidence_is_typed(client, sheet):
    client.force_login(sheet.people["lead"])
    page = client.get(url(sheet)).content.decode()
    own = sheet.own_contribution
    response = client.post(
        url(sheet), form_data(page, **{f"c{own.pk}-evidence": "We convened two committees"})
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the strength" in html
    assert "We convened two committees" in html
    assert not ContributionAssessment.objects.filter(review=sheet.review).exists()


def test_an_assessment_saved_meanwhile_is_a_conflict(client, sheet):
    client.force_login(sheet.people["lead"])
    page = client.get(url(sheet)).content.decode()
    own = sheet.own_contribution
    ContributionAssessment.objects.create(review=sheet.review, contribution=own, strength="none")
    response = client.post(url(sheet), form_data(page, **{f"c{own.pk}-strength": "strong"}))
    assert response.status_code == 409
    assert "Someone else saved this after you opened it" in response.content.decode()
    assert ContributionAssessment.objects.get(review=sheet.review).strength == "none"


@pytest.mark.parametrize("status", ["planned", "concluded", "signed_off"])
def test_a_review_not_open_is_read_only_for_the_lead_too(client, sheet, status):
    client.force_login(sheet.people["lead"])
    page = client.get(url(sheet)).content.decode()
    sheet.set_status(status)
    assert 'id="assess-form"' not in client.get(url(sheet)).content.decode()
    own = sheet.own_contribution
    response = client.post(url(sheet), form_data(page, **{f"c{own.pk}-strength": "strong"}))
    assert response.status_code == 403
    assert not ContributionAssessment.objects.filter(review=sheet.review).exists()


@pytest.mark.parametrize("role", ["lead", "chief_of_staff"])
def test_the_page_costs_the_same_queries_whatever_the_number_of_contributions(client, sheet, role):
    client.force_login(sheet.people[role])
    few = page_queries(client, url(sheet))
    for _ in range(8):
        objective = ObjectiveFactory(mission=sheet.mission)
        ContributionFactory(objective=objective, component=sheet.own)
        contribution = ContributionFactory(
            objective=objective, component=ComponentFactory(mission=sheet.mission)
        )
        ContributionAssessment.objects.create(
            review=sheet.last, contribution=contribution, strength="some"
        )
        ContributionAssessment.objects.create(
            review=sheet.review, contribution=contribution, strength="none"
        )
    assert page_queries(client, url(sheet)) == few
