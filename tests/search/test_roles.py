"""Every member of the mission may search it, whatever their role; an outsider gets a 404."""

from __future__ import annotations

import pytest

from tests.factories import ObjectiveFactory
from tests.search.conftest import ROLES, as_role, client_for, search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_search(mission, people, role):
    ObjectiveFactory(mission=mission, code="O1", title="Transhumance corridors are agreed")
    response = search(as_role(role), "corridor")
    assert response.status_code == 200
    assert "O1 Transhumance corridors are agreed" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_box_in_the_mission_bar(mission, people, role):
    page = as_role(role).get("/missions/UNTEST/drivers/").content.decode()
    assert 'class="mission-search" role="search"' in page
    assert 'action="/missions/UNTEST/search/"' in page
    assert '<label for="mission-search"' in page


def test_an_outsider_gets_404(mission, people):
    ObjectiveFactory(mission=mission, title="Transhumance corridors are agreed")
    assert search(client_for(people["outsider"]), "corridor").status_code == 404
    assert search(client_for(people["outsider"]), "").status_code == 404


def test_a_mission_that_does_not_exist_is_404(people):
    assert search(as_role("viewer"), "corridor", acronym="NOPE").status_code == 404


def test_post_is_refused(mission, people):
    assert as_role("viewer").post("/missions/UNTEST/search/", {"q": "x"}).status_code == 405
