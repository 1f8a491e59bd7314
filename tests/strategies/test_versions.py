"""The head of mission approves the working strategy as numbered, immutable versions, and any
two versions (or a version and the draft) compare in words a desk officer can read."""

from __future__ import annotations

import copy
import threading
from datetime import date

import pghistory
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import ProgrammingError, connection, transaction
from django.test.utils import CaptureQueriesContext

from missions.models import EndState
from strategies.models import (
    Assumption,
    DriverObjective,
    Objective,
    ProgressMarker,
    Risk,
    StrategyVersion,
    TaskAlignment,
)
from strategies.versions import strategy_snapshot, version_approve, version_compare
from tests.factories import (
    ComponentFactory,
    ContributionFactory,
    DriverFactory,
    ExitConditionFactory,
    MandateFactory,
    MarkerFactory,
    MembershipFactory,
    ObjectiveFactory,
    PositionFactory,
    StakeholderFactory,
    TaskFactory,
    UserFactory,
)


@pytest.fixture
def hom(mission):
    return MembershipFactory(
        mission=mission, role="head_of_mission", user=UserFactory(username="miriam")
    ).user


def build_strategy(mission) -> dict[str, object]:
    """A small strategy with one of everything a snapshot holds."""
    end_state = mission.current_end_state
    ExitConditionFactory(end_state=end_state, description="Elections held peacefully.")
    owner = UserFactory(username="owner", first_name="Ada", last_name="Njoroge")
    o1 = ObjectiveFactory(
        mission=mission, code="O1", title="A political settlement", priority=2, owner=owner
    )
    o2 = ObjectiveFactory(
        mission=mission, code="O2", title="Local peace", levels=["local", "national"], parent=o1
    )
    o10 = ObjectiveFactory(mission=mission, code="O10", title="Last by number")
    Assumption.objects.create(objective=o1, statement="The parties stay at the table.")
    Risk.objects.create(objective=o1, description="Spoilers walk out.", severity="high")
    ProgressMarker.objects.create(
        objective=o1, statement="Monthly meetings.", baseline="none", reading_on=date(2026, 1, 5)
    )
    component = ComponentFactory(mission=mission, name="Civil Affairs")
    ContributionFactory(component=component, objective=o2, role="support")
    mandate = MandateFactory(mission=mission, symbol="S/RES/2800 (2026)")
    task = TaskFactory(mandate=mandate, reference="29 (a)", is_strategic_priority=True, phase=1)
    TaskFactory(mandate=mandate, reference="29 (b)")
    TaskAlignment.objects.create(task=task, objective=o1)
    TaskAlignment.objects.create(task=task, objective=o2)
    stakeholder = StakeholderFactory(mission=mission, name="African Union")
    PositionFactory(stakeholder=stakeholder, objective=o1, stance="opposes", as_of=date(2025, 1, 1))
    PositionFactory(
        stakeholder=stakeholder, objective=o1, stance="supports", as_of=date(2026, 2, 1)
    )
    driver = DriverFactory(mission=mission, title="Land disputes", level="local")
    DriverObjective.objects.create(driver=driver, objective=o2)
    return {"o1": o1, "o2": o2, "o10": o10}


# Snapshot ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_snapshot_holds_the_whole_strategy_by_natural_keys(mission):
    build_strategy(mission)

    snapshot = strategy_snapshot(mission=mission)

    assert snapshot["end_state"]["statement"] == mission.current_end_state.statement
    assert snapshot["end_state"]["adopted_on"] == "2024-01-01"
    assert [c["description"] for c in snapshot["exit_conditions"]] == ["Elections held peacefully."]
    assert [o["code"] for o in snapshot["objectives"]] == ["O1", "O2", "O10"]
    o1, o2 = snapshot["objectives"][:2]
    assert o1["owner"] == "Ada Njoroge"
    assert o1["priority"] == 2
    assert o1["assumptions"] == [{"statement": "The parties stay at the table.", "rating": "holds"}]
    assert o1["risks"][0]["severity"] == "high"
    assert o1["markers"][0]["reading_on"] == "2026-01-05"
    assert o2["parent"] == "O1"
    assert o2["levels"] == ["local", "national"]
    assert snapshot["contributions"] == [
        {
            "component": "Civil Affairs",
            "objective": "O2",
            "role": "support",
            "narrative": "Opens space for the dialogue the objective needs.",
        }
    ]
    alignments = {a["task"]: a for a in snapshot["alignments"]}
    assert alignments["29 (a)"]["objectives"] == ["O1", "O2"]
    assert alignments["29 (a)"]["is_strategic_priority"] is True
    assert alignments["29 (a)"]["mandate"] == "S/RES/2800 (2026)"
    assert alignments["29 (b)"]["objectives"] == []
    # Only the latest position per stakeholder and objective.
    assert snapshot["positions"] == [
        {
            "stakeholder": "African Union",
            "objective": "O1",
            "stance": "supports",
            "as_of": "2026-02-01",
            "note": "",
        }
    ]
    assert snapshot["drivers"][0]["title"] == "Land disputes"
    assert snapshot["drivers"][0]["objectives"] == ["O2"]
    # No database ids anywhere: versions compare by meaning.
    assert '"id"' not in str(snapshot).replace("'", '"')


@pytest.mark.django_db
def test_the_snapshot_costs_the_same_number_of_queries_at_any_size(mission, other_mission):
    def count(m) -> int:
        with CaptureQueriesContext(connection) as ctx:
            strategy_snapshot(mission=m)
        return len(ctx.captured_queries)

    build_strategy(mission)
    EndState.objects.create(mission=other_mission, statement="x", adopted_on=date(2024, 1, 1))
    build_strategy(other_mission)
    for i in range(20):
        objective = ObjectiveFactory(mission=other_mission, code=f"X{i}")
        MarkerFactory(objective=objective)
        ContributionFactory(objective=objective)
        PositionFactory(stakeholder=StakeholderFactory(mission=other_mission), objective=objective)

    assert count(mission) == count(other_mission)


# Approve -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_approving_numbers_versions_1_then_2_and_freezes_each_snapshot(mission, hom):
    objectives = build_strategy(mission)

    first = version_approve(mission=mission, by=hom, note="  First approved strategy.  ")
    with pghistory.context(user=hom.pk, mission=mission.acronym):
        Objective.objects.filter(pk=objectives["o1"].pk).update(priority=1)
    second = version_approve(mission=mission, by=hom, note="Raised O1.")

    assert (first.number, second.number) == (1, 2)
    assert first.note == "First approved strategy."
    assert first.approved_by == hom
    assert first.end_state == mission.current_end_state
    first.refresh_from_db()
    assert first.snapshot["objectives"][0]["priority"] == 2
    assert second.snapshot["objectives"][0]["priority"] == 1
    # The draft stays editable after approval.
    assert Objective.objects.get(pk=objectives["o1"].pk).priority == 1


@pytest.mark.django_db
def test_approving_without_an_end_state_is_refused_with_a_clear_message(mission, hom):
    EndState.objects.filter(mission=mission).delete()

    with pytest.raises(ValidationError, match="political end state"):
        version_approve(mission=mission, by=hom, note="")
    assert not StrategyVersion.objects.exists()


@pytest.mark.django_db
def test_the_service_refuses_a_member_without_the_right(mission, editor):
    with pytest.raises(PermissionDenied):
        version_approve(mission=mission, by=editor, note="Not mine to approve.")
    assert not StrategyVersion.objects.exists()


@pytest.mark.django_db
def test_a_version_row_cannot_be_updated(mission, hom):
    version = version_approve(mission=mission, by=hom, note="Frozen.")

    with pytest.raises(ProgrammingError, match="Cannot update"), transaction.atomic():
        StrategyVersion.objects.filter(pk=version.pk).update(note="rewritten")
    version.refresh_from_db()
    assert version.note == "Frozen."


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_the_same_moment_get_distinct_numbers(mission, hom):
    build_strategy(mission)
    start = threading.Barrier(2)
    results: list[object] = []

    def approve(note: str) -> None:
        try:
            start.wait()
            results.append(version_approve(mission=mission, by=hom, note=note).number)
        except Exception as error:  # the test reports whatever went wrong
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(f"Approval {i}",)) for i in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results) == [1, 2]
    assert sorted(StrategyVersion.objects.values_list("number", flat=True)) == [1, 2]


# Compare (pure: no database) ---------------------------------------------------------------


def objective(code: str, **fields) -> dict[str, object]:
    return {
        "code": code,
        "title": f"Objective {code}",
        "description": "",
        "levels": ["national"],
        "parent": None,
        "priority": 2,
        "phase": 1,
        "status": "active",
        "owner": "",
        "assumptions": [],
        "risks": [],
        "markers": [],
        **fields,
    }


def snapshot(*objectives, **lists) -> dict[str, object]:
    return {"schema": 1, "end_state": None, "objectives": list(objectives), **lists}


def section(sections, key):
    return next(s for s in sections if s.key == key)


def test_compare_finds_added_removed_and_changed_objectives():
    old = snapshot(objective("O1"), objective("O2"), objective("O3"))
    new = snapshot(objective("O1"), objective("O2", priority=1), objective("O4"))

    changes = section(version_compare(old, new), "objectives").changes

    assert [(c.kind, c.subject) for c in changes] == [
        ("changed", "O2 Objective O2"),
        ("added", "O4 Objective O4"),
        ("removed", "O3 Objective O3"),
    ]
    assert changes[0].details == [("Priority", "Medium", "High")]


def test_compare_says_levels_statuses_and_ratings_in_words():
    old = snapshot(
        objective(
            "O1",
            levels=["national"],
            assumptions=[{"statement": "Talks continue.", "rating": "holds"}],
            risks=[{"description": "Walk-out.", "severity": "low", "mitigation": ""}],
        )
    )
    new = snapshot(
        objective(
            "O1",
            levels=["national", "local"],
            status="achieved",
            assumptions=[
                {"statement": "Talks continue.", "rating": "under_strain"},
                {"statement": "Donors stay.", "rating": "holds"},
            ],
        )
    )

    (change,) = section(version_compare(old, new), "objectives").changes

    assert change.kind == "changed"
    assert ("Levels of engagement", "National", "National, Sub-national / local") in change.details
    assert ("Status", "Active", "Achieved") in change.details
    assert ("Assumption “Talks continue.”: rating", "Holds", "Under strain") in change.details
    assert ("Assumption added", "—", "Donors stay. (Holds)") in change.details
    assert ("Risk removed", "Walk-out. (Low)", "—") in change.details


def test_compare_matches_other_records_by_natural_key():
    old = snapshot(
        contributions=[{"component": "Force", "objective": "O1", "role": "lead", "narrative": ""}],
        positions=[
            {"stakeholder": "AU", "objective": "O1", "stance": "unknown", "as_of": "2025-01-01"}
        ],
        drivers=[{"title": "Land", "level": "local", "objectives": []}],
        exit_conditions=[{"description": "Calm.", "kind": "security", "status": "not_met"}],
        alignments=[
            {"mandate": "S/1", "task": "3", "objectives": [], "is_strategic_priority": False}
        ],
    )
    new = snapshot(
        contributions=[
            {"component": "Force", "objective": "O1", "role": "support", "narrative": ""}
        ],
        positions=[
            {"stakeholder": "AU", "objective": "O1", "stance": "supports", "as_of": "2026-03-02"}
        ],
        drivers=[{"title": "Land", "level": "national", "objectives": ["O1"]}],
        exit_conditions=[{"description": "Calm.", "kind": "security", "status": "partly_met"}],
        alignments=[
            {"mandate": "S/1", "task": "3", "objectives": ["O1"], "is_strategic_priority": True}
        ],
    )

    sections = {s.key: s.changes for s in version_compare(old, new)}

    assert sections["contributions"][0].subject == "Force → O1"
    assert sections["contributions"][0].details == [("Role", "Lead", "Support")]
    assert sections["positions"][0].subject == "AU on O1"
    assert ("Stance", "Unknown", "Supports") in sections["positions"][0].details
    assert ("As of", "1 Jan 2025", "2 Mar 2026") in sections["positions"][0].details
    assert ("Level", "Sub-national / local", "National") in sections["drivers"][0].details
    assert ("Addressed by objectives", "—", "O1") in sections["drivers"][0].details
    assert sections["exit_conditions"][0].details == [("Status", "Not met", "Partly met")]
    assert sections["alignments"][0].subject == "OP 3 (S/1)"
    assert ("Strategic priority", "No", "Yes") in sections["alignments"][0].details


def test_comparing_a_snapshot_with_itself_finds_nothing():
    old = snapshot(objective("O1", assumptions=[{"statement": "A", "rating": "holds"}]))

    assert all(not s.changes for s in version_compare(old, copy.deepcopy(old)))


# Pages -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_compare_page_shows_a_priority_change_in_words(client, mission, hom, reader):
    objectives = build_strategy(mission)
    version_approve(mission=mission, by=hom, note="One.")
    Objective.objects.filter(pk=objectives["o1"].pk).update(priority=1)
    version_approve(mission=mission, by=hom, note="Two.")
    client.force_login(reader)

    response = client.get("/missions/UNTEST/versions/compare/?from=1&to=2")

    assert response.status_code == 200
    html = response.content.decode()
    assert "O1 A political settlement" in html
    assert "Priority" in html
    assert "<del>Medium</del>" in html
    assert "<ins>High</ins>" in html
    assert "1 change" in html


@pytest.mark.django_db
def test_the_compare_page_compares_the_draft_and_says_when_nothing_changed(
    client, mission, hom, reader
):
    build_strategy(mission)
    version_approve(mission=mission, by=hom, note="One.")
    client.force_login(reader)

    same = client.get("/missions/UNTEST/versions/compare/?from=1&to=draft")
    ObjectiveFactory(mission=mission, code="O7", title="Brand new")
    added = client.get("/missions/UNTEST/versions/compare/")

    assert "Nothing changed from version 1 to the working draft." in same.content.decode()
    html = added.content.decode()
    assert added.status_code == 200
    assert "Added" in html
    assert "<ins>O7 Brand new</ins>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?from=9&to=draft", "?from=abc&to=1", "?from=1&to=-3"])
def test_the_compare_page_explains_a_version_that_does_not_exist(client, mission, hom, query):
    version_approve(mission=mission, by=hom, note="One.")
    client.force_login(hom)

    response = client.get(f"/missions/UNTEST/versions/compare/{query}")

    assert response.status_code == 200
    assert "of this strategy. Choose from the list." in response.content.decode()


@pytest.mark.django_db
def test_the_version_page_shows_the_snapshot_read_only(client, mission, hom, reader):
    build_strategy(mission)
    version_approve(mission=mission, by=hom, note="Our first strategy.")
    Objective.objects.filter(mission=mission, code="O1").update(title="Renamed after approval")
    client.force_login(reader)

    response = client.get("/missions/UNTEST/versions/1/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Version 1" in html
    assert "Our first strategy." in html
    assert "A political settlement" in html  # as approved, not as edited since
    assert "Renamed after approval" not in html
    assert "The parties stay at the table." in html
    assert "Civil Affairs" in html
    assert "Land disputes" in html
    assert "Elections held peacefully." in html
    assert "African Union" in html
    assert "<form" not in html.split('<main id="main"')[1].split("</main>")[0]


@pytest.mark.django_db
def test_a_missing_version_is_404(client, mission, reader):
    client.force_login(reader)
    assert client.get("/missions/UNTEST/versions/3/").status_code == 404


@pytest.mark.django_db
def test_the_head_approves_through_the_page_and_lands_on_the_new_version(client, mission, hom):
    build_strategy(mission)
    client.force_login(hom)

    page = client.get("/missions/UNTEST/versions/")
    response = client.post("/missions/UNTEST/versions/approve/", {"note": "Approved in council."})

    assert "Approve the working draft as version 1" in page.content.decode()
    assert response.status_code == 302
    assert response.url == "/missions/UNTEST/versions/1/"
    follow = client.get(response.url)
    assert "Version 1 approved." in follow.content.decode()
    listing = client.get("/missions/UNTEST/versions/").content.decode()
    assert "Approved in council." in listing
    assert "Approve the working draft as version 2" in listing
    # With one version, the compare form offers that version against the draft.
    assert '<option value="1" selected>Version 1</option>' in listing
    assert '<option value="draft" selected>' in listing


@pytest.mark.django_db
def test_an_approval_without_a_note_shows_the_error_beside_the_field(client, mission, hom):
    client.force_login(hom)

    response = client.post("/missions/UNTEST/versions/approve/", {"note": "  "})

    assert response.status_code == 200
    assert 'class="field__error"' in response.content.decode()
    assert not StrategyVersion.objects.exists()


@pytest.mark.django_db
def test_approving_without_an_end_state_says_why_on_the_page(client, mission, hom):
    EndState.objects.filter(mission=mission).delete()
    client.force_login(hom)

    response = client.post("/missions/UNTEST/versions/approve/", {"note": "Try."}, follow=True)

    assert "political end state before approving" in response.content.decode()
    assert not StrategyVersion.objects.exists()


@pytest.mark.django_db
def test_approve_refuses_get(client, mission, hom):
    client.force_login(hom)
    assert client.get("/missions/UNTEST/versions/approve/").status_code == 405
