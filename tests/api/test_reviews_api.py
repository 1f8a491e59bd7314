"""The review cycle over the API: reviews and their transitions, assessments and decisions.
Same policy as the screens, role by role; writes only while the review is open; If-Match on
changes; messages by field on bad input; lists at a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from reviews.models import (
    AssumptionAssessment,
    ContributionAssessment,
    Decision,
    ExitConditionAssessment,
    MarkerReading,
    ObjectiveAssessment,
    Review,
)
from strategies.models import Assumption, ExitCondition, Objective
from tests.factories import (
    ComponentFactory,
    ContributionFactory,
    ExitConditionFactory,
    MarkerFactory,
    MembershipFactory,
    ObjectiveFactory,
    ReviewFactory,
    TaskFactory,
    UserFactory,
)
from tests.reviews.assess_data import Sheet, make_sheet

pytestmark = pytest.mark.django_db

ROLES = [
    "chief_of_staff",
    "head_of_mission",
    "strategy_editor",
    "lead",
    "desk_officer",
    "viewer",
]


@pytest.fixture
def sheet(mission) -> Sheet:
    return make_sheet(mission)


def as_role(api, sheet: Sheet, role: str):
    api.force_authenticate(sheet.people[role])
    return api


def errors(response) -> dict[str, Any]:
    return response.json()["errors"]


def if_match(record) -> dict[str, str]:
    record.refresh_from_db()
    return {"HTTP_IF_MATCH": f'"{record.revision}"'}


# -- reviews: reading ------------------------------------------------------------------------


def test_reviews_are_listed_with_participants_dates_and_counts(api, sheet):
    sheet.review.participants.set([sheet.people["lead"], sheet.people["chief_of_staff"]])
    ObjectiveAssessment.objects.create(review=sheet.review, objective=sheet.o1, progress="at_risk")
    as_role(api, sheet, "viewer")
    rows = api.get("/api/v1/reviews/").json()["results"]
    assert [row["id"] for row in rows] == [sheet.review.pk, sheet.last.pk]
    response = api.get(f"/api/v1/reviews/{sheet.review.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["mission"] == "UNTEST" and body["status"] == "open"
    assert body["period_start"] == "2026-10-01" and body["due_on"] == "2027-01-15"
    assert {p["username"] for p in body["participants"]} == {"lead", "chief_of_staff-untest"}
    assert body["led_by"]["username"] == "chief_of_staff-untest"
    assert body["counts"] == {
        "objectives_assessed": 1,
        "contributions_assessed": 0,
        "assumptions_rated": 0,
        "risks_rated": 0,
        "markers_read": 0,
        "exit_conditions_assessed": 0,
        "decisions": 0,
    }
    last = api.get(f"/api/v1/reviews/{sheet.last.pk}/").json()
    assert last["counts"]["contributions_assessed"] == 1


def test_reviews_filter_by_mission_and_status(api, sheet, other_mission):
    MembershipFactory(mission=other_mission, user=sheet.people["viewer"], role="viewer")
    elsewhere = ReviewFactory(mission=other_mission)
    as_role(api, sheet, "viewer")
    assert {r["id"] for r in api.get("/api/v1/reviews/").json()["results"]} == {
        sheet.review.pk,
        sheet.last.pk,
        elsewhere.pk,
    }
    rows = api.get("/api/v1/reviews/?mission=untest&status=signed_off").json()["results"]
    assert [r["id"] for r in rows] == [sheet.last.pk]
    assert api.get("/api/v1/reviews/?status=nonsense").status_code == 400


def test_outsiders_see_no_review_and_get_404(api, sheet, outsider):
    api.force_authenticate(outsider)
    assert api.get("/api/v1/reviews/").json()["results"] == []
    assert api.get(f"/api/v1/reviews/{sheet.review.pk}/").status_code == 404
    assert api.post(f"/api/v1/reviews/{sheet.review.pk}/conclude/", {}).status_code == 404
    for resource in ("objective-assessments", "contribution-assessments", "decisions"):
        assert api.get(f"/api/v1/{resource}/").json()["results"] == []


def test_anonymous_callers_get_401(api, sheet):
    assert api.get("/api/v1/reviews/").status_code == 401
    assert api.post(f"/api/v1/reviews/{sheet.review.pk}/open/").status_code == 401


# -- reviews: transitions, role by role --------------------------------------------------------


def _planned(sheet: Sheet) -> Review:
    return ReviewFactory(
        mission=sheet.mission,
        period_start=date(2027, 1, 1),
        period_end=date(2027, 3, 31),
        due_on=date(2027, 4, 15),
    )


def _rated(sheet: Sheet) -> Review:
    for objective in (sheet.o1, sheet.o2):
        ObjectiveAssessment.objects.create(
            review=sheet.review, objective=objective, progress="on_track"
        )
    return sheet.review


def _concluded(sheet: Sheet) -> Review:
    Review.objects.filter(pk=sheet.review.pk).update(status="concluded", summary="Done.")
    return sheet.review


TRANSITIONS = {
    # name: (setup, path, body, roles allowed, status after)
    "open": (
        _planned,
        "open",
        lambda s: {"participants": [s.people["lead"].pk]},
        {"chief_of_staff"},
        "open",
    ),
    "conclude": (
        _rated,
        "conclude",
        lambda s: {"summary": "Kept O1."},
        {"chief_of_staff"},
        "concluded",
    ),
    "sign-off": (_concluded, "sign-off", lambda s: {}, {"head_of_mission"}, "signed_off"),
    "reopen": (
        _concluded,
        "reopen",
        lambda s: {"reason": "A decision was missing."},
        {"chief_of_staff", "head_of_mission"},
        "open",
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(TRANSITIONS))
def test_each_transition_is_made_by_its_role_only(api, sheet, name, role):
    setup, path, body, allowed, after = TRANSITIONS[name]
    review = setup(sheet)
    before = Review.objects.get(pk=review.pk).status
    as_role(api, sheet, role)
    response = api.post(f"/api/v1/reviews/{review.pk}/{path}/", body(sheet), format="json")
    if role in allowed:
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == after
        assert Review.objects.get(pk=review.pk).status == after
    else:
        assert response.status_code == 403
        assert Review.objects.get(pk=review.pk).status == before


def test_open_records_the_participants_and_refuses_strangers(api, sheet):
    review = _planned(sheet)
    as_role(api, sheet, "chief_of_staff")
    stranger = UserFactory()
    response = api.post(
        f"/api/v1/reviews/{review.pk}/open/", {"participants": [stranger.pk]}, format="json"
    )
    assert response.status_code == 400
    assert "participants" in errors(response)
    response = api.post(
        f"/api/v1/reviews/{review.pk}/open/",
        {"participants": [sheet.people["lead"].pk]},
        format="json",
    )
    assert [p["username"] for p in response.json()["participants"]] == ["lead"]


def test_a_transition_from_the_wrong_state_is_400(api, sheet):
    as_role(api, sheet, "chief_of_staff")
    response = api.post(f"/api/v1/reviews/{sheet.review.pk}/open/", {}, format="json")
    assert response.status_code == 400
    assert "cannot be moved on" in str(errors(response))


def test_conclude_needs_the_conclusions_and_every_objective_rated(api, sheet):
    as_role(api, sheet, "chief_of_staff")
    response = api.post(f"/api/v1/reviews/{sheet.review.pk}/conclude/", {"summary": " "})
    assert response.status_code == 400
    assert set(errors(response)) == {"summary", "objectives"}
    assert "O1" in errors(response)["objectives"][0]
    assert Review.objects.get(pk=sheet.review.pk).status == "open"


def test_reopen_needs_a_reason_and_keeps_it(api, sheet):
    _concluded(sheet)
    as_role(api, sheet, "head_of_mission")
    response = api.post(f"/api/v1/reviews/{sheet.review.pk}/reopen/", {"reason": ""})
    assert response.status_code == 400 and "reason" in errors(response)
    response = api.post(f"/api/v1/reviews/{sheet.review.pk}/reopen/", {"reason": "Missed O2."})
    assert response.status_code == 200
    assert response.json()["reopenings"][0]["reason"] == "Missed O2."


def test_sign_off_applies_the_decisions(api, sheet):
    Decision.objects.create(
        review=sheet.review, kind="drop", objective=sheet.o2, rationale="Out of reach."
    )
    _concluded(sheet)
    as_role(api, sheet, "head_of_mission")
    response = api.post(f"/api/v1/reviews/{sheet.review.pk}/sign-off/")
    assert response.status_code == 200
    assert Objective.objects.get(pk=sheet.o2.pk).status == "dropped"


# -- assessments, role by role -----------------------------------------------------------------


def _bodies(sheet: Sheet) -> dict[str, tuple[dict[str, Any], set[str]]]:
    """Per resource: a valid create body, and the roles that may write it."""
    review = sheet.review.pk
    chief = {"chief_of_staff"}
    return {
        "objective-assessments": (
            {"review": review, "objective": sheet.o1.pk, "progress": "at_risk"},
            chief,
        ),
        "assumption-assessments": (
            {"review": review, "assumption": sheet.assumptions[0].pk, "rating": "broken"},
            chief,
        ),
        "marker-readings": (
            {"review": review, "marker": sheet.markers[0].pk, "reading": "3"},
            chief,
        ),
        "exit-condition-assessments": (
            {"review": review, "exit_condition": sheet.conditions[0].pk, "status": "met"},
            chief,
        ),
        "contribution-assessments": (
            {"review": review, "contribution": sheet.own_contribution.pk, "strength": "strong"},
            {"lead"},
        ),
    }


MODELS = {
    "objective-assessments": ObjectiveAssessment,
    "assumption-assessments": AssumptionAssessment,
    "marker-readings": MarkerReading,
    "exit-condition-assessments": ExitConditionAssessment,
    "contribution-assessments": ContributionAssessment,
}
RESOURCES = sorted(MODELS)


@pytest.mark.parametrize("role", [*ROLES, "other_lead"])
@pytest.mark.parametrize("resource", RESOURCES)
def test_each_assessment_is_written_by_its_role_only(api, sheet, resource, role):
    body, allowed = _bodies(sheet)[resource]
    as_role(api, sheet, role)
    response = api.post(f"/api/v1/{resource}/", body, format="json")
    if role in allowed:
        assert response.status_code == 201, response.json()
        assert response["ETag"] == '"1"'
        row = MODELS[resource].objects.get(review=sheet.review)
        assert row.assessed_by == sheet.people[role]
    else:
        assert response.status_code == 403
        assert not MODELS[resource].objects.filter(review=sheet.review).exists()


def test_a_lead_cannot_write_another_components_contribution(api, sheet):
    as_role(api, sheet, "lead")
    body = {
        "review": sheet.review.pk,
        "contribution": sheet.other_contribution.pk,
        "strength": "counter",
    }
    assert api.post("/api/v1/contribution-assessments/", body, format="json").status_code == 403
    theirs = ContributionAssessment.objects.create(
        review=sheet.review, contribution=sheet.other_contribution, strength="some"
    )
    response = api.patch(
        f"/api/v1/contribution-assessments/{theirs.pk}/",
        {"strength": "counter"},
        format="json",
        **if_match(theirs),
    )
    assert response.status_code == 403
    assert ContributionAssessment.objects.get(pk=theirs.pk).strength == "some"


@pytest.mark.parametrize("resource", RESOURCES)
def test_writes_on_a_review_not_open_are_403(api, sheet, resource):
    body, allowed = _bodies(sheet)[resource]
    role = next(iter(allowed))
    as_role(api, sheet, role)
    created = api.post(f"/api/v1/{resource}/", body, format="json").json()
    _concluded(sheet)
    response = api.patch(
        f"/api/v1/{resource}/{created['id']}/", {}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 403
    assert "concluded and read-only" in response.json()["detail"]
    fresh = ReviewFactory(mission=sheet.mission, status="signed_off", period_start=date(2025, 1, 1))
    response = api.post(f"/api/v1/{resource}/", {**body, "review": fresh.pk}, format="json")
    assert response.status_code == 403
    assert not MODELS[resource].objects.filter(review=fresh).exists()


# -- assessments: If-Match ---------------------------------------------------------------------

CHANGES = {
    "objective-assessments": {"progress": "stalled"},
    "assumption-assessments": {"note": "Strained by the walk-out."},
    "marker-readings": {"reading": "4 of 6"},
    "exit-condition-assessments": {"evidence": "Observer report"},
    "contribution-assessments": {"evidence": "Two committees convened"},
}


@pytest.mark.parametrize("resource", RESOURCES)
def test_changes_need_if_match_and_a_stale_one_is_412(api, sheet, resource):
    body, allowed = _bodies(sheet)[resource]
    as_role(api, sheet, next(iter(allowed)))
    row_id = api.post(f"/api/v1/{resource}/", body, format="json").json()["id"]
    url = f"/api/v1/{resource}/{row_id}/"
    change = CHANGES[resource]
    assert api.patch(url, change, format="json").status_code == 428
    MODELS[resource].objects.filter(pk=row_id).update(revision=F("revision") + 1)
    response = api.patch(url, change, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 412
    assert response.json()["current"]["revision"] == 2
    response = api.patch(url, change, format="json", HTTP_IF_MATCH='"2"')
    assert response.status_code == 200, response.json()
    assert response["ETag"] == '"3"'
    ((name, value),) = change.items()
    assert response.json()[name] == value


def test_assessments_follow_into_the_strategy(api, sheet):
    as_role(api, sheet, "chief_of_staff")
    for resource in ("assumption-assessments", "exit-condition-assessments", "marker-readings"):
        body, _roles = _bodies(sheet)[resource]
        assert api.post(f"/api/v1/{resource}/", body, format="json").status_code == 201
    assert Assumption.objects.get(pk=sheet.assumptions[0].pk).rating == "broken"
    assert ExitCondition.objects.get(pk=sheet.conditions[0].pk).status == "met"
    sheet.markers[0].refresh_from_db()
    assert sheet.markers[0].latest_reading == "3"


# -- assessments: bad input --------------------------------------------------------------------


def test_bad_assessments_get_messages_by_field(api, sheet, other_mission):
    as_role(api, sheet, "chief_of_staff")
    review = sheet.review.pk
    response = api.post(
        "/api/v1/objective-assessments/",
        {"review": review, "objective": sheet.o1.pk, "progress": "great"},
        format="json",
    )
    assert response.status_code == 400 and set(errors(response)) == {"progress"}
    # A record of another mission is not found among the caller's.
    foreign = ObjectiveFactory(mission=other_mission)
    response = api.post(
        "/api/v1/objective-assessments/",
        {"review": review, "objective": foreign.pk, "progress": "on_track"},
        format="json",
    )
    assert response.status_code == 404 and set(errors(response)) == {"objective"}
    # A second assessment of the same objective in the same review.
    ObjectiveAssessment.objects.create(review=sheet.review, objective=sheet.o1, progress="at_risk")
    response = api.post(
        "/api/v1/objective-assessments/",
        {"review": review, "objective": sheet.o1.pk, "progress": "on_track"},
        format="json",
    )
    assert response.status_code == 400 and "already assessed" in errors(response)["objective"][0]
    # A reading dated in the future (the service's rule, as a field error).
    tomorrow = (sheet.mission.today() + timedelta(days=1)).isoformat()
    response = api.post(
        "/api/v1/marker-readings/",
        {"review": review, "marker": sheet.markers[0].pk, "reading": "5", "read_on": tomorrow},
        format="json",
    )
    assert response.status_code == 400 and set(errors(response)) == {"read_on"}
    assert not MarkerReading.objects.filter(review=sheet.review).exists()
    response = api.post("/api/v1/contribution-assessments/", {}, format="json")
    assert response.status_code == 403  # the chief of staff assesses no contribution


def test_assessments_filter_by_review(api, sheet):
    as_role(api, sheet, "viewer")
    rows = api.get(f"/api/v1/contribution-assessments/?review={sheet.last.pk}").json()["results"]
    assert len(rows) == 1
    assert rows[0]["component_name"] == "Civil Affairs" and rows[0]["strength"] == "some"
    assert (
        api.get(f"/api/v1/contribution-assessments/?review={sheet.review.pk}").json()["results"]
        == []
    )


# -- decisions ---------------------------------------------------------------------------------


def test_the_chief_records_changes_and_deletes_decisions_while_open(api, sheet):
    as_role(api, sheet, "chief_of_staff")
    task = TaskFactory(mandate__mission=sheet.mission)
    response = api.post(
        "/api/v1/decisions/",
        {
            "review": sheet.review.pk,
            "kind": "reprioritise",
            "task": task.pk,
            "rationale": "The Council made it a priority.",
            "details": {"is_strategic_priority": True},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    decision = Decision.objects.get(pk=response.json()["id"])
    assert decision.decided_by == sheet.people["chief_of_staff"]
    url = f"/api/v1/decisions/{decision.pk}/"
    assert api.patch(url, {"rationale": "x"}, format="json").status_code == 428
    response = api.patch(
        url, {"rationale": "Council priority since March."}, format="json", **if_match(decision)
    )
    assert response.status_code == 200
    assert response.json()["rationale"] == "Council priority since March."
    assert api.delete(url, HTTP_IF_MATCH='"1"').status_code == 412
    assert api.delete(url, **if_match(decision)).status_code == 204
    assert not Decision.objects.filter(pk=decision.pk).exists()


def test_a_decision_missing_what_its_kind_needs_gets_messages_by_field(api, sheet):
    as_role(api, sheet, "chief_of_staff")
    response = api.post(
        "/api/v1/decisions/",
        {"review": sheet.review.pk, "kind": "adjust", "rationale": "", "details": {}},
        format="json",
    )
    assert response.status_code == 400
    assert set(errors(response)) == {"rationale", "objective", "details"}
    response = api.post(
        "/api/v1/decisions/",
        {"review": sheet.review.pk, "kind": "add", "rationale": "New", "details": [1]},
        format="json",
    )
    assert response.status_code == 400 and set(errors(response)) == {"details"}
    response = api.post(
        "/api/v1/decisions/",
        {
            "review": sheet.review.pk,
            "kind": "add",
            "rationale": "New",
            "details": {"code": "O1", "title": "Again"},
        },
        format="json",
    )
    assert response.status_code == 400 and "already has an objective O1" in str(errors(response))
    assert not Decision.objects.exists()


@pytest.mark.parametrize("role", [r for r in ROLES if r != "chief_of_staff"])
def test_only_the_chief_of_staff_writes_decisions(api, sheet, role):
    decision = Decision.objects.create(
        review=sheet.review, kind="keep", objective=sheet.o1, rationale="Still right."
    )
    as_role(api, sheet, role)
    body = {"review": sheet.review.pk, "kind": "keep", "objective": sheet.o2.pk, "rationale": "Y"}
    assert api.post("/api/v1/decisions/", body, format="json").status_code == 403
    url = f"/api/v1/decisions/{decision.pk}/"
    assert (
        api.patch(url, {"rationale": "Z"}, format="json", **if_match(decision)).status_code == 403
    )
    assert api.delete(url, **if_match(decision)).status_code == 403
    assert Decision.objects.get(pk=decision.pk).rationale == "Still right."
    assert api.get(f"/api/v1/decisions/?review={sheet.review.pk}").json()["count"] == 1


def test_decisions_of_a_concluded_review_are_read_only(api, sheet):
    decision = Decision.objects.create(
        review=sheet.review, kind="keep", objective=sheet.o1, rationale="Still right."
    )
    _concluded(sheet)
    as_role(api, sheet, "chief_of_staff")
    body = {"review": sheet.review.pk, "kind": "keep", "objective": sheet.o2.pk, "rationale": "Y"}
    assert api.post("/api/v1/decisions/", body, format="json").status_code == 403
    url = f"/api/v1/decisions/{decision.pk}/"
    assert (
        api.patch(url, {"rationale": "Z"}, format="json", **if_match(decision)).status_code == 403
    )
    assert api.delete(url, **if_match(decision)).status_code == 403
    assert Decision.objects.filter(pk=decision.pk).exists()


# -- list query counts -------------------------------------------------------------------------


def _grow(sheet: Sheet, n: int) -> None:
    """``n`` more of everything a review lists, in two more reviews."""
    start = date(2020, 1, 1) + timedelta(days=400 * Review.objects.count())
    for review in (
        ReviewFactory(mission=sheet.mission, period_start=start, status="open"),
        ReviewFactory(mission=sheet.mission, period_start=start + timedelta(days=100)),
    ):
        review.participants.set([UserFactory() for _ in range(2)])
        for _ in range(n):
            objective = ObjectiveFactory(mission=sheet.mission)
            ObjectiveAssessment.objects.create(
                review=review, objective=objective, progress="at_risk"
            )
            contribution = ContributionFactory(
                objective=objective, component=ComponentFactory(mission=sheet.mission)
            )
            ContributionAssessment.objects.create(
                review=review, contribution=contribution, strength="some", assessed_by=UserFactory()
            )
            assumption = Assumption.objects.create(objective=objective, statement="Holds.")
            AssumptionAssessment.objects.create(
                review=review, assumption=assumption, rating="holds"
            )
            MarkerReading.objects.create(
                review=review, marker=MarkerFactory(objective=objective), reading="1", read_on=start
            )
            ExitConditionAssessment.objects.create(
                review=review,
                exit_condition=ExitConditionFactory(end_state=sheet.mission.current_end_state),
                status="met",
            )
            Decision.objects.create(
                review=review,
                kind="keep",
                objective=objective,
                rationale="Keep.",
                decided_by=UserFactory(),
            )


@pytest.mark.parametrize("resource", ["reviews", "decisions", *RESOURCES])
def test_list_queries_do_not_grow_with_rows(api, sheet, resource):
    as_role(api, sheet, "chief_of_staff")
    url = f"/api/v1/{resource}/?mission=UNTEST"

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            response = api.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.json()["results"])

    _grow(sheet, 1)
    few, shown_few = count()
    _grow(sheet, 6)
    many, shown_many = count()
    assert shown_many > shown_few
    assert many == few, f"{resource}: {few} queries for {shown_few} rows, {many} for {shown_many}"


# -- schema ------------------------------------------------------------------------------------


def test_the_schema_has_the_review_paths(api, sheet):
    as_role(api, sheet, "viewer")
    paths = api.get("/api/schema/?format=json").json()["paths"]
    for resource in ["reviews", "decisions", *RESOURCES]:
        assert f"/api/v1/{resource}/" in paths
        assert f"/api/v1/{resource}/{{id}}/" in paths
    for transition in ("open", "conclude", "sign-off", "reopen"):
        assert "post" in paths[f"/api/v1/reviews/{{id}}/{transition}/"]
    patch = paths["/api/v1/objective-assessments/{id}/"]["patch"]
    assert {"412", "428", "400", "403", "404"} <= set(patch["responses"])
    assert "delete" not in paths["/api/v1/objective-assessments/{id}/"]
    assert "delete" in paths["/api/v1/decisions/{id}/"]
