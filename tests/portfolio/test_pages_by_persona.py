"""The first screens, tried by an editor, a reader and an outsider."""

import pytest

from tests.factories import (
    ComponentFactory,
    ContributionFactory,
    MandateFactory,
    ObjectiveFactory,
    ReviewFactory,
    TaskFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(mission):
    objective = ObjectiveFactory(
        mission=mission, code="O1", title="Inclusive dialogue", levels=["national", "local"]
    )
    ObjectiveFactory(
        mission=mission, code="O2", title="Regional guarantors engaged", levels=["regional"]
    )
    ContributionFactory(
        objective=objective, component=ComponentFactory(mission=mission, name="Civil Affairs")
    )
    ComponentFactory(mission=mission, name="Force")
    mandate = MandateFactory(mission=mission, symbol="S/RES/2791 (2025)")
    TaskFactory(mandate=mandate, reference="29 (i) (a)")
    ReviewFactory(mission=mission, status="planned")
    return mission


def test_anonymous_users_are_sent_to_login(client, mission):
    for url in ("/", f"/missions/{mission.acronym}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")


def test_editor_sees_their_mission_with_role_expiry_review_and_findings(client, editor, filled):
    client.force_login(editor)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "UNTEST" in html
    assert "Strategy editor" in html
    assert "S/RES/2791 (2025)" in html
    assert "15 Jan 2027" in html  # next review due
    row = response.context["rows"][0]
    # O2 has no contribution, no marker on either objective, Force contributes nothing,
    # OP 29 (i) (a) is aligned to nothing, and has no handover while the mandate expires within
    # the transition horizon (365 days).
    assert row.findings == 6


def test_reader_sees_the_same_mission_and_not_the_other(client, reader, filled, other_mission):
    client.force_login(reader)
    html = client.get("/").content.decode()
    assert "UNTEST" in html
    assert "UNOTHER" not in html
    assert "Viewer" in html


def test_outsider_does_not_see_the_mission(client, outsider, filled):
    client.force_login(outsider)
    html = client.get("/").content.decode()
    assert "UNTEST" not in html
    assert "UNOTHER" in html


def test_overview_shows_end_state_objectives_by_level_components_and_mandate(
    client, editor, filled
):
    client.force_login(editor)
    response = client.get("/missions/UNTEST/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "An inclusive political settlement holds" in html
    assert "Inclusive dialogue" in html and "Regional guarantors engaged" in html
    levels = {g.level: [o.code for o in g.objectives] for g in response.context["overview"].levels}
    assert levels == {"international": [], "regional": ["O2"], "national": ["O1"], "local": ["O1"]}
    assert "Civil Affairs" in html and "Force" in html
    assert "S/RES/2791 (2025)" in html
    assert "Mandated task aligned to no objective" in html


def test_reader_can_open_the_overview(client, reader, filled):
    client.force_login(reader)
    assert client.get("/missions/UNTEST/").status_code == 200


def test_outsider_gets_404_for_the_overview(client, outsider, filled):
    client.force_login(outsider)
    assert client.get("/missions/UNTEST/").status_code == 404
    assert client.get("/switch/?mission=UNTEST").status_code == 404


def test_the_switcher_takes_a_member_to_the_mission(client, editor, filled):
    client.force_login(editor)
    response = client.get("/switch/?mission=UNTEST")
    assert response.status_code == 302
    assert response.url == "/missions/UNTEST/"


def test_a_user_with_no_role_sees_an_empty_state(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    html = client.get("/").content.decode()
    assert "You hold no role in any mission" in html


def test_login_page_logs_in_and_wrong_password_is_told(client, editor):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    bad = client.post("/accounts/login/", {"username": "alice", "password": "nope"})
    assert bad.status_code == 200
    assert "Please enter a correct username and password" in bad.content.decode()
    good = client.post("/accounts/login/", {"username": "alice", "password": "pass-word-123"})
    assert good.status_code == 302 and good.url == "/"


def test_password_change_keeps_the_old_password_on_bad_input(client, editor):
    client.force_login(editor)
    response = client.post(
        "/accounts/password/",
        {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password("pass-word-123")
