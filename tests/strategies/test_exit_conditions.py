"""Exit conditions: readiness for drawdown, assessed in place, added to the end state in force."""

import re
from datetime import date, timedelta

import pytest

from strategies.forms_register import mission_today
from strategies.models import ExitCondition
from strategies.selectors.exit_conditions import exit_readiness
from strategies.selectors.findings import findings_for_mission
from tests.factories import (
    EndStateFactory,
    ExitConditionFactory,
    MembershipFactory,
    MissionFactory,
)

pytestmark = pytest.mark.django_db

URL = "/missions/UNTEST/exit-conditions/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def field_block(html: str, field_id: str) -> str:
    """The invalid field as rendered: its label, its input and the errors beside it."""
    found = re.search(
        rf'<div class="field field--invalid">\s*<label for="{field_id}">.*?</div>', html, re.S
    )
    return found.group(0) if found else ""


def item(html: str, condition) -> str:
    found = re.search(rf'<article [^>]*id="exit-condition-{condition.pk}".*?</article>', html, re.S)
    return found.group(0) if found else ""


def assess(condition, **overrides):
    data = {
        "status": condition.status,
        "evidence": condition.evidence,
        "last_assessed_on": (
            condition.last_assessed_on.isoformat() if condition.last_assessed_on else ""
        ),
        "revision": condition.revision,
    }
    data.update(overrides)
    return data


@pytest.fixture
def conditions(mission):
    end_state = mission.current_end_state
    return [
        ExitConditionFactory(
            end_state=end_state,
            kind="political",
            status="met",
            description="Elections held and results accepted",
            evidence="Observer reports",
            last_assessed_on=date(2026, 1, 15),
        ),
        ExitConditionFactory(
            end_state=end_state,
            kind="political",
            status="not_met",
            description="Local authorities restored in the east",
            evidence="",
        ),
        ExitConditionFactory(
            end_state=end_state,
            kind="security",
            status="partly_met",
            description="National army protects civilians",
        ),
    ]


def test_the_page_shows_readiness_by_kind_and_flags_missing_evidence(
    client, reader, mission, conditions
):
    met, bare, _partly = conditions
    old = EndStateFactory(
        mission=mission, adopted_on=date(2020, 1, 1), superseded_on=date(2023, 12, 31)
    )
    ExitConditionFactory(end_state=old, description="A condition of the old end state")
    client.force_login(reader)

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "1 of 3 exit conditions met" in html
    readiness = re.search(r'<section [^>]*id="readiness".*?</section>', html, re.S).group(0)
    rows = {
        label: [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row)]
        for label, row in re.findall(r'<th scope="row">([^<]+)</th>(.*?)</tr>', readiness, re.S)
    }
    assert rows == {"All conditions": [1, 1, 1], "Political": [1, 0, 1], "Security": [0, 1, 0]}
    assert 'class="bar" aria-hidden="true"' in readiness  # the numbers carry the meaning
    assert "Observer reports" in item(html, met)
    assert "15 Jan 2026" in item(html, met)
    assert "No evidence recorded" in item(html, bare)
    assert "No evidence recorded" not in item(html, met)
    assert "A condition of the old end state" not in html
    assert "Assess" not in item(html, met)  # readers read


def test_readiness_counts_and_bar_widths_add_up():
    made = [
        ExitCondition(kind="political", status="met"),
        ExitCondition(kind="political", status="partly_met"),
        ExitCondition(kind="security", status="not_met", evidence="x"),
    ]
    readiness = exit_readiness(made)
    overall = readiness.overall
    assert (overall.met, overall.partly_met, overall.not_met, overall.total) == (1, 1, 1, 3)
    assert overall.met_percent + overall.partly_met_percent + overall.not_met_percent == 100
    assert readiness.without_evidence == 2


def test_the_in_place_form_opens_with_its_first_field_focused(client, editor, conditions):
    condition = conditions[0]
    client.force_login(editor)

    response = client.get(f"{URL}{condition.pk}/edit/", **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(
        f'<article class="exit-item exit-item--editing" id="exit-condition-{condition.pk}"'
    )
    assert re.search(r'<select name="status"[^>]*autofocus', html)
    assert f'<label for="condition-{condition.pk}-last_assessed_on">' in html


def test_editor_assesses_a_condition_in_place(client, editor, mission, conditions):
    condition = conditions[1]
    today = mission_today(mission)
    client.force_login(editor)

    response = client.post(
        f"{URL}{condition.pk}/edit/",
        assess(
            condition,
            status="met",
            evidence="Prefects in 9 of 10 districts",
            last_assessed_on=today.isoformat(),
        ),
        **HTMX,
    )

    assert response.status_code == 200
    html = response.content.decode()
    shown = item(html, condition)
    assert "Met" in shown and "Prefects in 9 of 10 districts" in shown and "Saved." in shown
    assert "No evidence recorded" not in shown
    assert re.search(r"<a [^>]*autofocus", shown)
    assert 'id="readiness"' in html and 'hx-swap-oob="true"' in html
    assert "2 of 3 exit conditions met" in html  # the summary follows
    condition.refresh_from_db()
    assert (condition.status, condition.last_assessed_on, condition.revision) == ("met", today, 2)


def test_adding_evidence_clears_the_finding(client, editor, mission, conditions):
    bare = conditions[1]
    codes = [f.rule.code for f in findings_for_mission(mission.pk)]
    assert codes.count("exit_condition_without_evidence") == 1
    client.force_login(editor)

    response = client.post(f"{URL}{bare.pk}/edit/", assess(bare, evidence="Survey, March"))

    assert response.status_code == 302
    assert response["Location"] == f"{URL}#exit-condition-{bare.pk}"
    codes = [f.rule.code for f in findings_for_mission(mission.pk)]
    assert "exit_condition_without_evidence" not in codes


def test_a_future_assessment_date_is_refused_beside_the_field_and_input_kept(
    client, editor, mission, conditions
):
    condition = conditions[0]
    future = mission_today(mission) + timedelta(days=5)
    client.force_login(editor)

    for extra in ({}, HTMX):
        response = client.post(
            f"{URL}{condition.pk}/edit/",
            assess(condition, evidence="My fresh evidence", last_assessed_on=future.isoformat()),
            **extra,
        )
        assert response.status_code == 400
        html = response.content.decode()
        field = field_block(html, f"condition-{condition.pk}-last_assessed_on")
        assert "The date cannot be in the future" in field
        assert "My fresh evidence" in html
    condition.refresh_from_db()
    assert condition.evidence == "Observer reports"


def test_a_stale_assessment_is_refused_showing_both_values_and_keeping_input(
    client, editor, mission, conditions
):
    condition = conditions[2]
    mine = assess(condition, status="met", evidence="My evidence")
    chief = MembershipFactory(mission=mission, role="chief_of_staff").user
    client.force_login(chief)
    theirs = client.post(
        f"{URL}{condition.pk}/edit/", assess(condition, status="not_met", evidence="Their evidence")
    )
    assert theirs.status_code == 302

    client.force_login(editor)
    for extra in ({}, HTMX):
        response = client.post(f"{URL}{condition.pk}/edit/", mine, **extra)
        assert response.status_code == 409
        html = response.content.decode()
        assert "Someone else saved this after you opened it" in html
        assert "Their evidence" in html and "Not met" in html
        assert "My evidence" in html
    condition.refresh_from_db()
    assert (condition.status, condition.evidence) == ("not_met", "Their evidence")


def test_editor_adds_a_condition_to_the_current_end_state(client, editor, mission):
    client.force_login(editor)
    assert client.get(f"{URL}new/").status_code == 200

    response = client.post(
        f"{URL}new/",
        {
            "kind": "security",
            "description": "Armed groups cantoned",
            "status": "not_met",
            "evidence": "",
            "last_assessed_on": "",
        },
    )

    assert response.status_code == 302
    created = ExitCondition.objects.get()
    assert created.end_state == mission.current_end_state
    assert created.description == "Armed groups cantoned"


def test_a_missing_description_is_told_beside_the_field_and_the_input_kept(client, editor, mission):
    client.force_login(editor)
    response = client.post(
        f"{URL}new/",
        {"kind": "political", "description": "", "status": "met", "evidence": "My evidence"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in field_block(html, "id_description")
    assert "My evidence" in html
    assert not ExitCondition.objects.exists()


def test_without_an_end_state_there_is_nothing_to_add_to(client, editor):
    bare = MissionFactory(acronym="UNBARE")
    MembershipFactory(mission=bare, user=editor, role="strategy_editor")
    client.force_login(editor)
    page = client.get("/missions/UNBARE/exit-conditions/new/").content.decode()
    assert "Set the mission's political end state first" in page
    response = client.post(
        "/missions/UNBARE/exit-conditions/new/",
        {"kind": "political", "description": "Something", "status": "met"},
    )
    assert response.status_code == 400
    assert not ExitCondition.objects.exists()


def test_editor_deletes_a_condition_after_confirming(client, editor, conditions):
    condition = conditions[0]
    client.force_login(editor)
    assert client.get(f"{URL}{condition.pk}/delete/").status_code == 200
    response = client.post(f"{URL}{condition.pk}/delete/", {"revision": condition.revision})
    assert response.status_code == 302
    assert not ExitCondition.objects.filter(pk=condition.pk).exists()


def test_a_condition_of_a_superseded_end_state_is_not_edited_here(client, editor, mission):
    old = EndStateFactory(
        mission=mission, adopted_on=date(2020, 1, 1), superseded_on=date(2023, 12, 31)
    )
    kept = ExitConditionFactory(end_state=old)
    client.force_login(editor)
    assert client.post(f"{URL}{kept.pk}/edit/", assess(kept, status="met")).status_code == 404


def test_reader_posts_are_forbidden(client, reader, conditions):
    condition = conditions[0]
    client.force_login(reader)
    assert client.get(f"{URL}{condition.pk}/edit/", **HTMX).status_code == 403
    assert (
        client.post(f"{URL}{condition.pk}/edit/", assess(condition, status="not_met")).status_code
        == 403
    )
    assert client.post(f"{URL}new/", {"kind": "political", "description": "x"}).status_code == 403
    assert client.post(f"{URL}{condition.pk}/delete/", {"revision": 1}).status_code == 403
    condition.refresh_from_db()
    assert condition.status == "met"
    assert ExitCondition.objects.count() == 3


def test_outsider_gets_404_on_every_url(client, outsider, conditions):
    condition = conditions[0]
    client.force_login(outsider)
    for url in (URL, f"{URL}new/", f"{URL}{condition.pk}/edit/", f"{URL}{condition.pk}/delete/"):
        assert client.get(url).status_code == 404, url
        assert client.post(url, assess(condition, status="not_met")).status_code == 404, url
    condition.refresh_from_db()
    assert condition.status == "met"


def test_a_condition_of_another_mission_is_not_found_here(client, editor, other_mission):
    foreign = ExitConditionFactory(end_state=EndStateFactory(mission=other_mission))
    client.force_login(editor)
    assert client.post(f"{URL}{foreign.pk}/edit/", assess(foreign)).status_code == 404
    assert client.post(f"{URL}{foreign.pk}/delete/", {"revision": 1}).status_code == 404
