"""The mission's activity feed and each record's history: who changed what, when, from what to
what, in words, filtered by person and by kind of record."""

import pghistory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from strategies.models import Objective, Risk
from strategies.selectors.activity import record_history
from tests.factories import MembershipFactory, ObjectiveFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vacuumed_history")]

FEED = "/missions/UNTEST/activity/"


@pytest.fixture
def dana(mission):
    return MembershipFactory(
        mission=mission,
        role="chief_of_staff",
        user=UserFactory(username="dana", first_name="Dana", last_name="Okafor"),
    ).user


def edit(user, objective: Objective, **values) -> None:
    """A change as a request under /missions/UNTEST/ records it: who, and in which mission."""
    with pghistory.context(user=user.pk, mission="UNTEST"):
        Objective.objects.filter(pk=objective.pk).update(**values)


def test_an_edit_appears_in_the_feed_with_who_and_the_old_and_new_values(
    client, mission, editor, reader
):
    objective = ObjectiveFactory(mission=mission, code="O2", title="Old title", priority=2)
    edit(editor, objective, title="New title", priority=1, levels=["national", "local"])
    client.force_login(reader)

    response = client.get(FEED)

    assert response.status_code == 200
    html = response.content.decode()
    assert editor.get_full_name() in html
    assert "O2 New title" in html
    for words in ("Title", "Old title", "New title", "Priority", "Medium", "High"):
        assert words in html, words
    assert "National, Sub-national / local" in html
    assert f"/missions/UNTEST/history/objective/{objective.pk}/" in html


def test_changes_made_outside_a_request_still_belong_to_the_mission(client, mission, reader):
    objective = ObjectiveFactory(mission=mission, code="O3", title="Made by a command")
    Risk.objects.create(objective=objective, description="A quiet risk.", severity="low")
    client.force_login(reader)

    html = client.get(FEED).content.decode()

    assert "O3 Made by a command" in html
    assert "A quiet risk." in html
    assert "System" in html


def test_the_feed_shows_nothing_of_another_mission(client, mission, other_mission, reader, dana):
    foreign = ObjectiveFactory(mission=other_mission, code="X1", title="Somewhere else")
    with pghistory.context(user=dana.pk, mission="UNOTHER"):
        Objective.objects.filter(pk=foreign.pk).update(title="Still elsewhere")
    client.force_login(reader)

    html = client.get(FEED).content.decode()

    assert "Somewhere else" not in html
    assert "Still elsewhere" not in html


def test_the_feed_filters_by_person(client, mission, editor, reader, dana):
    o1 = ObjectiveFactory(mission=mission, code="O1", title="First")
    o2 = ObjectiveFactory(mission=mission, code="O2", title="Second")
    edit(editor, o1, title="Edited by the editor")
    edit(dana, o2, title="Edited by Dana")
    client.force_login(reader)

    page = client.get(FEED, {"person": dana.pk}).content.decode()

    assert "Edited by Dana" in page
    assert "Edited by the editor" not in page
    assert f'<option value="{dana.pk}" selected>Dana Okafor</option>' in page


def test_the_feed_filters_by_kind_of_record(client, mission, editor, reader):
    objective = ObjectiveFactory(mission=mission, code="O1", title="An objective")
    with pghistory.context(user=editor.pk, mission="UNTEST"):
        Risk.objects.create(objective=objective, description="Spoilers.", severity="high")
    client.force_login(reader)

    risks = client.get(FEED, {"kind": "risk"}).content.decode()
    objectives = client.get(FEED, {"kind": "objective"}).content.decode()

    assert "Spoilers." in risks
    assert "O1 An objective" not in risks.split('id="changes-title"')[1]
    assert "Spoilers." not in objectives
    assert "O1 An objective" in objectives


def test_a_bad_filter_is_explained_not_a_crash(client, mission, reader):
    client.force_login(reader)

    response = client.get(FEED, {"person": "999999", "kind": "nonsense"})

    assert response.status_code == 200
    assert 'class="field__error"' in response.content.decode()


def test_the_feed_pages_by_50(client, mission, editor, reader):
    objective = ObjectiveFactory(mission=mission, code="O1")
    for n in range(60):
        edit(editor, objective, phase=1 + n % 9)
    client.force_login(reader)

    first = client.get(FEED)
    second = client.get(FEED, {"page": 2})

    assert len(first.context["entries"]) == 50
    assert len(second.context["entries"]) == 11  # 60 edits and the creation
    assert 'rel="next"' in first.content.decode()
    assert 'rel="next"' not in second.content.decode()
    assert 'rel="prev"' in second.content.decode()


def test_the_record_history_page_shows_who_when_from_and_to(client, mission, editor, reader):
    objective = ObjectiveFactory(mission=mission, code="O4", title="Before", priority=3)
    edit(editor, objective, title="After", priority=2)
    client.force_login(reader)

    response = client.get(f"/missions/UNTEST/history/objective/{objective.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>O4 After</h1>" in html
    assert editor.get_full_name() in html
    assert "<time datetime=" in html
    assert "Before" in html and "After" in html
    assert "Low" in html and "Medium" in html
    assert "created" in html and "changed" in html


def test_record_history_resolves_people_and_linked_records_to_names(mission, editor, dana):
    parent = ObjectiveFactory(mission=mission, code="O1", title="Parent")
    child = ObjectiveFactory(mission=mission, code="O1.1", title="Child")
    edit(editor, child, parent=parent.pk, owner=dana.pk)

    newest = record_history(child)[0]

    assert newest.who == editor.get_full_name()
    assert newest.what == "changed"
    assert ("Parent", "—", "O1 Parent") in newest.changes
    assert ("Owner", "—", "Dana Okafor") in newest.changes
    assert all(change.label != "Revision" for change in newest.changes)


def test_a_deleted_record_keeps_its_history_page(client, mission, editor, reader):
    objective = ObjectiveFactory(mission=mission, code="O9", title="Short-lived")
    risk = Risk.objects.create(objective=objective, description="Gone soon.", severity="low")
    pk = risk.pk
    with pghistory.context(user=editor.pk, mission="UNTEST"):
        risk.delete()
    client.force_login(reader)

    html = client.get(f"/missions/UNTEST/history/risk/{pk}/").content.decode()

    assert "Gone soon." in html
    assert "deleted" in html


def test_the_outsider_gets_404(client, mission, outsider):
    objective = ObjectiveFactory(mission=mission)
    client.force_login(outsider)

    assert client.get(FEED).status_code == 404
    assert client.get(f"/missions/UNTEST/history/objective/{objective.pk}/").status_code == 404


def count_queries(client, url: str, events: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["entries"]) == events
    return len(ctx.captured_queries)


def test_the_feed_costs_the_same_number_of_queries_for_5_and_50_events(
    client, mission, editor, reader, dana
):
    client.force_login(reader)
    parent = ObjectiveFactory(mission=mission, code="O1")
    objective = ObjectiveFactory(mission=mission, code="O2", priority=2)

    def add_edits(n: int) -> None:
        for i in range(n):
            edit(editor if i % 2 else dana, objective, phase=1 + i % 9, parent=parent.pk)

    add_edits(2)  # the end state and 2 objectives created, 2 edits
    small = count_queries(client, FEED, 5)
    add_edits(45)  # 50 events
    large = count_queries(client, FEED, 50)

    assert small == large
