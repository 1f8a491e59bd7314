"""Setting a record's level and list in the browser's forms, and who may lower one.

The journey of the issue: the editor marks a stakeholder's position Strictly confidential,
naming only the chief of staff; the form warns that the editor will lose sight of it; once
confirmed, the editor, the desk officer and the viewer no longer find it, the chief and the
head of mission do. Lowering a level is refused to everyone but the head of mission, who
does it from the record's classification page, and the history keeps every change.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from pghistory.models import Events

from missions.classification import Classification
from strategies.models import ConflictDriver, StakeholderPosition
from tests.factories import (
    MembershipFactory,
    ObjectiveFactory,
    StakeholderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
STRICT = Classification.STRICTLY_CONFIDENTIAL


@pytest.fixture
def people(mission):
    made = {}
    for role in ("head_of_mission", "chief_of_staff", "strategy_editor", "desk_officer", "viewer"):
        made[role] = MembershipFactory(mission=mission, role=role, user=UserFactory()).user
    return made


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _position_url(mission, stakeholder, objective) -> str:
    return f"/missions/{mission.acronym}/stakeholders/positions/{stakeholder.pk}/{objective.pk}/"


def test_editor_marks_a_position_strictly_confidential_for_the_chief_alone(mission, people):
    objective = ObjectiveFactory(mission=mission)
    stakeholder = StakeholderFactory(mission=mission)
    url = _position_url(mission, stakeholder, objective)
    editor, chief = people["strategy_editor"], people["chief_of_staff"]
    data = {
        "stance": "opposes",
        "as_of": mission.today().isoformat(),
        "note": "Talks only through the bishop",
        "classification": STRICT,
        "named_readers": [chief.pk],
    }

    page = _client(editor).get(url).content.decode()
    assert 'name="classification"' in page and f'value="{chief.pk}"' in page

    asked = _client(editor).post(url, data)
    assert asked.status_code == 400
    assert "you will no longer see this record" in asked.content.decode()
    assert not StakeholderPosition.objects.exists()

    saved = _client(editor).post(url, {**data, "confirm_level": "on"})
    assert saved.status_code == 302
    position = StakeholderPosition.objects.get()
    assert (position.classification, position.named_readers) == (STRICT, [chief.pk])

    for role, sees in [
        ("chief_of_staff", True),
        ("head_of_mission", True),
        ("strategy_editor", False),
        ("desk_officer", False),
        ("viewer", False),
    ]:
        page = f"/missions/{mission.acronym}/stakeholders/{stakeholder.pk}/"
        body = _client(people[role]).get(page).content.decode()
        assert ("Talks only through the bishop" in body) is sees, role


def test_lowering_is_refused_to_the_editor_and_leaves_the_level_unchanged(mission, people):
    driver = ConflictDriver.objects.create(
        mission=mission, level="national", title="Gold", classification=1
    )
    url = f"/missions/{mission.acronym}/drivers/{driver.pk}/edit/"
    response = _client(people["strategy_editor"]).post(
        url,
        {
            "title": "Gold",
            "level": "national",
            "classification": 0,
            "confirm_level": "on",
            "revision": driver.revision,
        },
    )
    assert response.status_code == 400
    assert "Only the head of mission can lower" in response.content.decode()
    driver.refresh_from_db()
    assert driver.classification == 1


def test_the_head_of_mission_lowers_a_level_after_confirming_and_history_keeps_it(mission, people):
    driver = ConflictDriver.objects.create(
        mission=mission,
        level="national",
        title="Gold",
        classification=STRICT,
        named_readers=[people["chief_of_staff"].pk],
    )
    url = f"/missions/{mission.acronym}/history/driver/{driver.pk}/classification/"
    hom = _client(people["head_of_mission"])
    history = hom.get(f"/missions/{mission.acronym}/history/driver/{driver.pk}/")
    assert url in history.content.decode()

    asked = hom.post(url, {"classification": 1, "revision": driver.revision})
    assert "more people will read it" in asked.content.decode()
    driver.refresh_from_db()
    assert driver.classification == STRICT

    done = hom.post(url, {"classification": 1, "revision": driver.revision, "confirm_level": "1"})
    assert done.status_code == 302
    driver.refresh_from_db()
    assert driver.classification == 1
    change = Events.objects.tracks(driver).filter(pgh_label="update").get()
    assert change.pgh_diff["classification"] == [STRICT, 1]

    # The chief of staff may raise or name, not lower.
    chief = _client(people["chief_of_staff"])
    refused = chief.post(url, {"classification": 0, "revision": driver.revision + 1})
    assert "Only the head of mission can lower" in refused.content.decode()
    driver.refresh_from_db()
    assert driver.classification == 1
    # Neither the desk officer nor the viewer may classify at all.
    assert _client(people["desk_officer"]).get(url).status_code == 403
    assert _client(people["viewer"]).get(url).status_code == 403


def test_every_mission_page_carries_the_highest_level_shown_on_it(mission, people):
    mission.default_classification, mission.classification_label = 1, "UN Restricted"
    mission.save()
    ConflictDriver.objects.create(
        mission=mission,
        level="national",
        title="Gold",
        classification=STRICT,
        named_readers=[people["chief_of_staff"].pk],
    )
    ConflictDriver.objects.create(mission=mission, level="local", title="Land", classification=0)
    url = f"/missions/{mission.acronym}/drivers/"

    chief = _client(people["chief_of_staff"]).get(url).content.decode()
    assert chief.count('class="page-marking page-marking--2"') == 2
    assert '<span class="marking marking--2">Strictly confidential</span>' in chief

    editor = _client(people["strategy_editor"]).get(url).content.decode()
    assert 'class="page-marking page-marking--0"' in editor
    assert "Gold" not in editor and "Land" in editor
    new = _client(people["strategy_editor"]).get(url + "new/").content.decode()
    select = re.search(r'<select name="classification".*?</select>', new, re.S).group(0)
    assert 'value="1" selected>Confidential (UN Restricted)' in select, select


def _api(user):
    from rest_framework.test import APIClient

    from tests.api.tokens import api_token_for

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(user)}")
    return client


def test_the_api_refuses_lowering_to_anyone_but_the_head_of_mission(mission, people):
    driver = ConflictDriver.objects.create(
        mission=mission, level="national", title="Gold", classification=1
    )
    url = f"/api/v1/drivers/{driver.pk}/"
    editor = _api(people["strategy_editor"])
    refused = editor.patch(url, {"classification": 0}, format="json", HTTP_IF_MATCH='"1"')
    assert refused.status_code == 403
    assert "Only the head of mission can lower" in refused.json()["detail"]
    driver.refresh_from_db()
    assert driver.classification == 1 and driver.revision == 1
    raised = editor.patch(
        url,
        {"classification": 2, "named_readers": [people["strategy_editor"].pk]},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert raised.status_code == 200, raised.content
    # (The head of mission lowers a level on the record's classification page.)


def test_the_api_does_not_let_a_client_lock_itself_out_of_a_record(mission, people):
    objective = ObjectiveFactory(mission=mission)
    editor = _api(people["strategy_editor"])
    body = {
        "mission": mission.acronym,
        "objectives": [objective.pk],
        "title": "Gold",
        "level": "national",
    }
    refused = editor.post(
        "/api/v1/drivers/",
        {**body, "classification": 2, "named_readers": [people["chief_of_staff"].pk]},
        format="json",
    )
    assert refused.status_code == 403
    assert "name yourself" in refused.json()["detail"]
    assert not ConflictDriver.objects.filter(title="Gold").exists()
    # Named, the editor may.
    me = people["strategy_editor"].pk
    made = editor.post(
        "/api/v1/drivers/", {**body, "classification": 2, "named_readers": [me]}, format="json"
    )
    assert made.status_code == 201, made.content
