"""Risks in the review: on the objective sheet the chief of staff re-rates each risk of the
objective (severity and a note), saved as the review's record at the revision read; only they,
only while the review is open; the concluded review shows the re-ratings, and signing it off
carries the new severity into the strategy's risk."""

from __future__ import annotations

import re

import pytest

from reviews.models import RiskAssessment
from reviews.services.cycle import review_sign_off
from strategies.models import Risk
from tests.factories import ReviewFactory
from tests.reviews.assess_data import Sheet, form_data, make_sheet, page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(mission) -> Sheet:
    return make_sheet(mission)


@pytest.fixture
def risks(sheet) -> list[Risk]:
    return [
        Risk.objects.create(
            objective=sheet.o1,
            description="The KLF walks out of the committee.",
            severity="medium",
            mitigation="Good offices with the KLF leadership.",
        ),
        Risk.objects.create(
            objective=sheet.o1, description="Donors withdraw the funding.", severity="low"
        ),
    ]


def url(sheet, review=None) -> str:
    return sheet.url("objectives/O1", review)


def as_chief(client, sheet):
    client.force_login(sheet.people["chief_of_staff"])
    return client


def rerate(client, sheet, risk, severity="high", note="Walked out twice this quarter."):
    page = client.get(url(sheet)).content.decode()
    return client.post(
        url(sheet), form_data(page, **{f"r{risk.pk}-severity": severity, f"r{risk.pk}-note": note})
    )


def test_the_sheet_lists_the_objectives_risks_to_re_rate(client, sheet, risks):
    html = as_chief(client, sheet).get(url(sheet)).content.decode()
    assert 'id="risks"' in html
    assert "The KLF walks out of the committee." in html
    assert "Good offices with the KLF leadership." in html
    for risk in risks:
        assert html.count(f'name="r{risk.pk}-severity"') == 3  # high, medium, low
        assert f'name="r{risk.pk}-note"' in html


def test_the_chief_re_rates_a_risk_with_a_note(client, sheet, risks):
    risk = risks[0]
    response = rerate(as_chief(client, sheet), sheet, risk)
    assert response.status_code == 302
    rating = RiskAssessment.objects.get(review=sheet.review, risk=risk)
    assert (rating.severity, rating.severity_was) == ("high", "medium")
    assert rating.note == "Walked out twice this quarter."
    assert rating.assessed_by == sheet.people["chief_of_staff"]
    # The strategy's risk keeps its severity until the head of mission signs the review off.
    risk.refresh_from_db()
    assert risk.severity == "medium"
    # The risk left alone gets no record.
    assert not RiskAssessment.objects.filter(risk=risks[1]).exists()
    # The page shows the saved rating, checked.
    page = client.get(url(sheet)).content.decode()
    assert re.search(rf'name="r{risk.pk}-severity" value="high"[^>]*checked', page)


def test_a_note_without_a_severity_saves_nothing_and_says_why(client, sheet, risks):
    as_chief(client, sheet)
    page = client.get(url(sheet)).content.decode()
    response = client.post(
        url(sheet), form_data(page, **{f"r{risks[0].pk}-note": "Worse than it looks."})
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Rate the risk: high, medium or low." in html
    assert "Worse than it looks." in html
    assert not RiskAssessment.objects.exists()


@pytest.mark.parametrize(
    "role", ["head_of_mission", "desk_officer", "viewer", "lead", "strategy_editor"]
)
def test_another_role_reads_the_risks_and_a_post_is_refused(client, sheet, risks, role):
    client.force_login(sheet.people[role])
    html = client.get(url(sheet)).content.decode()
    assert "The KLF walks out of the committee." in html
    assert f'name="r{risks[0].pk}-severity"' not in html
    response = client.post(
        url(sheet),
        {f"r{risks[0].pk}-severity": "high", f"initial-r{risks[0].pk}-severity": ""},
    )
    assert response.status_code == 403
    assert not RiskAssessment.objects.exists()


def test_outsiders_get_404(client, sheet, risks, outsider):
    client.force_login(outsider)
    assert client.post(url(sheet), {f"r{risks[0].pk}-severity": "high"}).status_code == 404
    assert not RiskAssessment.objects.exists()


@pytest.mark.parametrize("status", ["planned", "concluded", "signed_off"])
def test_a_review_not_open_refuses_a_re_rating(client, sheet, risks, status):
    as_chief(client, sheet)
    page = client.get(url(sheet)).content.decode()
    sheet.set_status(status)
    response = client.post(url(sheet), form_data(page, **{f"r{risks[0].pk}-severity": "high"}))
    assert response.status_code == 403
    assert "Nothing was saved." in response.content.decode()
    assert not RiskAssessment.objects.exists()


def test_a_stale_re_rating_is_refused_and_shows_theirs(client, sheet, risks):
    risk = risks[0]
    as_chief(client, sheet)
    page = client.get(url(sheet)).content.decode()
    # Someone re-rates the risk after the page was opened.
    RiskAssessment.objects.create(
        review=sheet.review, risk=risk, severity="low", severity_was="medium", note="Theirs."
    )
    response = client.post(url(sheet), form_data(page, **{f"r{risk.pk}-severity": "high"}))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this after you opened it" in html
    assert RiskAssessment.objects.get(review=sheet.review, risk=risk).severity == "low"
    # Saving again from the conflict page is deliberate, and goes through.
    response = client.post(url(sheet), form_data(html))
    assert response.status_code == 302
    assert RiskAssessment.objects.get(review=sheet.review, risk=risk).severity == "high"


def test_the_concluded_review_shows_the_re_rating(client, sheet, risks):
    risk = risks[0]
    rerate(as_chief(client, sheet), sheet, risk, note="Walked out twice.")
    sheet.set_status("concluded")
    client.force_login(sheet.people["viewer"])
    # On the objective sheet, read-only: from what to what, and the note.
    html = client.get(url(sheet)).content.decode()
    section = html.split('id="risks"')[1].split("</section>")[0]
    item = section.split(f'id="risk-{risk.pk}"')[1].split("</li>")[0]
    assert "Medium" in item and "High" in item and "Walked out twice." in item
    assert "<input" not in section
    other = section.split(f'id="risk-{risks[1].pk}"')[1].split("</li>")[0]
    assert "Not re-rated in this review." in other
    # In the review workspace, and on the sign-off page the head of mission reads.
    workspace = client.get(sheet.url("")[:-1]).content.decode()
    card = workspace.split('id="risk-ratings"')[1].split("</section>")[0]
    assert "The KLF walks out of the committee." in card and "Walked out twice." in card
    assert "Donors withdraw the funding." not in card
    client.force_login(sheet.people["head_of_mission"])
    sign = client.get(sheet.url("sign-off")).content.decode()
    assert "Risks re-rated in this review" in sign and "The KLF walks out" in sign


def test_signing_off_carries_the_severity_into_the_strategy(client, sheet, risks):
    moved, edited = risks
    as_chief(client, sheet)
    rerate(client, sheet, moved, severity="high")
    rerate(client, sheet, edited, severity="medium")
    # An editor changes the second risk's severity after the review re-rated it.
    Risk.objects.filter(pk=edited.pk).update(severity="high")
    sheet.set_status("concluded")
    review_sign_off(review=sheet.review, by=sheet.people["head_of_mission"])
    moved.refresh_from_db()
    edited.refresh_from_db()
    assert moved.severity == "high" and moved.revision == 2
    # The editor's later change is not overwritten.
    assert edited.severity == "high"
    # The change is tracked to the review in the risk's history.
    event = Risk.pgh_event_model.objects.filter(pgh_obj_id=moved.pk).order_by("-pgh_id").first()
    assert event.severity == "high" and event.pgh_context.metadata["review"] == sheet.review.pk


def test_another_missions_review_cannot_rate_this_risk(sheet, risks, other_mission):
    from django.core.exceptions import PermissionDenied

    from reviews.services.assessments import risk_rate

    foreign = ReviewFactory(mission=other_mission, status="open")
    with pytest.raises(PermissionDenied):
        risk_rate(review=foreign, risk=risks[0], by=sheet.people["chief_of_staff"], severity="high")
    assert not RiskAssessment.objects.exists()


@pytest.mark.parametrize("role", ["chief_of_staff", "viewer"])
def test_the_page_costs_the_same_queries_whatever_the_number_of_risks(client, sheet, risks, role):
    client.force_login(sheet.people[role])
    few = page_queries(client, url(sheet))
    for n in range(12):
        risk = Risk.objects.create(objective=sheet.o1, description=f"Risk {n}", severity="low")
        RiskAssessment.objects.create(review=sheet.last, risk=risk, severity="high")
        RiskAssessment.objects.create(review=sheet.review, risk=risk, severity="medium")
    assert page_queries(client, url(sheet)) == few


def test_the_workspace_and_sign_off_cost_the_same_queries_whatever_the_risks(client, sheet, risks):
    from tests.querycount import assert_same_count
    from tests.querycount import page_queries as queries

    RiskAssessment.objects.create(review=sheet.review, risk=risks[0], severity="high")
    sheet.set_status("concluded")
    client.force_login(sheet.people["head_of_mission"])
    pages = [sheet.url("")[:-1], sheet.url("sign-off")]
    few = [queries(client, page) for page in pages]
    for n in range(12):
        objective = sheet.o2 if n % 2 else sheet.o1
        risk = Risk.objects.create(objective=objective, description=f"Risk {n}", severity="low")
        RiskAssessment.objects.create(review=sheet.review, risk=risk, severity="high")
    many = [queries(client, page) for page in pages]
    html = client.get(pages[0]).content.decode()
    assert html.split('id="risk-ratings"')[1].split("</section>")[0].count("<li>") == 13
    for small, large in zip(few, many, strict=True):
        assert_same_count(small, large)
