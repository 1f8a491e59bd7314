"""Conflict analysis: drivers by level, linked to the objectives that address them."""

import re

import pytest

from strategies.models import ConflictDriver, DriverObjective
from strategies.selectors.findings import findings_for_mission
from tests.factories import DriverFactory, MembershipFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db

URL = "/missions/UNTEST/drivers/"
LEVELS = ("international", "regional", "national", "local")


def field_block(html: str, field_id: str) -> str:
    """The invalid field as rendered: its label, its input and the errors beside it."""
    found = re.search(
        rf'<div class="field field--invalid">\s*<label for="{field_id}">.*?</div>', html, re.S
    )
    return found.group(0) if found else ""


def article(html: str, driver) -> str:
    found = re.search(rf'<article [^>]*id="driver-{driver.pk}".*?</article>', html, re.S)
    return found.group(0) if found else ""


def unaddressed(mission) -> list[int]:
    return [f.pk for f in findings_for_mission(mission.pk) if f.rule.code == "unaddressed_driver"]


def driver_data(**overrides):
    data = {
        "title": "Competition over gold sites",
        "level": "local",
        "description": "",
        "leverage_points": "",
        "entry_points": "",
        "objectives": [],
    }
    data.update(overrides)
    return data


def edit_data(driver, **overrides):
    data = driver_data(
        title=driver.title,
        level=driver.level,
        description=driver.description,
        leverage_points=driver.leverage_points,
        entry_points=driver.entry_points,
        objectives=[o.pk for o in driver.objectives.all()],
        revision=driver.revision,
    )
    data.update(overrides)
    return data


def test_drivers_are_grouped_by_level_and_the_unaddressed_one_is_flagged(
    client, reader, mission, other_mission
):
    o1 = ObjectiveFactory(mission=mission, code="O1", title="Dialogue")
    addressed = DriverFactory(
        mission=mission,
        level="national",
        title="Exclusion from power",
        description="The north-east is left out.",
        leverage_points="Guarantors of the agreement",
        entry_points="The monitoring committee",
    )
    DriverObjective.objects.create(driver=addressed, objective=o1)
    alone = DriverFactory(mission=mission, level="international", title="Waning attention")
    DriverFactory(mission=other_mission, title="Someone else's driver")
    client.force_login(reader)

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    levels = [html.index(f'id="level-{level}"') for level in LEVELS]
    assert levels == sorted(levels)
    shown = article(html, addressed)
    assert html.index('id="level-national"') < html.index(f'id="driver-{addressed.pk}"')
    assert "The north-east is left out." in shown
    assert "Guarantors of the agreement" in shown
    assert "The monitoring committee" in shown
    assert '<span class="tag" title="Dialogue">O1' in shown
    assert "No objective addresses this driver" not in shown
    assert "No objective addresses this driver" in article(html, alone)
    assert "Someone else&#x27;s driver" not in html and "Someone else's driver" not in html
    assert "Add driver" not in html  # readers read


def test_editor_creates_a_driver_linked_to_objectives(client, editor, mission):
    o1 = ObjectiveFactory(mission=mission, code="O1")
    o2 = ObjectiveFactory(mission=mission, code="O2")
    ObjectiveFactory(mission=mission, code="O3", status="dropped")
    client.force_login(editor)
    form = client.get(f"{URL}new/").content.decode()
    assert f'value="{o1.pk}"' in form and "O3" not in form  # active objectives only

    response = client.post(
        f"{URL}new/",
        driver_data(leverage_points="Mining cadastre", objectives=[o1.pk, o2.pk]),
    )

    driver = ConflictDriver.objects.get(mission=mission)
    assert response.status_code == 302
    assert response["Location"] == f"{URL}#driver-{driver.pk}"
    assert driver.leverage_points == "Mining cadastre"
    assert set(driver.objectives.values_list("code", flat=True)) == {"O1", "O2"}


def test_linking_a_driver_to_an_objective_clears_the_unaddressed_finding(client, editor, mission):
    objective = ObjectiveFactory(mission=mission, code="O1")
    driver = DriverFactory(mission=mission, title="Youth recruitment")
    assert unaddressed(mission) == [driver.pk]
    client.force_login(editor)

    response = client.post(f"{URL}{driver.pk}/edit/", edit_data(driver, objectives=[objective.pk]))

    assert response.status_code == 302
    assert unaddressed(mission) == []
    assert "No objective addresses this driver" not in client.get(URL).content.decode()


def test_editor_edits_and_unlinks(client, editor, mission):
    o1 = ObjectiveFactory(mission=mission, code="O1")
    o2 = ObjectiveFactory(mission=mission, code="O2")
    driver = DriverFactory(mission=mission, level="local")
    DriverObjective.objects.create(driver=driver, objective=o1)
    client.force_login(editor)

    response = client.post(
        f"{URL}{driver.pk}/edit/", edit_data(driver, level="regional", objectives=[o2.pk])
    )

    assert response.status_code == 302
    driver.refresh_from_db()
    assert driver.level == "regional"
    assert driver.revision == 2
    assert list(driver.objectives.values_list("code", flat=True)) == ["O2"]


def test_editor_deletes_a_driver_after_confirming(client, editor, mission):
    objective = ObjectiveFactory(mission=mission)
    driver = DriverFactory(mission=mission, title="Gone soon")
    DriverObjective.objects.create(driver=driver, objective=objective)
    client.force_login(editor)

    confirm = client.get(f"{URL}{driver.pk}/delete/")
    assert confirm.status_code == 200
    assert "Gone soon" in confirm.content.decode()

    response = client.post(f"{URL}{driver.pk}/delete/", {"revision": driver.revision})

    assert response.status_code == 302
    assert not ConflictDriver.objects.filter(pk=driver.pk).exists()
    objective.refresh_from_db()  # the objective stays, only the link went
    assert not DriverObjective.objects.exists()


def test_a_missing_title_is_told_beside_the_field_and_the_input_kept(client, editor, mission):
    client.force_login(editor)

    response = client.post(f"{URL}new/", driver_data(title="  ", description="My careful analysis"))

    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in field_block(html, "id_title")
    assert "My careful analysis" in html
    assert not ConflictDriver.objects.exists()


def test_an_objective_of_another_mission_cannot_be_linked(client, editor, mission, other_mission):
    foreign = ObjectiveFactory(mission=other_mission, code="X1")
    client.force_login(editor)
    response = client.post(f"{URL}new/", driver_data(objectives=[foreign.pk]))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not DriverObjective.objects.exists()


def test_a_stale_save_is_refused_showing_both_values_and_keeping_input(client, editor, mission):
    o1 = ObjectiveFactory(mission=mission, code="O1", title="Dialogue")
    driver = DriverFactory(mission=mission, entry_points="Original")
    mine = edit_data(driver, entry_points="My entry points", objectives=[o1.pk])
    chief = MembershipFactory(mission=mission, role="chief_of_staff").user
    client.force_login(chief)
    assert (
        client.post(f"{URL}{driver.pk}/edit/", edit_data(driver, entry_points="Theirs")).status_code
        == 302
    )

    client.force_login(editor)
    response = client.post(f"{URL}{driver.pk}/edit/", mine)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this after you opened it" in html
    assert "Theirs" in html and "My entry points" in html
    driver.refresh_from_db()
    assert driver.entry_points == "Theirs"
    assert not driver.objectives.exists()  # the links did not half-save


def test_reader_posts_are_forbidden(client, reader, mission):
    driver = DriverFactory(mission=mission, title="Kept")
    client.force_login(reader)
    assert client.get(f"{URL}new/").status_code == 403
    assert client.post(f"{URL}new/", driver_data()).status_code == 403
    assert client.post(f"{URL}{driver.pk}/edit/", edit_data(driver, title="X")).status_code == 403
    assert client.post(f"{URL}{driver.pk}/delete/", {"revision": 1}).status_code == 403
    assert list(ConflictDriver.objects.values_list("title", flat=True)) == ["Kept"]


def test_outsider_gets_404_on_every_url(client, outsider, mission):
    driver = DriverFactory(mission=mission)
    client.force_login(outsider)
    for url in (URL, f"{URL}new/", f"{URL}{driver.pk}/edit/", f"{URL}{driver.pk}/delete/"):
        assert client.get(url).status_code == 404, url
        assert client.post(url, edit_data(driver)).status_code == 404, url
    assert ConflictDriver.objects.filter(pk=driver.pk).exists()


def test_a_driver_of_another_mission_is_not_found_here(client, editor, other_mission):
    foreign = DriverFactory(mission=other_mission)
    client.force_login(editor)
    assert client.get(f"{URL}{foreign.pk}/edit/").status_code == 404
    assert client.post(f"{URL}{foreign.pk}/delete/", {"revision": 1}).status_code == 404
