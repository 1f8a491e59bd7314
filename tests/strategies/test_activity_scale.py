"""The activity feed reads the mission's own events only: with 50,000 events of another
mission in the history tables (newer than all of this mission's, so a scan by time alone
would walk past every one of them), the database's plan for a page touches a few rows."""

import json
from typing import Any

import pghistory
import pytest
from django.db import connection

from missions.need_to_know import reading_as
from strategies.models import Objective, Risk
from strategies.selectors.activity import event_model, feed_rows, mission_activity
from tests.factories import ObjectiveFactory

pytestmark = pytest.mark.django_db

OTHER_EVENTS = 50_000


def flood(model: type, obj_id: int, copies: int) -> None:
    """``copies`` events of another mission's record, each a second newer than the last."""
    table = event_model(model)._meta.db_table
    columns = [f.column for f in event_model(model)._meta.concrete_fields if f.column != "pgh_id"]
    names = ", ".join(f'"{c}"' for c in columns)
    values = ", ".join(
        "now() + g * interval '1 second'" if c == "pgh_created_at" else f'e."{c}"' for c in columns
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{table}" ({names}) SELECT {values} FROM "{table}" e, '
            f"generate_series(1, %s) g WHERE e.pgh_obj_id = %s AND e.pgh_label = 'insert'",
            [copies, obj_id],
        )
        cursor.execute(f'ANALYZE "{table}"')


@pytest.fixture
def crowded(mission, other_mission, editor):
    """Ten changes in this mission; 50,000 of the other mission's, all newer."""
    mine = ObjectiveFactory(mission=mission, code="O1", title="Ours")
    with pghistory.context(user=editor.pk, mission=mission.acronym):
        for n in range(4):
            Objective.objects.filter(pk=mine.pk).update(title=f"Ours, take {n}")
        Risk.objects.create(objective=mine, description="Our risk.", severity="low")
    theirs = ObjectiveFactory(mission=other_mission, code="X1", title="Theirs")
    risk = Risk.objects.create(objective=theirs, description="Their risk.", severity="low")
    flood(Objective, theirs.pk, OTHER_EVENTS - 10_000)
    flood(Risk, risk.pk, 10_000)
    return mine


def rows_touched(plan: Any, tables: set[str]) -> int:
    """Rows the plan's scans of ``tables`` produced or threw away, over all loops."""
    total = 0
    if isinstance(plan, dict):
        if plan.get("Relation Name") in tables:
            loops = plan.get("Actual Loops", 1)
            kept = plan.get("Actual Rows", 0)
            thrown = plan.get("Rows Removed by Filter", 0) + plan.get(
                "Rows Removed by Index Recheck", 0
            )
            total += (kept + thrown) * loops
        for value in plan.values():
            total += rows_touched(value, tables)
    elif isinstance(plan, list):
        total += sum(rows_touched(item, tables) for item in plan)
    return total


def explain(queryset) -> Any:
    return json.loads(queryset.explain(format="json", analyze=True))


def test_a_page_of_the_feed_reads_only_the_missions_events(crowded, mission, editor, reader):
    tables = {event_model(Objective)._meta.db_table, event_model(Risk)._meta.db_table}

    def touched(person: int | None) -> int:
        rows = feed_rows(mission, user_id=person, kind=None, stop=51)[:51]
        return rows_touched(explain(rows), tables)

    # As the system, as a member (need to know applies), for everyone and for one person.
    assert touched(None) < 50
    assert touched(editor.pk) < 50
    with reading_as(reader):
        assert touched(None) < 50
        assert touched(editor.pk) < 50
        page = mission_activity(mission)

    subjects = [entry.subject for entry in page.entries]
    assert "O1: Our risk." in subjects
    assert "O1 Ours, take 3" in subjects
    assert not any("Theirs" in s or "Their risk" in s for s in subjects)
    assert not page.has_next
