"""One objective in a review: the chief of staff rates progress, reads the markers, re-rates
the assumptions and records today's stakeholder positions in one atomic save."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from reviews.models import AssumptionAssessment, MarkerReading, ObjectiveAssessment
from strategies.models import Assumption, StakeholderPosition
from tests.factories import MarkerFactory, PositionFactory, ReviewFactory, StakeholderFactory
from tests.reviews.assess_data import Sheet, form_data, make_sheet, page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(mission) -> Sheet:
    return make_sheet(mission)


def url(sheet, code="O1", review=None) -> str:
    return sheet.url(f"objectives/{code}", review)


def as_chief(client, sheet):
    client.force_login(sheet.people["chief_of_staff"])
    return client


def field_errors(html: str) -> list[str]:
    return re.findall(r'<p class="field__error"[^>]*>([^<]+)</p>', html)


# Reading ----------------------------------------------------------------------------------


def test_chief_sees_the_objective_with_forms_and_previous_ratings(client, sheet):
    response = as_chief(client, sheet).get(url(sheet))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Parties implement the agreement" in html
    assert 'id="assess-form"' in html
    # Progress as radio buttons, the previous review's rating beside them.
    assert html.count('name="objective-progress"') == 5
    assert "At risk" in html and sheet.last.label in html
    # Markers with the last review's reading, assumptions with their previous rating.
    assert "2 of 5" in html
    assert f'name="m{sheet.markers[0].pk}-reading"' in html
    assert f'name="a{sheet.assumptions[1].pk}-rating"' in html
    assert "Under strain" in html
    # Every stakeholder, the latest stance with its date, a stance to record as of today.
    assert "Karsh Liberation Front" in html and "African Union" in html
    assert "Opposes" in html
    assert f'name="s{sheet.stakeholders[0].pk}-stance"' in html
    # Navigation: O1 has a next objective but no previous one; dropped O3 is not asked about.
    assert url(sheet, "O2") in html
    assert url(sheet, "O3") not in html


@pytest.mark.parametrize(
    "role", ["head_of_mission", "desk_officer", "viewer", "lead", "strategy_editor"]
)
def test_other_members_read_without_forms(client, sheet, role):
    client.force_login(sheet.people[role])
    response = client.get(url(sheet))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="assess-form"' not in html
    assert "Only the chief of staff rates objectives" in html


def test_outsiders_get_404(client, sheet, outsider):
    client.force_login(outsider)
    assert client.get(url(sheet)).status_code == 404
    assert client.post(url(sheet), {"objective-progress": "on_track"}).status_code == 404


def test_unknown_objective_and_another_missions_review_are_404(client, sheet, other_mission):
    as_chief(client, sheet)
    assert client.get(url(sheet, "O99")).status_code == 404
    foreign = ReviewFactory(mission=other_mission, status="open")
    assert client.get(url(sheet, review=foreign)).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, sheet):
    response = client.get(url(sheet))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_signed_off_review_still_shows_an_objective_dropped_since(client, sheet):
    ObjectiveAssessment.objects.create(
        review=sheet.last, objective=sheet.dropped, progress="off_track"
    )
    as_chief(client, sheet)
    response = client.get(url(sheet, "O3", review=sheet.last))
    assert response.status_code == 200
    assert "Off track" in response.content.decode()


# Saving -----------------------------------------------------------------------------------


def test_one_save_writes_every_changed_block(client, sheet):
    as_chief(client, sheet)
    page = client.get(url(sheet)).content.decode()
    marker, assumption, stakeholder = sheet.markers[0], sheet.assumptions[0], sheet.stakeholders[1]
    data = form_data(
        page,
        **{
            "objective-progress": "off_track",
            "objective-political_environment": "The KLF walked out.",
            "objective-evidence": "Committee minutes",
            f"m{marker.pk}-reading": "1 of 6",
            f"a{assumption.pk}-rating": "broken",
            f"a{assumption.pk}-note": "He cancelled the summit.",
            f"s{stakeholder.pk}-stance": "ambivalent",
            f"s{stakeholder.pk}-note": "Back at the table, conditions attached.",
        },
    )
    response = client.post(url(sheet), data)
    assert response.status_code == 302
    assert response["Location"] == url(sheet)

    assessment = ObjectiveAssessment.objects.get(review=sheet.review, objective=sheet.o1)
    assert assessment.progress == "off_track"
    assert assessment.political_environment == "The KLF walked out."
    assert assessment.assessed_by == sheet.people["chief_of_staff"]
    reading = MarkerReading.objects.get(review=sheet.review, marker=marker)
    assert reading.reading == "1 of 6" and reading.read_on == sheet.mission.today()
    marker.refresh_from_db()
    assert marker.latest_reading == "1 of 6"
    assert AssumptionAssessment.objects.get(review=sheet.review, assumption=assumption).rating == (
        "broken"
    )
    assert Assumption.objects.get(pk=assumption.pk).rating == "broken"
    # Untouched rows are not written: no reading of the second marker, no second rating.
    assert not MarkerReading.objects.filter(review=sheet.review, marker=sheet.markers[1]).exists()
    assert not AssumptionAssessment.objects.filter(
        assumption=sheet.assumptions[1], review=sheet.review
    ).exists()
    # The position is a new dated row; the older one stays as history.
    positions = StakeholderPosition.objects.filter(stakeholder=stakeholder, objective=sheet.o1)
    assert [p.stance for p in positions.order_by("as_of")] == ["opposes", "ambivalent"]
    assert positions.order_by("-as_of")[0].as_of == sheet.mission.today()
    assert not StakeholderPosition.objects.filter(stakeholder=sheet.stakeholders[0]).exists()


def test_the_saved_page_shows_the_values_and_saving_it_again_changes_nothing(client, sheet):
    as_chief(client, sheet)
    page = client.get(url(sheet)).content.decode()
    client.post(url(sheet), form_data(page, **{"objective-progress": "on_track"}))
    page = client.get(url(sheet)).content.decode()
    assert re.search(r'value="on_track"[^>]*checked', page)
    response = client.post(url(sheet), form_data(page), follow=True)
    assert "Nothing had changed" in response.content.decode()
    assert ObjectiveAssessment.objects.get(review=sheet.review).revision == 1


def test_save_and_next_goes_to_the_next_objective(client, sheet):
    as_chief(client, sheet)
    page = client.get(url(sheet)).content.decode()
    data = form_data(page, **{"objective-progress": "on_track", "then": "next"})
    response = client.post(url(sheet), data)
    assert response["Location"] == url(sheet, "O2")


def test_todays_position_is_updated_in_place_not_duplicated(client, sheet):
    as_chief(client, sheet)
    stakeholder = sheet.stakeholders[0]
    for stance in ("supports", "ambivalent"):
        page = client.get(url(sheet)).content.decode()
        response = client.post(url(sheet), form_data(page, **{f"s{stakeholder.pk}-stance": stance}))
        assert response.status_code == 302
    rows = StakeholderPosition.objects.filter(stakeholder=stakeholder, objective=sheet.o1)
    assert [(p.stance, p.as_of) for p in rows] == [("ambivalent", sheet.mission.today())]


def test_bad_input_saves_nothing_and_shows_the_error_beside_the_field(client, sheet):
    as_chief(client, sheet)
    page = client.get(url(sheet)).content.decode()
    tomorrow = sheet.mission.today() + timedelta(days=1)
    data = form_data(
        page,
        **{
            # Evidence typed but no progress chosen; a reading dated tomorrow.
            "objective-evidence": "Minutes of the committee",
            f"m{sheet.markers[0].pk}-reading": "3 of 6",
            f"m{sheet.markers[0].pk}-read_on": tomorrow.isoformat(),
            f"a{sheet.assumptions[0].pk}-rating": "holds",
        },
    )
    response = client.post(url(sheet), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose where the objective stands." in field_errors(html)
    assert "A reading cannot be dated in the future." in field_errors(html)
    # The input is kept, and nothing was saved, not even the valid rating.
    assert "Minutes of the committee" in html and 'value="3 of 6"' in html
    assert re.search(r'value="holds"[^>]*checked', html)
    assert not AssumptionAssessment.objects.filter(review=sheet.review).exists()
    assert not ObjectiveAssessment.objects.filter(review=sheet.review).exists()


def test_a_stale_save_shows_the_conflict_and_saves_nothing(client, sheet):
    as_chief(client, sheet)
    page = client.get(url(sheet)).content.decode()
    # Someone else rates the objective after the page was opened.
    ObjectiveAssessment.objects.create(
        review=sheet.review, objective=sheet.o1, progress="stalled", evidence="Theirs"
    )
    data = form_data(
        page,
        **{
            "objective-progress": "on_track",
            f"a{sheet.assumptions[0].pk}-rating": "holds",
        },
    )
    response = client.post(url(sheet), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this after you opened it" in html
    assert "Stalled" in html  # their value, beside the user's
    assert re.search(r'value="on_track"[^>]*checked', html)  # the user's input is kept
    assert ObjectiveAssessment.objects.get(review=sheet.review).progress == "stalled"
    assert not AssumptionAssessment.objects.filter(review=sheet.review).exists()
    # Saving again from the conflict page is deliberate, and goes through.
    response = client.post(url(sheet), form_data(html))
    assert response.status_code == 302
    assert ObjectiveAssessment.objects.get(review=sheet.review).progress == "on_track"
    assert AssumptionAssessment.objects.filter(review=sheet.review).count() == 1


def test_a_position_recorded_by_someone_else_today_is_a_conflict(client, sheet):
    as_chief(client, sheet)
    stakeholder = sheet.stakeholders[0]
    page = client.get(url(sheet)).content.decode()
    PositionFactory(
        stakeholder=stakeholder, objective=sheet.o1, stance="opposes", as_of=sheet.mission.today()
    )
    response = client.post(url(sheet), form_data(page, **{f"s{stakeholder.pk}-stance": "supports"}))
    assert response.status_code == 409
    assert StakeholderPosition.objects.get(stakeholder=stakeholder).stance == "opposes"


def test_a_row_someone_else_changed_but_this_user_left_alone_is_not_written_back(client, sheet):
    as_chief(client, sheet)
    page = client.get(url(sheet)).content.decode()
    AssumptionAssessment.objects.create(
        review=sheet.review, assumption=sheet.assumptions[0], rating="broken"
    )
    response = client.post(url(sheet), form_data(page, **{"objective-progress": "at_risk"}))
    assert response.status_code == 302
    assert AssumptionAssessment.objects.get(review=sheet.review).rating == "broken"


# Who may write, and when ------------------------------------------------------------------


@pytest.mark.parametrize(
    "role",
    ["head_of_mission", "desk_officer", "viewer", "lead", "other_lead", "strategy_editor"],
)
def test_a_direct_post_by_another_role_is_refused(client, sheet, role):
    client.force_login(sheet.people[role])
    response = client.post(
        url(sheet), {"objective-progress": "on_track", "initial-objective-progress": ""}
    )
    assert response.status_code == 403
    assert not ObjectiveAssessment.objects.filter(review=sheet.review).exists()


@pytest.mark.parametrize("status", ["planned", "concluded", "signed_off"])
def test_a_review_not_open_is_read_only_and_refuses_posts(client, sheet, status):
    as_chief(client, sheet)
    page = client.get(url(sheet)).content.decode()
    sheet.set_status(status)
    response = client.get(url(sheet))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="assess-form"' not in html
    assert "read-only" in html or "not been opened" in html

    response = client.post(url(sheet), form_data(page, **{"objective-progress": "on_track"}))
    assert response.status_code == 403
    html = response.content.decode()
    if status != "planned":
        assert "read-only" in html
    assert "Nothing was saved." in html
    assert not ObjectiveAssessment.objects.filter(review=sheet.review).exists()


# Queries ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["chief_of_staff", "viewer"])
def test_the_page_costs_the_same_queries_whatever_the_number_of_rows(client, sheet, role):
    client.force_login(sheet.people[role])
    few = page_queries(client, url(sheet))
    for n in range(12):
        MarkerFactory(objective=sheet.o1)
        Assumption.objects.create(objective=sheet.o1, statement=f"Assumption {n}")
        PositionFactory(stakeholder=StakeholderFactory(mission=sheet.mission), objective=sheet.o1)
        AssumptionAssessment.objects.create(
            review=sheet.last,
            assumption=Assumption.objects.create(objective=sheet.o1, statement=f"Old {n}"),
            rating="holds",
        )
    many = page_queries(client, url(sheet))
    assert many == few


def test_a_concluded_review_shows_the_stances_it_concluded_on(client, sheet):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    stakeholder = sheet.stakeholders[1]  # opposed 40 days ago
    concluded = sheet.mission.today() - timedelta(days=10)
    sheet.review.status = "concluded"
    sheet.review.concluded_at = datetime(
        concluded.year, concluded.month, concluded.day, 12, tzinfo=ZoneInfo("UTC")
    )
    sheet.review.save(update_fields=["status", "concluded_at"])
    PositionFactory(
        stakeholder=stakeholder, objective=sheet.o1, stance="supports", as_of=sheet.mission.today()
    )
    client.force_login(sheet.people["viewer"])
    html = client.get(url(sheet)).content.decode()
    row = re.search(rf'<tr id="stakeholder-{stakeholder.pk}".*?</tr>', html, re.S).group(0)
    assert "Opposes" in row and "Supports" not in row
    # While a review is open, the latest stance is the one shown.
    sheet.set_status("open")
    html = client.get(url(sheet)).content.decode()
    row = re.search(rf'<tr id="stakeholder-{stakeholder.pk}".*?</tr>', html, re.S).group(0)
    assert "Supports" in row


def test_an_assessment_is_marked_and_kept_for_its_author_and_the_head(client, sheet):
    """A row's level: the mission's by default; Strictly confidential keeps it for the head of
    mission and its author; lowering it is the head's alone."""
    mission = sheet.mission
    mission.default_classification = 1
    mission.save()
    page = as_chief(client, sheet).get(url(sheet)).content.decode()
    assert 'name="objective-classification"' in page
    data = form_data(
        page,
        **{
            "objective-progress": "at_risk",
            "objective-political_environment": "CANARY-the general's back channel",
            "objective-classification": "2",
        },
    )
    assert client.post(url(sheet), data).status_code == 302
    saved = ObjectiveAssessment._base_manager.get(review=sheet.review, objective__code="O1")
    chief = sheet.people["chief_of_staff"]
    assert (saved.classification, saved.named_readers) == (2, [chief.pk])
    # Rows left alone were not written.
    assert not MarkerReading._base_manager.filter(review=sheet.review).exists()

    page = client.get(url(sheet)).content.decode()
    assert "CANARY" in page
    refused = client.post(url(sheet), form_data(page, **{"objective-classification": "0"}))
    assert "Only the head of mission can lower" in refused.content.decode()
    saved.refresh_from_db()
    assert saved.classification == 2

    for role in ("desk_officer", "viewer", "lead", "strategy_editor"):
        client.force_login(sheet.people[role])
        assert "CANARY" not in client.get(url(sheet)).content.decode(), role
    client.force_login(sheet.people["head_of_mission"])
    assert "CANARY" in client.get(url(sheet)).content.decode()
