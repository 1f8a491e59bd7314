"""The stakeholder register: list, filter, add, edit, delete, a stakeholder's history; who may."""

import re
from datetime import date

import pytest

from missions.models import Stakeholder
from strategies.models import StakeholderPosition
from tests.factories import (
    MembershipFactory,
    ObjectiveFactory,
    PositionFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db

URL = "/missions/UNTEST/stakeholders/"


def field_block(html: str, field_id: str) -> str:
    """The invalid field as rendered: its label, its input and the errors beside it."""
    found = re.search(
        rf'<div class="field field--invalid">\s*<label for="{field_id}">.*?</div>', html, re.S
    )
    return found.group(0) if found else ""


def stakeholder_data(**overrides):
    data = {
        "name": "Council of Elders of Upper Tessa",
        "kind": "civil_society",
        "level": "local",
        "influence": "medium",
        "notes": "",
    }
    data.update(overrides)
    return data


def edit_data(stakeholder, **overrides):
    data = stakeholder_data(
        name=stakeholder.name,
        kind=stakeholder.kind,
        level=stakeholder.level,
        influence=stakeholder.influence,
        notes=stakeholder.notes,
        revision=stakeholder.revision,
    )
    data.update(overrides)
    return data


def test_the_register_lists_the_missions_stakeholders_with_their_latest_stances(
    client, reader, mission, other_mission
):
    au = StakeholderFactory(
        mission=mission,
        name="African Union",
        kind="regional_org",
        level="regional",
        influence="high",
        notes="Guarantor of the agreement.",
    )
    o1 = ObjectiveFactory(mission=mission, code="O1")
    o2 = ObjectiveFactory(mission=mission, code="O2")
    PositionFactory(stakeholder=au, objective=o1, stance="supports", as_of=date(2025, 1, 1))
    PositionFactory(stakeholder=au, objective=o1, stance="opposes", as_of=date(2025, 6, 1))
    PositionFactory(stakeholder=au, objective=o2, stance="ambivalent", as_of=date(2025, 6, 1))
    StakeholderFactory(mission=other_mission, name="Someone elsewhere")
    client.force_login(reader)

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    row = re.search(rf'<tr id="stakeholder-{au.pk}">.*?</tr>', html, re.S).group(0)
    assert "African Union" in row
    assert "Regional organisation" in row
    assert "Regional" in row
    assert "High" in row
    assert "Guarantor of the agreement." in row
    assert "Opposes: 1" in row
    assert "Ambivalent: 1" in row
    assert "Supports" not in row  # superseded by the later position
    assert "Someone elsewhere" not in html
    # A reader gets no editing controls.
    assert "Add stakeholder" not in html
    assert f"/stakeholders/{au.pk}/edit/" not in html


def test_the_register_filters_by_type_and_level(client, reader, mission):
    StakeholderFactory(mission=mission, name="Armed group A", kind="armed_group", level="local")
    StakeholderFactory(mission=mission, name="Armed group B", kind="armed_group", level="national")
    StakeholderFactory(mission=mission, name="Donor C", kind="donor", level="local")
    client.force_login(reader)

    html = client.get(URL, {"kind": "armed_group", "level": "local"}).content.decode()
    assert "Armed group A" in html
    assert "Armed group B" not in html
    assert "Donor C" not in html

    html = client.get(URL, {"level": "local"}).content.decode()
    assert "Armed group A" in html and "Donor C" in html and "Armed group B" not in html

    # An unknown filter value filters nothing rather than failing.
    response = client.get(URL, {"kind": "nonsense"})
    assert response.status_code == 200
    assert "Armed group B" in response.content.decode()


def test_editor_adds_a_stakeholder(client, editor, mission):
    client.force_login(editor)
    assert client.get(f"{URL}new/").status_code == 200

    response = client.post(f"{URL}new/", stakeholder_data(notes="Meets monthly."))

    created = Stakeholder.objects.get(mission=mission)
    assert response.status_code == 302
    assert response["Location"] == f"{URL}{created.pk}/"
    assert created.name == "Council of Elders of Upper Tessa"
    assert created.notes == "Meets monthly."


def test_editor_edits_a_stakeholder(client, editor, mission):
    stakeholder = StakeholderFactory(mission=mission, name="IGAD", influence="low")
    client.force_login(editor)

    response = client.post(
        f"{URL}{stakeholder.pk}/edit/", edit_data(stakeholder, influence="high", notes="Lead.")
    )

    assert response.status_code == 302
    stakeholder.refresh_from_db()
    assert (stakeholder.influence, stakeholder.notes, stakeholder.revision) == ("high", "Lead.", 2)


def test_editor_deletes_a_stakeholder_after_confirming(client, editor, mission):
    stakeholder = StakeholderFactory(mission=mission, name="Short-lived partner")
    PositionFactory(stakeholder=stakeholder)
    client.force_login(editor)

    confirm = client.get(f"{URL}{stakeholder.pk}/delete/")
    assert confirm.status_code == 200
    assert "Short-lived partner" in confirm.content.decode()
    assert "1 recorded position goes with it" in confirm.content.decode()
    assert Stakeholder.objects.filter(pk=stakeholder.pk).exists()

    response = client.post(f"{URL}{stakeholder.pk}/delete/", {"revision": stakeholder.revision})

    assert response.status_code == 302
    assert not Stakeholder.objects.filter(pk=stakeholder.pk).exists()


def test_a_delete_of_a_stakeholder_changed_meanwhile_is_refused(client, editor, mission):
    stakeholder = StakeholderFactory(mission=mission, name="Changing")
    Stakeholder.objects.filter(pk=stakeholder.pk).update(notes="New facts", revision=2)
    client.force_login(editor)

    response = client.post(f"{URL}{stakeholder.pk}/delete/", {"revision": 1})

    assert response.status_code == 409
    assert "Nothing was deleted" in response.content.decode()
    assert Stakeholder.objects.filter(pk=stakeholder.pk).exists()


def test_a_duplicate_name_is_told_beside_the_name_and_the_input_is_kept(client, editor, mission):
    StakeholderFactory(mission=mission, name="UNDP")
    client.force_login(editor)

    response = client.post(f"{URL}new/", stakeholder_data(name="  undp ", notes="My careful notes"))

    assert response.status_code == 400
    html = response.content.decode()
    assert "This mission already has a stakeholder called “undp”." in field_block(html, "id_name")
    assert "My careful notes" in html
    assert Stakeholder.objects.filter(mission=mission).count() == 1


def test_the_same_name_in_another_mission_is_fine(client, editor, mission, other_mission):
    StakeholderFactory(mission=other_mission, name="UNDP")
    client.force_login(editor)
    assert client.post(f"{URL}new/", stakeholder_data(name="UNDP")).status_code == 302


def test_a_stale_edit_is_refused_showing_both_values_and_keeping_input(client, editor, mission):
    stakeholder = StakeholderFactory(mission=mission, name="ECCAS", notes="Original")
    mine = edit_data(stakeholder, notes="My reading of ECCAS")
    chief = MembershipFactory(mission=mission, role="chief_of_staff").user
    client.force_login(chief)
    theirs = client.post(f"{URL}{stakeholder.pk}/edit/", edit_data(stakeholder, notes="Theirs"))
    assert theirs.status_code == 302

    client.force_login(editor)
    response = client.post(f"{URL}{stakeholder.pk}/edit/", mine)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this after you opened it" in html
    assert "Theirs" in html
    assert "My reading of ECCAS" in html
    stakeholder.refresh_from_db()
    assert stakeholder.notes == "Theirs"
    # The form now carries the revision just shown: saving again is deliberate and applies.
    assert 'name="revision" value="2"' in html
    again = client.post(f"{URL}{stakeholder.pk}/edit/", {**mine, "revision": 2})
    assert again.status_code == 302
    stakeholder.refresh_from_db()
    assert stakeholder.notes == "My reading of ECCAS"


def test_the_stakeholder_page_shows_positions_over_time_newest_first_with_shifts(
    client, reader, mission
):
    stakeholder = StakeholderFactory(mission=mission, name="Host government")
    o1 = ObjectiveFactory(mission=mission, code="O1", title="Dialogue resumes")
    o2 = ObjectiveFactory(mission=mission, code="O2", title="Nobody asked yet")
    for stance, day in [
        ("supports", date(2024, 1, 10)),
        ("opposes", date(2025, 1, 10)),
        ("opposes", date(2025, 6, 10)),
    ]:
        PositionFactory(
            stakeholder=stakeholder, objective=o1, stance=stance, as_of=day, note=f"on {day}"
        )
    client.force_login(reader)

    response = client.get(f"{URL}{stakeholder.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Dialogue resumes" in html
    newest, middle, oldest = (html.index(d) for d in ("10 Jun 2025", "10 Jan 2025", "10 Jan 2024"))
    assert newest < middle < oldest
    assert html.count("shift from Supports") == 1
    assert "No position yet on" in html and "O2" in html
    assert f"/stakeholders/positions/{stakeholder.pk}/{o2.pk}/" not in html  # reader: no links
    assert StakeholderPosition.objects.filter(stakeholder=stakeholder).count() == 3


def test_reader_posts_are_forbidden(client, reader, mission):
    stakeholder = StakeholderFactory(mission=mission, name="Kept")
    client.force_login(reader)
    assert client.get(f"{URL}new/").status_code == 403
    assert client.post(f"{URL}new/", stakeholder_data()).status_code == 403
    assert client.post(f"{URL}{stakeholder.pk}/edit/", edit_data(stakeholder)).status_code == 403
    assert client.post(f"{URL}{stakeholder.pk}/delete/", {"revision": 1}).status_code == 403
    assert list(Stakeholder.objects.values_list("name", flat=True)) == ["Kept"]


def test_outsider_gets_404_on_every_url(client, outsider, mission):
    stakeholder = StakeholderFactory(mission=mission)
    client.force_login(outsider)
    for url in (
        URL,
        f"{URL}new/",
        f"{URL}{stakeholder.pk}/",
        f"{URL}{stakeholder.pk}/edit/",
        f"{URL}{stakeholder.pk}/delete/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, edit_data(stakeholder)).status_code == 404, url
    assert Stakeholder.objects.filter(pk=stakeholder.pk).exists()


def test_a_stakeholder_of_another_mission_is_not_found_here(client, editor, other_mission):
    foreign = StakeholderFactory(mission=other_mission)
    client.force_login(editor)
    assert client.get(f"{URL}{foreign.pk}/").status_code == 404
    assert client.post(f"{URL}{foreign.pk}/edit/", edit_data(foreign)).status_code == 404
    assert client.post(f"{URL}{foreign.pk}/delete/", {"revision": 1}).status_code == 404


@pytest.mark.parametrize(
    "role,status",
    [
        ("strategy_editor", 302),
        ("chief_of_staff", 302),
        ("head_of_mission", 403),
        ("component_lead", 403),
        ("desk_officer", 403),
        ("viewer", 403),
    ],
)
def test_each_role_adding_a_stakeholder(client, mission, role, status):
    from tests.factories import ComponentFactory

    component = ComponentFactory(mission=mission) if role == "component_lead" else None
    user = MembershipFactory(mission=mission, role=role, component=component).user
    client.force_login(user)
    assert client.get(URL).status_code == 200
    assert client.post(f"{URL}new/", stakeholder_data()).status_code == status
    assert Stakeholder.objects.filter(mission=mission).exists() == (status == 302)
