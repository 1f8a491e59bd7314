"""The stakeholders on an objective's sheet: those with a stance on the objective first, in a
row group per stakeholder type (the register's order of types), the rest of the register
folded below; a stance recorded for a folded stakeholder saves like any other."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from strategies.models import StakeholderPosition
from tests.factories import PositionFactory, StakeholderFactory
from tests.reviews.assess_data import Sheet, form_data, make_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet(mission) -> Sheet:
    sheet = make_sheet(mission)  # African Union (no stance), Karsh Liberation Front (opposes)
    old = mission.today() - timedelta(days=20)
    for name, kind, stance in (
        ("Zambara Government", "host_government", "supports"),
        ("Aardvark Party", "party", "ambivalent"),
        ("Council Members", "security_council", None),
        ("Women Mediators", "civil_society", None),
        ("Bravo Party", "party", "supports"),
    ):
        stakeholder = StakeholderFactory(mission=mission, name=name, kind=kind)
        if stance:
            PositionFactory(stakeholder=stakeholder, objective=sheet.o1, stance=stance, as_of=old)
    # A stance on another objective does not count as one on this objective.
    PositionFactory(
        stakeholder=mission.stakeholders.get(name="Council Members"), objective=sheet.o2, as_of=old
    )
    return sheet


def url(sheet) -> str:
    return sheet.url("objectives/O1")


def names(html: str) -> list[str]:
    return re.findall(
        r'<tr id="stakeholder-\d+"[^>]*>\s*<th scope="row"><a [^>]*>([^<]+)</a>', html
    )


def groups(html: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", g).strip()
        for g in re.findall(r'class="assess-positions__kind">([^<]+)<span class="count">', html)
    ]


@pytest.mark.parametrize("role", ["chief_of_staff", "viewer"])
def test_those_with_a_stance_come_first_grouped_by_type_the_rest_folded(client, sheet, role):
    client.force_login(sheet.people[role])
    html = client.get(url(sheet)).content.decode()
    section = html.split('id="positions"')[1].split("</section>")[0]
    held, rest = section.split("<details")
    assert names(held) == [
        "Zambara Government",  # host government
        "Aardvark Party",  # political parties, by name
        "Bravo Party",
        "Karsh Liberation Front",  # civil society (the factory's type)
    ]
    assert groups(held) == ["Host government", "Political party", "Civil society"]
    assert names(rest) == ["Council Members", "African Union", "Women Mediators"]
    assert groups(rest) == ["Security Council", "Civil society"]
    summary = rest.split("<summary>")[1].split("</summary>")[0]
    assert summary == "3 other stakeholders, with no stance recorded on this objective"
    assert '<details class="assess-positions-rest">' in section  # folded: not open


def test_a_stance_for_a_folded_stakeholder_saves(client, sheet):
    client.force_login(sheet.people["chief_of_staff"])
    page = client.get(url(sheet)).content.decode()
    union = sheet.stakeholders[0]
    response = client.post(url(sheet), form_data(page, **{f"s{union.pk}-stance": "supports"}))
    assert response.status_code == 302
    assert StakeholderPosition.objects.get(stakeholder=union, objective=sheet.o1).stance == (
        "supports"
    )
    # Now it has a stance, it is listed with the others, first among civil society.
    held = client.get(url(sheet)).content.decode().split('id="positions"')[1].split("<details")[0]
    assert "African Union" in names(held)


def test_a_refused_stance_in_the_folded_part_opens_it(client, sheet):
    client.force_login(sheet.people["chief_of_staff"])
    page = client.get(url(sheet)).content.decode()
    union = sheet.stakeholders[0]
    response = client.post(url(sheet), form_data(page, **{f"s{union.pk}-note": "Said so."}))
    assert response.status_code == 400
    html = response.content.decode()
    assert '<details class="assess-positions-rest" open>' in html
    assert "Choose the stance to record as of today." in html
