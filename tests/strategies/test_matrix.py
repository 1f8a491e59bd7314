"""The contribution matrix: read the grid, set a cell in place, refuse stale saves, and who may."""

import pytest

from strategies.models import Contribution
from strategies.selectors.matrix import matrix
from strategies.services.matrix import contribution_set
from tests.factories import (
    ComponentFactory,
    ContributionFactory,
    MembershipFactory,
    ObjectiveFactory,
    UserFactory,
)
from tests.querycount import page_queries

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def grid(mission):
    """Two components and two objectives; Civil Affairs leads on O1, nothing else is set."""
    civil = ComponentFactory(mission=mission, name="Civil Affairs")
    force = ComponentFactory(mission=mission, name="Force", kind="military")
    o1 = ObjectiveFactory(mission=mission, code="O1", title="Inclusive dialogue")
    o2 = ObjectiveFactory(mission=mission, code="O2", title="Regional guarantors engaged")
    ContributionFactory(
        component=civil, objective=o1, narrative="Brokers local dialogue the talks rely on."
    )
    return {"civil": civil, "force": force, "o1": o1, "o2": o2}


@pytest.fixture
def lead(mission, grid):
    return MembershipFactory(
        mission=mission,
        role="component_lead",
        component=grid["force"],
        user=UserFactory(username="dana"),
    ).user


def cell_url(component, objective) -> str:
    return f"/missions/UNTEST/contributions/{component.pk}/{objective.pk}/"


def test_the_page_shows_cells_totals_and_flags(client, reader, grid):
    client.force_login(reader)
    response = client.get("/missions/UNTEST/contributions/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Civil Affairs" in html and "Force" in html
    assert "Regional guarantors engaged" in html  # accessible column header text
    assert "Brokers local dialogue the talks rely on." in html
    m = response.context["matrix"]
    assert [c.objective.code for c in m.columns] == ["O1", "O2"]
    assert [(c.objective.code, c.total) for c in m.columns] == [("O1", 1), ("O2", 0)]
    assert {r.component.name: r.total for r in m.rows} == {"Civil Affairs": 1, "Force": 0}
    assert "contributes to no objective" in html  # Force
    assert "no component contributes" in html  # O2
    # A reader gets no edit buttons.
    assert 'name="edit"' not in html


def test_editor_sees_an_edit_button_in_every_cell(client, editor, grid):
    client.force_login(editor)
    html = client.get("/missions/UNTEST/contributions/").content.decode()
    assert html.count("Edit the contribution of") == 4


def test_editor_sets_lead_then_support_then_removes(client, editor, grid):
    force, o2 = grid["force"], grid["o2"]
    client.force_login(editor)

    form = client.get(cell_url(force, o2) + "?edit=1", **HTMX)
    assert form.status_code == 200
    assert "autofocus" in form.content.decode()

    created = client.post(
        cell_url(force, o2),
        {"role": "lead", "narrative": "Deters spoilers around the talks.", "revision": ""},
        **HTMX,
    )
    assert created.status_code == 200
    contribution = Contribution.objects.get(component=force, objective=o2)
    assert contribution.role == "lead"
    assert contribution.narrative == "Deters spoilers around the talks."
    html = created.content.decode()
    assert "Deters spoilers around the talks." in html
    assert 'hx-swap-oob="true"' in html  # totals refreshed in place
    assert "no component contributes" not in html

    updated = client.post(
        cell_url(force, o2),
        {"role": "support", "narrative": "Secures the venues.", "revision": contribution.revision},
        **HTMX,
    )
    assert updated.status_code == 200
    contribution.refresh_from_db()
    assert (contribution.role, contribution.revision) == ("support", 2)

    removed = client.post(
        cell_url(force, o2), {"role": "none", "narrative": "", "revision": 2}, **HTMX
    )
    assert removed.status_code == 200
    assert not Contribution.objects.filter(component=force, objective=o2).exists()
    assert "contributes to no objective" in removed.content.decode()


def test_without_javascript_the_form_is_a_page_and_a_save_redirects(client, editor, grid):
    force, o2 = grid["force"], grid["o2"]
    client.force_login(editor)
    page = client.get(cell_url(force, o2) + "?edit=1")
    assert page.status_code == 200
    assert "<html" in page.content.decode()
    response = client.post(cell_url(force, o2), {"role": "support", "narrative": "Patrols."})
    assert response.status_code == 302
    assert response.url == f"/missions/UNTEST/contributions/#cell-{force.pk}-{o2.pk}"
    assert Contribution.objects.get(component=force, objective=o2).role == "support"
    # The plain display URL sends a browser back to the matrix.
    assert client.get(cell_url(force, o2)).status_code == 302


def test_a_stale_save_is_refused_showing_both_sides_and_keeping_input(client, editor, grid):
    civil, o1 = grid["civil"], grid["o1"]
    contribution = Contribution.objects.get(component=civil, objective=o1)
    read_at = contribution.revision
    # Someone else saves first.
    contribution_set(
        component=civil,
        objective=o1,
        role="support",
        narrative="Their newer wording.",
        expected_revision=read_at,
        by=editor,
    )
    client.force_login(editor)
    for extra in ({}, HTMX):
        response = client.post(
            cell_url(civil, o1),
            {"role": "lead", "narrative": "My careful narrative.", "revision": read_at},
            **extra,
        )
        assert response.status_code == 409
        html = response.content.decode()
        assert "Someone else saved this after you opened it" in html
        assert "Their newer wording." in html  # theirs
        assert "My careful narrative." in html  # mine, kept in the form
        # The next save is checked against the revision the user has now seen.
        assert f'name="revision" value="{read_at + 1}"' in html
    contribution.refresh_from_db()
    assert (contribution.role, contribution.narrative) == ("support", "Their newer wording.")


def test_a_cell_created_meanwhile_by_someone_else_is_a_conflict(client, editor, grid):
    force, o2 = grid["force"], grid["o2"]
    ContributionFactory(component=force, objective=o2, role="support", narrative="First in.")
    client.force_login(editor)
    response = client.post(
        cell_url(force, o2), {"role": "lead", "narrative": "Mine.", "revision": ""}, **HTMX
    )
    assert response.status_code == 409
    assert Contribution.objects.get(component=force, objective=o2).narrative == "First in."


def test_a_removal_against_a_changed_cell_is_refused(client, editor, grid):
    civil, o1 = grid["civil"], grid["o1"]
    contribution = Contribution.objects.get(component=civil, objective=o1)
    Contribution.objects.filter(pk=contribution.pk).update(revision=5)
    client.force_login(editor)
    response = client.post(cell_url(civil, o1), {"role": "none", "revision": 1}, **HTMX)
    assert response.status_code == 409
    assert Contribution.objects.filter(pk=contribution.pk).exists()


def test_a_bad_role_is_told_beside_the_field_and_the_narrative_kept(client, editor, grid):
    client.force_login(editor)
    response = client.post(
        cell_url(grid["force"], grid["o2"]),
        {"role": "boss", "narrative": "Typed with care."},
        **HTMX,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice. boss is not one of the available choices." in html
    assert 'class="field__error"' in html
    assert "Typed with care." in html
    assert not Contribution.objects.filter(component=grid["force"]).exists()


def test_component_lead_edits_their_own_row_only(client, lead, grid):
    force, civil, o1, o2 = grid["force"], grid["civil"], grid["o1"], grid["o2"]
    client.force_login(lead)
    html = client.get("/missions/UNTEST/contributions/").content.decode()
    assert html.count("Edit the contribution of Force") == 2
    assert "Edit the contribution of Civil Affairs" not in html

    response = client.post(cell_url(force, o1), {"role": "support", "narrative": "Escorts."})
    assert response.status_code == 302
    assert Contribution.objects.get(component=force, objective=o1).role == "support"

    assert client.get(cell_url(civil, o2) + "?edit=1").status_code == 403
    response = client.post(cell_url(civil, o2), {"role": "lead", "narrative": "Not mine."})
    assert response.status_code == 403
    assert not Contribution.objects.filter(component=civil, objective=o2).exists()


def test_viewer_reads_but_cannot_post(client, reader, grid):
    client.force_login(reader)
    url = cell_url(grid["force"], grid["o2"])
    assert client.get(url, **HTMX).status_code == 200
    assert client.get(url + "?edit=1").status_code == 403
    assert client.post(url, {"role": "lead", "narrative": "x"}).status_code == 403
    assert not Contribution.objects.filter(component=grid["force"]).exists()


def test_outsider_gets_404_on_page_cell_and_post(client, outsider, grid):
    client.force_login(outsider)
    url = cell_url(grid["force"], grid["o2"])
    assert client.get("/missions/UNTEST/contributions/").status_code == 404
    assert client.get(url + "?edit=1").status_code == 404
    assert client.post(url, {"role": "lead", "narrative": "x"}).status_code == 404
    assert not Contribution.objects.filter(component=grid["force"]).exists()


def test_a_cell_of_another_mission_is_404(client, editor, grid, other_mission):
    foreign = ComponentFactory(mission=other_mission)
    client.force_login(editor)
    response = client.post(cell_url(foreign, grid["o1"]), {"role": "lead", "narrative": "x"})
    assert response.status_code == 404


def test_the_matrix_costs_the_same_for_5_and_60_rows_and_columns(client, editor, mission):
    def grow(n: int) -> None:
        for _ in range(n):
            component = ComponentFactory(mission=mission)
            objective = ObjectiveFactory(mission=mission)
            ContributionFactory(component=component, objective=objective)

    def count() -> int:
        return len(page_queries(client, "/missions/UNTEST/contributions/"))

    client.force_login(editor)
    grow(5)
    small = count()
    grow(55)
    large = count()
    assert matrix(mission).column_span.total == 60
    assert large == small
    assert small <= 15
