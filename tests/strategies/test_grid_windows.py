"""The large grids at 200 stakeholders x 200 objectives (and 40 components): the default view
is a window a person reads, within the HTML budget, and every row and column is reachable by
moving the window or by a filter."""

import re

import pytest

from missions.models import Stakeholder
from strategies.models import Objective
from tests.big_mission import build_large_mission
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BUDGET = 1024 * 1024  # bytes of HTML for a grid's default view


def shown(first: int, last: int, total: int) -> str:
    """How the page says which part of a list it shows."""
    return f"{first}\u2013{last} of {total}"


@pytest.fixture
def big(client):
    chief = UserFactory(username="chief")
    mission = build_large_mission(
        chief,
        acronym="UNBIG",
        stakeholders=200,
        objectives=200,
        components=40,
        reviews=3,
        filled=24,  # the first two windows of columns
    )
    client.force_login(chief)
    return mission


def cells(html: str, prefix: str = "cell-") -> list[str]:
    return re.findall(rf'<td id="{prefix}(\d+-\d+)"', html)


def test_the_grids_show_a_window_within_budget_and_reach_everything_else(client, big):
    positions = client.get("/missions/UNBIG/stakeholders/positions/")
    matrix = client.get("/missions/UNBIG/contributions/")
    trends = client.get("/missions/UNBIG/reviews/trends/")

    for response in (positions, matrix, trends):
        assert response.status_code == 200
        assert len(response.content) < BUDGET, (
            response.request["PATH_INFO"],
            len(response.content),
        )
    positions_html = positions.content.decode()
    assert len(cells(positions_html)) == 40 * 12
    assert shown(1, 40, 200) in positions_html and shown(1, 12, 200) in positions_html
    # The whole matrix is counted, not the window: every stale latest position.
    assert re.search(r"\d{3,} latest positions are older than 180 days", positions_html)
    matrix_html = matrix.content.decode()
    assert len(cells(matrix_html)) == 40 * 12
    assert shown(1, 12, 200) in matrix_html

    # Moving the window reaches the last row and column.
    last_objective = Objective.objects.filter(mission=big).order_by("-code").first()
    last_stakeholder = Stakeholder.objects.filter(mission=big).order_by("-name").first()

    html = client.get(
        "/missions/UNBIG/stakeholders/positions/", {"rows": 160, "columns": 192}
    ).content.decode()

    assert shown(161, 200, 200) in html and shown(193, 200, 200) in html
    assert f'id="cell-{last_stakeholder.pk}-{last_objective.pk}"' in html
    assert 'rel="next"' not in html
    # The links keep the other window where it is.
    assert "rows=160&amp;columns=180" in html or "columns=180&amp;rows=160" in html

    # Filters reach any column and group of stakeholders.
    deep = Objective.objects.get(mission=big, code="O150")
    kind = Stakeholder.Kind.values[1]
    of_kind = Stakeholder.objects.filter(mission=big, kind=kind).count()

    html = client.get(
        "/missions/UNBIG/stakeholders/positions/", {"objective": deep.pk, "kind": kind}
    ).content.decode()

    found = cells(html)
    assert len(found) == min(of_kind, 40)
    assert all(cell.endswith(f"-{deep.pk}") for cell in found)
    assert "O150" in html

    # The contribution matrix filters a component and a level.
    component = big.components.order_by("name").last()

    html = client.get(
        "/missions/UNBIG/contributions/",
        {"component": component.pk, "objective_level": "local"},
    ).content.decode()

    found = cells(html)
    local = Objective.objects.filter(mission=big, levels__contains=["local"]).count()
    assert len(found) == min(local, 12)
    assert all(cell.startswith(f"{component.pk}-") for cell in found)
    assert shown(1, 12, local) in html


def test_cells_built_in_python_escape_what_people_typed(client, mission, editor):
    from tests.factories import (
        ComponentFactory,
        ContributionFactory,
        ObjectiveFactory,
        PositionFactory,
        StakeholderFactory,
    )

    objective = ObjectiveFactory(mission=mission, code="O1")
    stakeholder = StakeholderFactory(mission=mission, name='<b id="x">Bold</b> & co')
    PositionFactory(stakeholder=stakeholder, objective=objective)
    component = ComponentFactory(mission=mission, name="<i>Civil</i> affairs")
    ContributionFactory(
        component=component, objective=objective, narrative="<script>alert(1)</script> talks"
    )
    client.force_login(editor)

    positions = client.get("/missions/UNTEST/stakeholders/positions/").content.decode()
    matrix = client.get("/missions/UNTEST/contributions/").content.decode()

    assert '<b id="x">' not in positions
    assert "the position of &lt;b id=&quot;x&quot;&gt;Bold&lt;/b&gt; &amp; co on O1" in positions
    assert "<i>Civil</i>" not in matrix and "<script>alert(1)" not in matrix
    assert "Edit the contribution of &lt;i&gt;Civil&lt;/i&gt; affairs to O1" in matrix
    assert "&lt;script&gt;alert(1)&lt;/script&gt; talks" in matrix


@pytest.mark.parametrize(
    "query",
    [
        {"rows": "-5", "columns": "abc"},
        {"rows": "9" * 40, "columns": "1e9"},
        {"objective": "999999", "component": "x", "kind": "nonsense", "objective_level": "\x00"},
        {"page": "0"},
        {"page": "-1"},
        {"page": "9" * 40},
    ],
)
def test_grid_and_feed_addresses_people_edit_by_hand_never_fail(client, mission, editor, query):
    from tests.factories import ObjectiveFactory, StakeholderFactory

    ObjectiveFactory(mission=mission, code="O1")
    StakeholderFactory(mission=mission)
    client.force_login(editor)

    for path in ("stakeholders/positions/", "contributions/", "reviews/trends/", "activity/"):
        response = client.get(f"/missions/UNTEST/{path}", query)
        assert response.status_code in (200, 400), (path, response.status_code)
