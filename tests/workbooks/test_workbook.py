"""The strategy workbook: exported with openpyxl's eyes, changed, and brought back."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from core.models import AuditEvent
from missions.classification import Classification
from strategies.models import ExitCondition, ProgressMarker
from tests.briefs.data import build_strategy
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/missions/UNTEST/workbook/"
EXPORT = PAGE + "export/"
CONFIRM = PAGE + "import/confirm/"


@pytest.fixture
def strategy(mission):
    return build_strategy(mission, size=2)


def export(client, language: str = "en") -> bytes:
    response = client.get(EXPORT, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="UNTEST-strategy-' in response["Content-Disposition"]
    return response.content


def upload(client, data: bytes, name: str = "strategy.xlsx"):
    return client.post(PAGE, {"file": SimpleUploadedFile(name, data)})


def save(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def header_index(ws, header: str) -> int:
    return [cell.value for cell in ws[1]].index(header) + 1


def confirm_token(html: str) -> str:
    found = re.search(r'name="changes" value="([^"]+)"', html)
    return found.group(1) if found else ""


def test_the_workbook_has_a_sheet_per_part_with_what_the_strategy_holds(client, editor, strategy):
    client.force_login(editor)
    book = load_workbook(io.BytesIO(export(client)))
    assert book.sheetnames == [
        "About",
        "Objectives",
        "Markers",
        "Exit conditions",
        "Benchmark indicators",
        "Contributions",
        "Alignment",
        "Positions",
    ]
    codes = [row[0] for row in book["Objectives"].iter_rows(min_row=2, values_only=True)]
    assert codes == ["O1", "O2", "O3", "O4", "O5"]
    markers = list(book["Markers"].iter_rows(min_row=2, values_only=True))
    assert {row[0] for row in markers} == set(ProgressMarker.objects.values_list("pk", flat=True))
    assert [c.value for c in book["Contributions"][1]] == [
        "Component",
        "O1",
        "O2",
        "O3",
        "O4",
        "O5",
    ]
    lead_rows = [r for r in book["Contributions"].iter_rows(min_row=2, values_only=True)]
    assert sum(cell == "Lead" for row in lead_rows for cell in row) == 5
    alignment = list(book["Alignment"].iter_rows(min_row=2, values_only=True))
    assert ("S/RES/2800 (2026)", "29 (a)", "To pursue task 1.", "No", None, "O1") in alignment
    assert alignment[-1][1] == "41 (c)" and alignment[-1][-1] is None
    positions = list(book["Positions"].iter_rows(min_row=2, values_only=True))
    assert len(positions) == 5 and positions[0][3] == "Opposes"
    assert positions[0][4] == datetime(2026, 3, 1)
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Mission"].endswith("(UNTEST)")


def test_the_workbook_is_in_the_readers_language(client, editor, strategy):
    client.force_login(editor)
    book = load_workbook(io.BytesIO(export(client, "fr")))
    assert book.sheetnames[1:4] == ["Objectifs", "Indicateurs", "Conditions de sortie"]
    headers = [cell.value for cell in book["Indicateurs"][1]]
    assert headers[0] == "ID" and "Révision" in headers


def test_three_readings_changed_in_the_file_come_back_and_a_bad_row_stops_everything(
    client, editor, strategy, mission
):
    client.force_login(editor)
    book = load_workbook(io.BytesIO(export(client)))
    ws = book["Markers"]
    reading, read_on = header_index(ws, "Latest reading"), header_index(ws, "Read on")
    yesterday = mission.today() - timedelta(days=1)
    for row in (2, 3, 4):
        ws.cell(row=row, column=reading).value = f"{row * 10} local agreements signed"
        ws.cell(row=row, column=read_on).value = yesterday
    ws.cell(row=5, column=reading).value = "Late reading"
    ws.cell(row=5, column=read_on).value = "the 3rd of March"
    before = dict(ProgressMarker.objects.values_list("pk", "latest_reading"))

    response = upload(client, save(book))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 row to correct" in html
    assert re.search(r"<td>Markers</td><td>5</td><td>“the 3rd of March” is not a date", html)
    assert not confirm_token(html), "a file with a bad row must not be confirmable"
    assert dict(ProgressMarker.objects.values_list("pk", "latest_reading")) == before

    ws.cell(row=5, column=reading).value = None
    ws.cell(row=5, column=read_on).value = None
    response = upload(client, save(book))
    html = response.content.decode()
    assert "3 changes" in html and "row to correct" not in html
    assert "20 local agreements signed" in html
    assert dict(ProgressMarker.objects.values_list("pk", "latest_reading")) == before

    response = client.post(CONFIRM, {"changes": confirm_token(html)})
    assert response.status_code == 302
    ids = [ws.cell(row=row, column=1).value for row in (2, 3, 4)]
    changed = ProgressMarker.objects.filter(pk__in=ids).order_by("pk")
    assert sorted(m.latest_reading for m in changed) == [
        "20 local agreements signed",
        "30 local agreements signed",
        "40 local agreements signed",
    ]
    assert {m.reading_on for m in changed} == {yesterday}
    untouched = ProgressMarker.objects.exclude(pk__in=ids)
    assert all(m.latest_reading == before[m.pk] for m in untouched)
    page = client.get(PAGE).content.decode()
    assert "Imported 3 changes from the workbook." in page
    # Each change is in the record's history, as an edit on the page would be.
    events = ProgressMarker.pgh_event_model.objects.filter(pgh_obj_id__in=ids)
    assert events.filter(latest_reading__endswith="agreements signed").count() == 3


def test_exit_conditions_come_back_in_either_language(client, editor, strategy):
    client.force_login(editor)
    book = load_workbook(io.BytesIO(export(client, "fr")))
    ws = book[book.sheetnames[3]]
    status = [c.value for c in ws[1]].index(ws.cell(row=1, column=4).value) + 1
    evidence = status + 1
    condition_id = ws.cell(row=2, column=1).value
    ws.cell(row=2, column=status).value = "Met"  # English, in a French file
    ws.cell(row=2, column=evidence).value = "Electoral commission's certified results."
    response = upload(client, save(book))  # read by an English session
    html = response.content.decode()
    assert "1 change" in html, html
    client.post(CONFIRM, {"changes": confirm_token(html)})
    condition = ExitCondition.objects.get(pk=condition_id)
    assert condition.status == "met"
    assert condition.evidence == "Electoral commission's certified results."


def test_an_unknown_status_and_id_are_row_errors(client, editor, strategy, other_mission):
    client.force_login(editor)
    book = load_workbook(io.BytesIO(export(client)))
    ws = book["Exit conditions"]
    ws.cell(row=2, column=header_index(ws, "Status")).value = "Nearly"
    ws.cell(row=3, column=1).value = 999_999
    ws.cell(row=3, column=header_index(ws, "Status")).value = "Met"
    html = upload(client, save(book)).content.decode()
    assert "“Nearly” is not a status; use one of: Not met, Partly met, Met." in html
    assert "No exit condition with ID 999999" in html
    assert not confirm_token(html)


def test_a_record_changed_since_the_export_or_the_preview_is_not_overwritten(
    client, editor, strategy
):
    client.force_login(editor)
    book = load_workbook(io.BytesIO(export(client)))
    ws = book["Markers"]
    reading = header_index(ws, "Latest reading")
    first, second = ws.cell(row=2, column=1).value, ws.cell(row=3, column=1).value
    ws.cell(row=2, column=reading).value = "From the file"
    ws.cell(row=3, column=reading).value = "Also from the file"
    # Someone edits the first marker in the workbench after the export.
    ProgressMarker.objects.filter(pk=first).update(
        latest_reading="Typed in the app",
        revision=ProgressMarker.objects.get(pk=first).revision + 1,
    )
    html = upload(client, save(book)).content.decode()
    assert "Changed in the workbench since this file was exported" in html
    assert not confirm_token(html)

    # Cleared revision: the person chose to replace; then someone edits between preview and save.
    ws.cell(row=2, column=header_index(ws, "Revision")).value = None
    html = upload(client, save(book)).content.decode()
    token = confirm_token(html)
    assert token and "Typed in the app" in html
    marker = ProgressMarker.objects.get(pk=second)
    ProgressMarker.objects.filter(pk=second).update(
        latest_reading="Meanwhile", revision=marker.revision + 1
    )
    response = client.post(CONFIRM, {"changes": token})
    assert response.status_code == 409
    assert "nothing was saved" in response.content.decode()
    assert ProgressMarker.objects.get(pk=first).latest_reading == "Typed in the app"
    assert ProgressMarker.objects.get(pk=second).latest_reading == "Meanwhile"


def test_a_file_that_is_not_a_workbook_is_refused_beside_the_field(client, editor, strategy):
    client.force_login(editor)
    response = upload(client, b"%PDF-1.4 not a spreadsheet", "readings.xlsx")
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'field--invalid">\s*<label for="id_file">', html)
    assert "not an Excel workbook" in html
    zipped = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    response = upload(client, zipped.getvalue())
    assert response.status_code == 400 and "not an Excel workbook" in response.content.decode()


def test_a_workbook_without_the_sheets_is_refused(client, editor, strategy):
    client.force_login(editor)
    book = load_workbook(io.BytesIO(export(client)))
    del book["Markers"], book["Exit conditions"], book["Benchmark indicators"]
    response = upload(client, save(book))
    assert response.status_code == 400
    assert (
        "has none of the sheets the import reads "
        "(“Markers”, “Exit conditions”, “Benchmark indicators”)" in response.content.decode()
    )


def test_a_tampered_preview_is_refused(client, editor, strategy):
    client.force_login(editor)
    assert client.post(CONFIRM, {"changes": "forged"}).status_code == 400


@pytest.mark.parametrize(
    ("role", "reads", "imports"),
    [
        ("head_of_mission", True, False),
        ("chief_of_staff", True, True),
        ("strategy_editor", True, True),
        ("component_lead", True, False),
        ("desk_officer", True, False),
        ("viewer", True, False),
    ],
)
def test_who_may_export_and_import(client, mission, strategy, role, reads, imports):
    component = strategy["components"][0] if role == "component_lead" else None
    user = MembershipFactory(mission=mission, role=role, user=UserFactory(), component=component)
    client.force_login(user.user)
    page = client.get(PAGE)
    assert (page.status_code == 200) is reads
    assert ("Import readings" in page.content.decode()) is imports
    assert (client.get(EXPORT).status_code == 200) is reads
    exported = AuditEvent.objects.filter(kind="export", user=user.user, target="workbook:UNTEST")
    assert exported.exists() is reads  # who took the strategy away, and when
    response = upload(client, b"PK\x03\x04")
    assert (response.status_code != 403) is imports
    assert (client.post(CONFIRM, {"changes": "x"}).status_code != 403) is imports


def test_an_outsider_gets_404(client, outsider, strategy):
    client.force_login(outsider)
    assert client.get(PAGE).status_code == 404
    assert client.get(EXPORT).status_code == 404
    assert upload(client, b"PK\x03\x04").status_code == 404


def test_the_workbook_holds_only_what_its_reader_may_read(client, mission, strategy, editor):
    secret = ProgressMarker.objects.order_by("pk").first()
    secret.statement = "Talks with the armed group's back channel"
    secret.classification = Classification.STRICTLY_CONFIDENTIAL
    secret.save()
    viewer = MembershipFactory(mission=mission, role="viewer", user=UserFactory()).user
    client.force_login(viewer)
    book = load_workbook(io.BytesIO(export(client)))
    ids = [row[0] for row in book["Markers"].iter_rows(min_row=2, values_only=True)]
    assert secret.pk not in ids and len(ids) == ProgressMarker.objects.count() - 1
    levels = {row[-1] for row in book["Markers"].iter_rows(min_row=2, values_only=True)}
    assert levels and all(levels)


def test_the_export_reads_a_fixed_number_of_queries(client, editor, mission):
    client.force_login(editor)
    build_strategy(mission, size=2)
    with CaptureQueriesContext(connection) as small:
        export(client)
    build_strategy_more(mission)
    with CaptureQueriesContext(connection) as big:
        export(client)
    assert len(big) == len(small), [q["sql"][:120] for q in big.captured_queries]


def build_strategy_more(mission) -> None:
    """Sixty more objectives, each with its marker, contribution, task and position."""
    from tests.factories import (
        ComponentFactory,
        ContributionFactory,
        MarkerFactory,
        ObjectiveFactory,
        PositionFactory,
        StakeholderFactory,
        TaskFactory,
    )

    mandate = mission.mandates.first()
    for n in range(100, 160):
        objective = ObjectiveFactory(mission=mission, code=f"O{n}")
        MarkerFactory(objective=objective)
        ContributionFactory(
            component=ComponentFactory(mission=mission, name=f"Unit {n}"), objective=objective
        )
        TaskFactory(mandate=mandate, reference=f"{n}", position=n)
        PositionFactory(
            stakeholder=StakeholderFactory(mission=mission), objective=objective, as_of=date.today()
        )
