"""The political end state: edit the one in force, or set the first; revision-checked."""

import re

import pytest

from core.concurrency import StaleEdit
from missions.models import EndState
from strategies.forms_register import mission_today
from strategies.services.exit_conditions import end_state_create
from tests.factories import MembershipFactory, MissionFactory

pytestmark = pytest.mark.django_db

URL = "/missions/UNTEST/end-state/"


def field_block(html: str, field_id: str) -> str:
    """The invalid field as rendered: its label, its input and the errors beside it."""
    found = re.search(
        rf'<div class="field field--invalid">\s*<label for="{field_id}">.*?</div>', html, re.S
    )
    return found.group(0) if found else ""


def data(end_state, **overrides):
    values = {
        "statement": end_state.statement,
        "horizon": end_state.horizon,
        "revision": end_state.revision,
    }
    values.update(overrides)
    return values


def test_editor_sees_the_end_state_in_force_in_the_form(client, editor, mission):
    client.force_login(editor)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert mission.current_end_state.statement in html
    assert '<textarea name="statement"' in html
    assert 'value="2029"' in html


def test_editor_edits_the_statement_and_horizon(client, editor, mission):
    end_state = mission.current_end_state
    client.force_login(editor)

    response = client.post(
        URL, data(end_state, statement="A negotiated settlement holds.", horizon="end of 2030")
    )

    assert response.status_code == 302
    end_state.refresh_from_db()
    assert end_state.statement == "A negotiated settlement holds."
    assert end_state.horizon == "end of 2030"
    assert end_state.revision == 2
    assert EndState.objects.filter(mission=mission).count() == 1


def test_a_missing_statement_is_told_beside_the_field_and_the_input_kept(client, editor, mission):
    end_state = mission.current_end_state
    client.force_login(editor)

    response = client.post(URL, data(end_state, statement="", horizon="My horizon 2031"))

    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in field_block(html, "id_statement")
    assert "My horizon 2031" in html
    end_state.refresh_from_db()
    assert end_state.horizon == "2029"


def test_a_stale_save_is_refused_showing_both_values_and_keeping_input(client, editor, mission):
    end_state = mission.current_end_state
    mine = data(end_state, horizon="My horizon")
    chief = MembershipFactory(mission=mission, role="chief_of_staff").user
    client.force_login(chief)
    assert client.post(URL, data(end_state, horizon="Their horizon")).status_code == 302

    client.force_login(editor)
    response = client.post(URL, mine)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this after you opened it" in html
    assert "Their horizon" in html and "My horizon" in html
    end_state.refresh_from_db()
    assert end_state.horizon == "Their horizon"


def test_a_mission_without_an_end_state_gets_a_form_to_set_the_first(client, editor):
    bare = MissionFactory(acronym="UNBARE")
    MembershipFactory(mission=bare, user=editor, role="strategy_editor")
    client.force_login(editor)

    page = client.get("/missions/UNBARE/end-state/").content.decode()
    assert "Set the political end state" in page

    response = client.post(
        "/missions/UNBARE/end-state/", {"statement": "Peace holds.", "horizon": "2030"}
    )

    assert response.status_code == 302
    created = EndState.objects.get(mission=bare)
    assert (created.statement, created.horizon) == ("Peace holds.", "2030")
    assert created.adopted_on == mission_today(bare)
    assert created.superseded_on is None


def test_setting_a_first_end_state_when_one_appeared_meanwhile_is_a_conflict(editor, mission):
    with pytest.raises(StaleEdit) as raised:
        end_state_create(mission=mission, values={"statement": "Another"}, by=editor)
    assert raised.value.current == mission.current_end_state
    assert EndState.objects.filter(mission=mission).count() == 1


def test_reader_reads_but_may_not_post(client, reader, mission):
    end_state = mission.current_end_state
    client.force_login(reader)

    page = client.get(URL)
    assert page.status_code == 200
    assert end_state.statement in page.content.decode()
    assert "<textarea" not in page.content.decode()

    assert client.post(URL, data(end_state, horizon="Reader's horizon")).status_code == 403
    end_state.refresh_from_db()
    assert end_state.horizon == "2029"


def test_outsider_gets_404(client, outsider, mission):
    end_state = mission.current_end_state
    client.force_login(outsider)
    assert client.get(URL).status_code == 404
    assert client.post(URL, data(end_state, horizon="Outsider")).status_code == 404
    end_state.refresh_from_db()
    assert end_state.horizon == "2029"
