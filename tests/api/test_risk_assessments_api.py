"""Risks re-rated in a review, over the API (/api/v1/risk-assessments/): as assumption
re-ratings are. The chief of staff rates, only while the review is open; changes need If-Match;
bad input gets messages by field; outsiders and readers below a rating's level see nothing; the
list costs the same queries however many ratings it shows; the review counts them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db.models import F

from missions.classification import Classification
from reviews.models import AssumptionAssessment, Review, RiskAssessment
from strategies.models import Assumption, Risk
from tests import querycount
from tests.factories import MembershipFactory, ObjectiveFactory, ReviewFactory, UserFactory
from tests.reviews.assess_data import Sheet, make_sheet

pytestmark = pytest.mark.django_db

URL = "/api/v1/risk-assessments/"
ROLES = [
    "chief_of_staff",
    "head_of_mission",
    "strategy_editor",
    "lead",
    "other_lead",
    "desk_officer",
    "viewer",
]


@pytest.fixture
def sheet(mission) -> Sheet:
    return make_sheet(mission)


@pytest.fixture
def risks(sheet) -> list[Risk]:
    return [
        Risk.objects.create(
            objective=sheet.o1, description="The KLF walks out of the committee.", severity="medium"
        ),
        Risk.objects.create(
            objective=sheet.o1, description="Donors withdraw the funding.", severity="low"
        ),
    ]


def as_role(api, sheet: Sheet, role: str):
    api.force_authenticate(sheet.people[role])
    return api


def body(sheet: Sheet, risk: Risk, **values: Any) -> dict[str, Any]:
    return {"review": sheet.review.pk, "risk": risk.pk, "severity": "high", **values}


def errors(response) -> dict[str, Any]:
    return response.json()["errors"]


def rated(sheet: Sheet, risk: Risk, review: Review | None = None, **values: Any):
    return RiskAssessment.objects.create(
        review=review or sheet.review,
        risk=risk,
        severity=values.pop("severity", "high"),
        severity_was=risk.severity,
        assessed_by=sheet.people["chief_of_staff"],
        **values,
    )


def _concluded(sheet: Sheet) -> Review:
    Review.objects.filter(pk=sheet.review.pk).update(status="concluded", summary="Done.")
    return sheet.review


# -- creating --------------------------------------------------------------------------------


def test_the_chief_of_staff_re_rates_a_risk(api, sheet, risks):
    risk = risks[0]
    as_role(api, sheet, "chief_of_staff")
    response = api.post(URL, body(sheet, risk, note="  Walked out twice.  "), format="json")
    assert response.status_code == 201, response.json()
    assert response["ETag"] == '"1"'
    row = RiskAssessment.objects.get(review=sheet.review, risk=risk)
    assert (row.severity, row.severity_was, row.note) == ("high", "medium", "Walked out twice.")
    assert row.assessed_by == sheet.people["chief_of_staff"]
    shown = response.json()
    assert shown["id"] == row.pk
    assert shown["mission"] == "UNTEST" and shown["review"] == sheet.review.pk
    assert shown["risk"] == risk.pk and shown["objective"] == sheet.o1.pk
    assert shown["severity"] == "high" and shown["severity_was"] == "medium"
    assert shown["assessed_by"] == "chief_of_staff-untest" and shown["revision"] == 1
    assert shown["classification"] == sheet.mission.default_classification
    # The risk keeps its severity until the review is signed off.
    assert Risk.objects.get(pk=risk.pk).severity == "medium"
    assert api.get(f"{URL}{row.pk}/").json() == shown


@pytest.mark.parametrize("role", [r for r in ROLES if r != "chief_of_staff"])
def test_nobody_else_re_rates_a_risk(api, sheet, risks, role):
    as_role(api, sheet, role)
    response = api.post(URL, body(sheet, risks[0]), format="json")
    assert response.status_code == 403
    assert not RiskAssessment.objects.exists()
    row = rated(sheet, risks[1], severity="low")
    response = api.patch(
        f"{URL}{row.pk}/", {"severity": "high"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 403
    assert RiskAssessment.objects.get(pk=row.pk).severity == "low"
    # Everyone of the mission reads the ratings.
    assert [r["id"] for r in api.get(URL).json()["results"]] == [row.pk]


def test_a_review_not_open_takes_no_rating(api, sheet, risks):
    as_role(api, sheet, "chief_of_staff")
    signed_off = ReviewFactory(
        mission=sheet.mission, status="signed_off", period_start=date(2025, 1, 1)
    )
    response = api.post(URL, {**body(sheet, risks[0]), "review": signed_off.pk}, format="json")
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    assert not RiskAssessment.objects.filter(review=signed_off).exists()
    row = rated(sheet, risks[1], severity="low")
    _concluded(sheet)
    response = api.patch(
        f"{URL}{row.pk}/", {"severity": "high"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 403
    assert "concluded and read-only" in response.json()["detail"]
    assert RiskAssessment.objects.get(pk=row.pk).severity == "low"


def test_a_rating_is_never_deleted(api, sheet, risks):
    row = rated(sheet, risks[0])
    as_role(api, sheet, "chief_of_staff")
    assert api.delete(f"{URL}{row.pk}/", HTTP_IF_MATCH='"1"').status_code == 405
    assert RiskAssessment.objects.filter(pk=row.pk).exists()


# -- bad input -------------------------------------------------------------------------------


def test_a_bad_severity_gets_a_message_on_the_field(api, sheet, risks):
    as_role(api, sheet, "chief_of_staff")
    for severity in ("critical", "", None):
        response = api.post(URL, body(sheet, risks[0], severity=severity), format="json")
        assert response.status_code == 400
        assert set(errors(response)) == {"severity"}
    response = api.post(URL, {"review": sheet.review.pk, "risk": risks[0].pk}, format="json")
    assert response.status_code == 400 and set(errors(response)) == {"severity"}
    assert not RiskAssessment.objects.exists()
    row = rated(sheet, risks[0])
    response = api.patch(
        f"{URL}{row.pk}/", {"severity": "severe"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 400 and set(errors(response)) == {"severity"}
    row.refresh_from_db()
    assert (row.severity, row.revision) == ("high", 1)


def test_a_risk_of_another_mission_is_not_found(api, sheet, risks, other_mission):
    as_role(api, sheet, "chief_of_staff")
    foreign = Risk.objects.create(
        objective=ObjectiveFactory(mission=other_mission), description="Elsewhere.", severity="low"
    )
    response = api.post(URL, body(sheet, foreign), format="json")
    missing = api.post(URL, body(sheet, Risk(pk=foreign.pk + 1000)), format="json")
    assert response.status_code == missing.status_code == 404
    assert set(errors(response)) == {"risk"}
    assert not RiskAssessment.objects.exists()


def test_a_risk_rated_in_the_review_already_is_changed_not_added(api, sheet, risks):
    row = rated(sheet, risks[0])
    as_role(api, sheet, "chief_of_staff")
    response = api.post(URL, body(sheet, risks[0], severity="low"), format="json")
    assert response.status_code == 400
    assert f"(id {row.pk})" in errors(response)["risk"][0]
    assert RiskAssessment.objects.get().severity == "high"


def test_a_risk_of_another_of_the_callers_missions_than_the_review_is_refused(
    api, sheet, risks, other_mission
):
    chief = sheet.people["chief_of_staff"]
    MembershipFactory(mission=other_mission, user=chief, role="chief_of_staff")
    theirs = Risk.objects.create(
        objective=ObjectiveFactory(mission=other_mission), description="Elsewhere.", severity="low"
    )
    as_role(api, sheet, "chief_of_staff")
    response = api.post(URL, body(sheet, theirs), format="json")
    assert response.status_code == 400
    assert "another mission than the review" in errors(response)["risk"][0]
    assert not RiskAssessment.objects.exists()


# -- changing: If-Match ----------------------------------------------------------------------


def test_a_change_needs_if_match_and_a_stale_one_is_412(api, sheet, risks):
    as_role(api, sheet, "chief_of_staff")
    row_id = api.post(URL, body(sheet, risks[0]), format="json").json()["id"]
    url = f"{URL}{row_id}/"
    change = {"severity": "low", "note": "The KLF came back."}
    assert api.patch(url, change, format="json").status_code == 428
    # Someone else changed it since revision 1 was read.
    RiskAssessment.objects.filter(pk=row_id).update(severity="medium", revision=F("revision") + 1)
    response = api.patch(url, change, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    assert response.json()["current"]["revision"] == 2
    assert response.json()["current"]["severity"] == "medium"
    assert RiskAssessment.objects.get(pk=row_id).severity == "medium"
    response = api.patch(url, change, format="json", HTTP_IF_MATCH='"2"')
    assert response.status_code == 200, response.json()
    assert response["ETag"] == '"3"'
    assert response.json()["severity"] == "low"
    row = RiskAssessment.objects.get(pk=row_id)
    assert (row.severity, row.note, row.severity_was) == ("low", "The KLF came back.", "medium")


def test_a_put_keeps_the_risk_and_review_fixed(api, sheet, risks):
    row = rated(sheet, risks[0])
    as_role(api, sheet, "chief_of_staff")
    response = api.put(
        f"{URL}{row.pk}/",
        {"risk": risks[1].pk, "review": sheet.last.pk, "severity": "low", "note": ""},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 200, response.json()
    row.refresh_from_db()
    assert (row.risk_id, row.review_id, row.severity) == (risks[0].pk, sheet.review.pk, "low")


def test_signing_off_the_review_carries_the_rating_into_the_risk(api, sheet, risks):
    as_role(api, sheet, "chief_of_staff")
    assert api.post(URL, body(sheet, risks[0]), format="json").status_code == 201
    _concluded(sheet)
    as_role(api, sheet, "head_of_mission")
    assert api.post(f"/api/v1/reviews/{sheet.review.pk}/sign-off/").status_code == 200
    assert Risk.objects.get(pk=risks[0].pk).severity == "high"


# -- reading ---------------------------------------------------------------------------------


def test_outsiders_see_no_rating(api, sheet, risks, outsider):
    row = rated(sheet, risks[0])
    api.force_authenticate(outsider)
    assert api.get(URL).json() == {"count": 0, "next": None, "previous": None, "results": []}
    assert api.get(f"{URL}{row.pk}/").status_code == 404
    response = api.patch(f"{URL}{row.pk}/", {"severity": "low"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 404
    assert api.get(f"{URL}?review={sheet.review.pk}").json()["count"] == 0
    assert RiskAssessment.objects.get(pk=row.pk).severity == "high"


def test_anonymous_callers_get_401(api, sheet, risks):
    assert api.get(URL).status_code == 401
    assert api.post(URL, body(sheet, risks[0]), format="json").status_code == 401


def test_ratings_filter_by_mission_review_risk_and_severity(api, sheet, risks):
    now_high = rated(sheet, risks[0], severity="high")
    now_low = rated(sheet, risks[1], severity="low")
    before = rated(sheet, risks[0], review=sheet.last, severity="medium")
    as_role(api, sheet, "viewer")

    def ids(query: str) -> list[int]:
        response = api.get(f"{URL}?{query}")
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    # Newest review first.
    assert ids("") == [now_high.pk, now_low.pk, before.pk]
    assert ids("mission=untest") == [now_high.pk, now_low.pk, before.pk]
    assert ids("mission=UNOTHER") == []
    assert ids(f"review={sheet.last.pk}") == [before.pk]
    assert ids(f"risk={risks[0].pk}") == [now_high.pk, before.pk]
    assert ids("severity=low") == [now_low.pk]
    assert ids(f"review={sheet.review.pk}&severity=medium") == []
    response = api.get(f"{URL}?severity=severe")
    assert response.status_code == 400 and "severity" in errors(response)


def test_a_rating_above_the_readers_level_is_hidden(api, sheet, risks):
    chief = sheet.people["chief_of_staff"]
    secret = rated(
        sheet,
        risks[0],
        classification=Classification.STRICTLY_CONFIDENTIAL,
        named_readers=[chief.pk],
    )
    open_row = rated(sheet, risks[1], classification=Classification.UNCLASSIFIED)
    for role, shown in (
        ("viewer", [open_row.pk]),
        ("chief_of_staff", [secret.pk, open_row.pk]),
        ("head_of_mission", [secret.pk, open_row.pk]),
    ):
        as_role(api, sheet, role)
        assert [r["id"] for r in api.get(URL).json()["results"]] == shown, role
    as_role(api, sheet, "viewer")
    assert api.get(f"{URL}{secret.pk}/").status_code == 404


@pytest.mark.parametrize("kind", ["risk", "assumption"])
def test_a_record_the_assessor_may_not_read_is_not_found(api, sheet, kind):
    """Strictly confidential, naming nobody: the chief of staff may not read it, so may not
    rate it either (as the assumptions' endpoint, which shares the field)."""
    hidden_level = {"classification": Classification.STRICTLY_CONFIDENTIAL, "named_readers": []}
    if kind == "risk":
        hidden = Risk.objects.create(
            objective=sheet.o1, description="Named source.", severity="high", **hidden_level
        )
        url, model, values = URL, RiskAssessment, {"severity": "high"}
    else:
        hidden = Assumption.objects.create(
            objective=sheet.o1, statement="A named source stays.", **hidden_level
        )
        url, model, values = (
            "/api/v1/assumption-assessments/",
            AssumptionAssessment,
            {"rating": "broken"},
        )
    as_role(api, sheet, "chief_of_staff")
    response = api.post(url, {"review": sheet.review.pk, kind: hidden.pk, **values}, format="json")
    missing = api.post(
        url, {"review": sheet.review.pk, kind: hidden.pk + 1000, **values}, format="json"
    )
    assert response.status_code == missing.status_code == 404
    assert set(errors(response)) == {kind}
    assert not model._base_manager.filter(review=sheet.review).exists()
    # Named on it, the chief of staff reads it and may rate it.
    type(hidden).objects.filter(pk=hidden.pk).update(
        named_readers=[sheet.people["chief_of_staff"].pk]
    )
    response = api.post(url, {"review": sheet.review.pk, kind: hidden.pk, **values}, format="json")
    assert response.status_code == 201, response.json()


def test_a_rating_marked_strictly_confidential_names_its_readers(api, sheet, risks):
    chief = sheet.people["chief_of_staff"]
    as_role(api, sheet, "chief_of_staff")
    response = api.post(
        URL,
        body(
            sheet,
            risks[0],
            classification=Classification.STRICTLY_CONFIDENTIAL,
            named_readers=[chief.pk],
        ),
        format="json",
    )
    assert response.status_code == 201, response.json()
    row = RiskAssessment.objects.get()
    assert row.classification == Classification.STRICTLY_CONFIDENTIAL
    assert row.named_readers == [chief.pk]
    as_role(api, sheet, "viewer")
    assert api.get(URL).json()["count"] == 0


# -- the review's counts, the list's queries, the schema ---------------------------------------


def test_the_review_counts_its_risk_ratings(api, sheet, risks):
    rated(sheet, risks[0])
    rated(sheet, risks[1])
    as_role(api, sheet, "viewer")
    counts = api.get(f"/api/v1/reviews/{sheet.review.pk}/").json()["counts"]
    assert counts["risks_rated"] == 2
    assert api.get(f"/api/v1/reviews/{sheet.last.pk}/").json()["counts"]["risks_rated"] == 0


def _ratings(sheet: Sheet, n: int) -> None:
    """``n`` ratings, each of its own risk, objective and assessor, over three reviews."""
    first = date(2020, 1, 1) + timedelta(days=400 * Review.objects.count())
    reviews = [
        ReviewFactory(
            mission=sheet.mission, period_start=first + timedelta(days=100 * i), status="open"
        )
        for i in range(3)
    ]
    for i in range(n):
        risk = Risk.objects.create(
            objective=ObjectiveFactory(mission=sheet.mission),
            description=f"Risk {i}",
            severity="low",
        )
        RiskAssessment.objects.create(
            review=reviews[i % 3],
            risk=risk,
            severity="high",
            severity_was="low",
            assessed_by=UserFactory(),
        )


def test_the_list_costs_the_same_queries_for_3_and_30_ratings(api, sheet):
    as_role(api, sheet, "chief_of_staff")
    url = f"{URL}?mission=UNTEST&limit=100"
    _ratings(sheet, 3)
    few = querycount.page_queries(api, url)
    assert api.get(url).json()["count"] == 3
    _ratings(sheet, 27)
    many = querycount.page_queries(api, url)
    assert api.get(url).json()["count"] == 30
    querycount.assert_same_count(few, many)


def test_the_schema_documents_the_risk_ratings(api, sheet):
    as_role(api, sheet, "viewer")
    schema = api.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths[URL])
    detail = paths["/api/v1/risk-assessments/{id}/"]
    assert "delete" not in detail
    assert {"400", "403", "404", "412", "428"} <= set(detail["patch"]["responses"])
    names = {p["name"] for p in paths[URL]["get"]["parameters"]}
    assert {"mission", "review", "risk", "severity"} <= names
    create = schema["components"]["schemas"]["RiskAssessmentCreateRequest"]
    assert {"review", "risk", "severity"} <= set(create["required"])
    counts = schema["components"]["schemas"]["Counts"]["properties"]
    assert "risks_rated" in counts
