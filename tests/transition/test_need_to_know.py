"""A Strictly confidential handover reaches the head of mission and the people named on it:
on the transition page, in the brief's part, in the findings, in the Secretary-General's report
input, in the activity feed and through the API. Everyone else sees its task as one with no
handover, and learns nothing of the handover itself. Setting a level follows the rules of every
classified record: a new one starts at the mission's level, only the head of mission lowers."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from briefs.audiences import as_exporter
from briefs.content import Subject
from briefs.rendering import render_html
from council.prefill import prefill
from mandates.models import ReportingObligation
from missions.classification import Classification
from missions.need_to_know import reading_as
from strategies.selectors.findings import finding_counts
from tests.factories import ExitConditionFactory
from tests.transition.conftest import URL, client_for, handover, task
from transition.models import Handover

pytestmark = pytest.mark.django_db

CANARY = "QZX7 Handover Canary Trust"
STRICT = Classification.STRICTLY_CONFIDENTIAL
# The head of mission reads every Strictly confidential record; the chief of staff is named.
READERS = ("head_of_mission", "chief_of_staff")
OTHERS = ("strategy_editor", "component_lead", "desk_officer", "viewer")


@pytest.fixture
def secret(people, mandate):
    """OP 2 handed to the canary, Strictly confidential, naming the chief of staff; OP 3
    handed to UNDP, Unclassified."""
    handover(mandate, "3", receiver="UNDP")
    return handover(
        mandate,
        "2",
        receiver=CANARY,
        status="in_preparation",
        classification=STRICT,
        named_readers=[people["chief_of_staff"].pk],
    )


def test_the_page_shows_it_to_its_readers_only(people, secret):
    for role in READERS:
        page = client_for(people[role]).get(URL).content.decode()
        assert CANARY in page, role
        assert "Strictly confidential" in page, role  # its marking beside it
    for role in OTHERS:
        page = client_for(people[role]).get(URL).content.decode()
        assert CANARY not in page, role
        assert "UNDP" in page, role
        # Its task reads as one with no handover: nothing says a hidden one exists.
        unplanned = page[page.index('id="no-handover"') :]
        assert "OP 2" in unplanned, role


def test_the_findings_count_it_only_for_its_readers(people, mission, secret):
    counts = {}
    for role in (*READERS, *OTHERS):
        with reading_as(people[role]):
            counts[role] = finding_counts([mission.pk])[mission.pk]
    # OP 1 (a) and 1 (b) have no handover for anyone; OP 2 has one only for its readers.
    assert {counts[role] for role in READERS} == {counts["head_of_mission"]}
    assert all(counts[role] == counts["head_of_mission"] + 1 for role in OTHERS), counts


def test_the_brief_prints_it_only_for_its_readers_and_at_its_level(people, mission, secret):
    # A Strictly confidential benchmark the editor is named on too: their brief is printed at
    # that level, so only the handover's own need to know keeps it out.
    ExitConditionFactory(
        end_state=mission.current_end_state,
        description="Elections held on schedule.",
        classification=STRICT,
        named_readers=[people["chief_of_staff"].pk, people["strategy_editor"].pk],
    )
    printed = {}
    for role in (*READERS, "strategy_editor", "viewer"):
        with as_exporter(people[role]):
            html = render_html(Subject(mission), audience="leadership")
        printed[role] = CANARY in html
        assert "UNDP" in html, role
    assert printed == {
        "head_of_mission": True,
        "chief_of_staff": True,
        "strategy_editor": False,
        "viewer": False,
    }
    with as_exporter(people["desk_officer"]):
        html = render_html(Subject(mission), audience="hq")
    assert CANARY not in html and "UNDP" in html


def test_a_brief_printed_below_its_level_leaves_it_out(people, mission, secret):
    """Nothing else in the strategy is Strictly confidential: the head of mission's brief is
    marked lower and so prints no Strictly confidential handover."""
    with as_exporter(people["head_of_mission"]):
        html = render_html(Subject(mission), audience="leadership")
    assert CANARY not in html and "UNDP" in html


def test_the_report_input_restates_it_only_for_its_readers_at_its_level(people, mandate, secret):
    obligation = ReportingObligation.objects.create(
        mandate=mandate, kind="report", due_on=date(2026, 6, 30)
    )
    for role in (*READERS, *OTHERS):
        with reading_as(people[role]):
            drafts = prefill(obligation, mandate.adopted_on, obligation.due_on)
        mine = [d for d in drafts if CANARY in d.text]
        if role in READERS:
            assert [d.classification for d in mine] == [STRICT], role
        else:
            assert mine == [], role


def test_the_api_and_the_feed_show_it_to_its_readers_only(people, secret):
    api = APIClient()
    for role in (*READERS, *OTHERS):
        api.force_authenticate(people[role])
        listed = api.get("/api/v1/handovers/?mission=UNTEST").json()["results"]
        one = api.get(f"/api/v1/handovers/{secret.pk}/")
        feed = client_for(people[role]).get("/missions/UNTEST/activity/").content.decode()
        if role in READERS:
            assert CANARY in [row["receiver"] for row in listed], role
            assert one.status_code == 200 and one.json()["classification"] == STRICT
            assert f"Handover of OP 2 to {CANARY}" in feed, role
        else:
            assert [row["receiver"] for row in listed] == ["UNDP"], role
            assert one.status_code == 404, role  # as one that does not exist
            assert CANARY not in feed and "Handover of OP 3 to UNDP" in feed, role


def test_a_new_handover_starts_at_the_missions_level(people, mission, mandate):
    mission.default_classification = Classification.CONFIDENTIAL
    mission.save()
    editor = client_for(people["strategy_editor"])
    target = task(mandate, "3")
    response = editor.post(
        f"{URL}tasks/{target.pk}/handover/",
        {"receiver_kind": "unct", "receiver": "UNDP", "phase": "1", "status": "not_started"},
    )
    assert response.status_code == 302
    assert Handover.objects.get(task=target).classification == Classification.CONFIDENTIAL

    api = APIClient()
    api.force_authenticate(people["strategy_editor"])
    created = api.post(
        "/api/v1/handovers/",
        {"task": task(mandate, "2").pk, "receiver_kind": "ends"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["classification"] == Classification.CONFIDENTIAL


def test_only_the_head_of_mission_lowers_a_level(people, mandate):
    marked = handover(mandate, "2", classification=Classification.CONFIDENTIAL)
    form = f"{URL}tasks/{marked.task_id}/handover/"
    values = {"receiver_kind": "unct", "receiver": "UNDP", "phase": "2", "status": "not_started"}
    page = client_for(people["strategy_editor"]).post(
        form, {**values, "revision": marked.revision, "classification": "0"}
    )
    assert page.status_code == 400
    assert "Only the head of mission can lower" in page.content.decode()

    api = APIClient()
    api.force_authenticate(people["strategy_editor"])
    url = f"/api/v1/handovers/{marked.pk}/"
    lowered = api.patch(url, {"classification": 0}, format="json", HTTP_IF_MATCH='"1"')
    assert lowered.status_code == 403
    marked.refresh_from_db()
    assert (marked.classification, marked.revision) == (Classification.CONFIDENTIAL, 1)
    raised = api.patch(url, {"classification": STRICT}, format="json", HTTP_IF_MATCH='"1"')
    assert raised.status_code == 403  # the editor would lock themselves out: name yourself
    named = api.patch(
        url,
        {"classification": STRICT, "named_readers": [people["strategy_editor"].pk]},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert named.status_code == 200, named.content
    marked.refresh_from_db()
    assert marked.classification == STRICT
    assert marked.named_readers == [people["strategy_editor"].pk]


def test_a_task_whose_handover_is_hidden_cannot_take_a_second_one(people, secret):
    """The one-per-task rule holds for an editor who may not read the handover; they are told
    the task is taken, and nothing of the handover."""
    editor = client_for(people["strategy_editor"])
    page = editor.post(
        f"{URL}tasks/{secret.task_id}/handover/",
        {"receiver_kind": "unct", "receiver": "UNICEF", "phase": "1", "status": "not_started"},
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "already has a handover" in text and CANARY not in text
    api = APIClient()
    api.force_authenticate(people["strategy_editor"])
    response = api.post(
        "/api/v1/handovers/", {"task": secret.task_id, "receiver_kind": "ends"}, format="json"
    )
    assert response.status_code == 409 and CANARY not in response.content.decode()
    assert list(Handover.objects.filter(task_id=secret.task_id).values_list("receiver")) == [
        (CANARY,)
    ]
