"""Findings about mandated tasks: procedural paragraphs are none, the rest come in paragraph
order (OP 2 before OP 10), each links to its task's row, and every subject is written in the
reader's language when it is read."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import date_format

from mandates.parsing import parse_resolution
from mandates.services import mandate_import
from strategies.selectors.alignment import mandate_alignment
from strategies.selectors.findings import findings_for_mission
from tests.factories import MandateFactory, ObjectiveFactory, TaskFactory
from tests.mandates.resolutions import RES_2729, as_text
from tests.querycount import assert_same_count, page_queries

pytestmark = pytest.mark.django_db

SYMBOL = "S/RES/2729 (2024)"


def unaligned(mission, acronym: str = "UNTEST"):
    return [f for f in findings_for_mission(mission.pk, acronym) if f.rule.code == "unaligned_task"]


@pytest.fixture
def imported(mission, editor):
    return mandate_import(mission=mission, parsed=parse_resolution(as_text(RES_2729)), by=editor)


def test_procedural_paragraphs_are_no_finding_and_not_unaligned(client, editor, mission, imported):
    procedural = {"1", "7", "8"}  # extension, report every 90 days, remains seized
    assert set(imported.tasks.filter(is_procedural=True).values_list("reference", flat=True)) == (
        procedural
    )
    subjects = [f.subject for f in unaligned(mission)]
    assert len(subjects) == imported.tasks.count() - len(procedural)
    for reference in procedural:
        assert f"OP {reference} ({SYMBOL})" not in subjects

    alignment = mandate_alignment(mission, user=editor)
    assert (alignment.summary.unaligned, alignment.summary.procedural) == (23, 3)
    assert not any(row.is_unaligned for row in alignment.rows if row.task.is_procedural)

    client.force_login(editor)
    page = client.get("/missions/UNTEST/alignment/").content.decode()
    seized = imported.tasks.get(reference="8")
    row = page[page.index(f'id="task-{seized.pk}"') :]
    row = row[: row.index("</li>")]
    assert "Procedural" in row and "badge--danger" not in row
    only_unaligned = client.get("/missions/UNTEST/alignment/?unaligned=1").content.decode()
    assert f'id="task-{seized.pk}"' not in only_unaligned
    task_11 = imported.tasks.get(reference="3 (a) (i)")
    assert f'id="task-{task_11.pk}"' in only_unaligned


def test_an_editor_corrects_the_mark_after_import(client, editor, mission, imported):
    client.force_login(editor)
    seized = imported.tasks.get(reference="8")
    url = f"/missions/UNTEST/alignment/tasks/{seized.pk}/"
    form = client.get(url + "?edit=1").content.decode()
    assert re.search(r'<input[^>]*name="is_procedural"[^>]*checked', form)
    assert 'name="objectives"' not in form  # a procedural paragraph is not offered objectives

    response = client.post(url, {"revision": seized.revision})  # "Procedural" unticked
    assert response.status_code == 302
    assert response.url == f"/missions/UNTEST/alignment/#task-{seized.pk}"
    assert f"OP 8 ({SYMBOL})" in [f.subject for f in unaligned(mission)]

    # Marking a task procedural while it serves objectives is told beside them; nothing saved.
    task = imported.tasks.get(reference="3 (a) (i)")
    objective = ObjectiveFactory(mission=mission, code="O1", title="Civilians protected")
    response = client.post(
        f"/missions/UNTEST/alignment/tasks/{task.pk}/",
        {"revision": task.revision, "objectives": [objective.pk], "is_procedural": "on"},
    )
    assert response.status_code == 400
    assert "A procedural paragraph serves no objective" in response.content.decode()
    task.refresh_from_db()
    assert not task.is_procedural and not task.alignments.exists()
    response = client.post(
        f"/missions/UNTEST/alignment/tasks/{task.pk}/",
        {"revision": task.revision, "is_procedural": "on"},
    )
    assert response.status_code == 302
    assert f"OP 3 (a) (i) ({SYMBOL})" not in [f.subject for f in unaligned(mission)]


def _paragraphs(mission) -> dict[str, object]:
    """OP 1, 2 with (a), (a) (i), (b), 10 and 11, saved out of order."""
    mandate = MandateFactory(mission=mission, symbol="S/RES/2800 (2025)")
    order = ["1", "2", "2 (a)", "2 (a) (i)", "2 (b)", "10", "11"]
    return {
        reference: TaskFactory(
            mandate=mandate, reference=reference, position=order.index(reference) + 1
        )
        for reference in ["10", "2 (b)", "1", "11", "2 (a) (i)", "2", "2 (a)"]
    }


def test_task_findings_come_in_paragraph_order(mission):
    _paragraphs(mission)
    assert [f.subject.split(" (")[0] for f in unaligned(mission)] == [
        "OP 1", "OP 2", "OP 2", "OP 2", "OP 2", "OP 10", "OP 11",
    ]  # fmt: skip
    assert [f.subject.removesuffix(" (S/RES/2800 (2025))") for f in unaligned(mission)] == [
        "OP 1", "OP 2", "OP 2 (a)", "OP 2 (a) (i)", "OP 2 (b)", "OP 10", "OP 11",
    ]  # fmt: skip


def test_tasks_saved_without_a_place_sort_by_their_numbers(mission):
    mandate = MandateFactory(mission=mission, symbol="S/RES/2800 (2025)")
    for reference in ["11", "2", "10", "1", "2 (a)"]:
        TaskFactory(mandate=mandate, reference=reference, position=0)
    assert [f.subject.removesuffix(" (S/RES/2800 (2025))") for f in unaligned(mission)] == [
        "OP 1", "OP 2", "OP 2 (a)", "OP 10", "OP 11",
    ]  # fmt: skip


def test_a_task_finding_links_to_the_task_row(client, reader, mission):
    tasks = _paragraphs(mission)
    finding = next(f for f in unaligned(mission) if f.pk == tasks["10"].pk)
    assert finding.url == f"/missions/UNTEST/alignment/#task-{tasks['10'].pk}"

    client.force_login(reader)
    overview = client.get("/missions/UNTEST/").content.decode()
    assert f'href="/missions/UNTEST/alignment/#task-{tasks["1"].pk}">OP 1 (' in overview
    alignment = client.get("/missions/UNTEST/alignment/").content.decode()
    assert f'id="task-{tasks["10"].pk}"' in alignment


def test_see_all_opens_the_page_not_a_row(client, reader, mission):
    mandate = MandateFactory(mission=mission, symbol="S/RES/2800 (2025)")
    for number in range(1, 13):
        TaskFactory(mandate=mandate, reference=str(number), position=number)
    client.force_login(reader)
    overview = client.get("/missions/UNTEST/").content.decode()
    assert "and 4 more" in overview
    assert re.search(r'and 4 more · <a href="/missions/UNTEST/alignment/">see all</a>', overview)


def test_finding_subjects_are_in_the_readers_language(client, reader, mission):
    tasks = _paragraphs(mission)
    english = unaligned(mission)[0].subject
    with translation.override("fr"):
        french = unaligned(mission)[0].subject
    assert english == "OP 1 (S/RES/2800 (2025))"
    assert french == "Par. 1 du dispositif (S/RES/2800 (2025))"
    with translation.override("en"):  # the English reader after the French one
        assert unaligned(mission)[0].subject == english

    client.force_login(reader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get("/missions/UNTEST/").content.decode()
    assert '<html lang="fr"' in page
    assert f'#task-{tasks["2"].pk}">Par. 2 du dispositif (S/RES/2800 (2025))</a>' in page
    assert ">OP 2 (S/RES" not in page


def test_dates_in_findings_are_written_as_the_reader_writes_them(mission):
    soon = date.today() + timedelta(days=20)
    MandateFactory(mission=mission, symbol="S/RES/2801 (2025)", expires_on=soon)

    def expiring() -> str:
        rule = "expiring_mandate"
        return next(f.subject for f in findings_for_mission(mission.pk) if f.rule.code == rule)

    with translation.override("en"):
        assert expiring() == f"S/RES/2801 (2025), expires {soon.day} {soon:%b %Y}"
    with translation.override("fr"):
        assert soon.isoformat() not in expiring()
        assert f"{soon.day} {date_format(soon, 'N Y')}" in expiring()


def test_the_findings_cost_one_query_however_many(client, reader, mission):
    mandate = MandateFactory(mission=mission, symbol="S/RES/2800 (2025)")
    for number in range(1, 4):
        TaskFactory(mandate=mandate, reference=str(number), position=number)
    findings_for_mission(mission.pk, "UNTEST")  # compiled once per process
    with CaptureQueriesContext(connection) as few:
        findings_for_mission(mission.pk, "UNTEST")
    client.force_login(reader)
    small = page_queries(client, "/missions/UNTEST/")
    for number in range(4, 60):
        TaskFactory(mandate=mandate, reference=str(number), position=number)
    with CaptureQueriesContext(connection) as many, translation.override("fr"):
        assert len(findings_for_mission(mission.pk, "UNTEST")) >= 59
    assert len(few.captured_queries) == len(many.captured_queries) == 1
    assert_same_count(small, page_queries(client, "/missions/UNTEST/"))
