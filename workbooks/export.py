"""The strategy as one Excel workbook, a sheet per part, in the reader's language.

Everything is read through the default managers, so the workbook holds what its reader may
read and nothing else; each classified row carries its marking. A fixed number of queries
whatever the size of the strategy.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from mandates.models import MandatedTask
from mandates.selectors import mandate_latest
from missions.models import Component, Mission
from missions.need_to_know import level_label
from reviews.models import DONE, ObjectiveAssessment
from strategies.models import (
    Contribution,
    ExitCondition,
    Objective,
    ProgressMarker,
    TaskAlignment,
)
from strategies.selectors.exit_conditions import current_exit_conditions
from strategies.selectors.stakeholders import latest_positions
from workbooks import layout
from workbooks.importing import extra_sheets
from workbooks.layout import Column, Sheet

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
# The columns the import reads: a light fill in the header and the cells, and a note.
IMPORT_HEADER_FILL = PatternFill("solid", fgColor="7A5C00")
IMPORT_CELL_FILL = PatternFill("solid", fgColor="FFF4CC")
DATE_FORMAT = "yyyy-mm-dd"


def _person(user: AbstractBaseUser | None) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _write_sheet(
    book: Workbook, sheet: Sheet, rows: Iterable[Sequence[Any]], *, extra: Sequence[str] = ()
) -> Worksheet:
    """One sheet: a frozen header row, the rows, the columns sized and wrapped."""
    ws = book.create_sheet(str(sheet.title)[:31])
    columns = [*sheet.columns, *(Column(f"x{i}", code, 8) for i, code in enumerate(extra))]
    ws.append([str(column.header) for column in columns])
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = HEADER_FONT
        cell.fill = IMPORT_HEADER_FILL if column.importable else HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        if column.importable:
            cell.comment = Comment(_("The import reads this column."), "Workbench")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    for row in rows:
        ws.append(list(row))
    for index, column in enumerate(columns, start=1):
        if not (column.wrap or column.importable):
            continue
        for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
            if column.wrap:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
            if column.importable:
                cell.fill = IMPORT_CELL_FILL
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            if isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions
    return ws


def _about(book: Workbook, mission: Mission, by: AbstractBaseUser, now: datetime) -> None:
    ws = book.active
    ws.title = str(layout.README.title)[:31]
    moment = timezone.localtime(now, mission.zone)
    rows = [
        (_("Mission"), f"{mission.name} ({mission.acronym})"),
        (
            _("Exported"),
            f"{date_format(moment, 'DATETIME_FORMAT')} {moment.tzname()} ({mission.time_zone})",
        ),
        (_("Exported by"), _person(by)),
        (
            _("What it holds"),
            _(
                "The strategy as it stands, one sheet per part: objectives, markers of "
                "progress, exit conditions, the contribution matrix, the alignment of mandated "
                "tasks, and the latest stakeholder positions. Only records you may read are "
                "included; each carries its classification."
            ),
        ),
        (
            _("Bringing readings back"),
            _(
                "Change the shaded columns of the Markers sheet (latest reading, read on), of "
                "the Exit conditions sheet (status, evidence) and of the Benchmark indicators "
                "sheet (a new reading, when it was measured), then import the file on the "
                "workbook page. Keep the ID and Revision columns: they say which record a row "
                "is and which version of it you changed. You will see every change before "
                "anything is saved."
            ),
        ),
    ]
    for label, value in rows:
        ws.append([str(label), value])
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 100
    for row_cells in ws.iter_rows():
        row_cells[0].font = Font(bold=True)
        row_cells[1].alignment = Alignment(wrap_text=True, vertical="top")


def _latest_ratings(mission: Mission) -> dict[int, ObjectiveAssessment]:
    """Each objective's rating in the latest finished review that rated it: one query."""
    rows = (
        ObjectiveAssessment.objects.filter(review__mission=mission, review__status__in=DONE)
        .select_related("review")
        .order_by("objective_id", "-review__period_end", "-review_id")
        .distinct("objective_id")
    )
    return {row.objective_id: row for row in rows}


def _objective_rows(mission: Mission, objectives: list[Objective]) -> Iterable[list[Any]]:
    ratings = _latest_ratings(mission)
    for objective in objectives:
        rating = ratings.get(objective.pk)
        yield [
            objective.code,
            objective.title,
            objective.parent.code if objective.parent_id and objective.parent else "",
            ", ".join(objective.get_levels_display()),
            str(objective.get_priority_display()),
            objective.phase,
            str(objective.get_status_display()),
            _person(objective.owner),
            str(rating.get_progress_display()) if rating else "",
            rating.review.label if rating else "",
            objective.description,
            level_label(objective.classification, mission),
        ]


def _marker_rows(mission: Mission) -> Iterable[list[Any]]:
    markers = ProgressMarker.objects.filter(objective__mission=mission).select_related("objective")
    for marker in markers.order_by("objective__code", "pk"):
        yield [
            marker.pk,
            marker.objective.code,
            marker.statement,
            marker.baseline,
            marker.target,
            marker.latest_reading,
            marker.reading_on,
            marker.revision,
            level_label(marker.classification, mission),
        ]


def _exit_condition_rows(mission: Mission) -> Iterable[list[Any]]:
    conditions: Iterable[ExitCondition] = current_exit_conditions(mission).order_by("kind", "pk")
    for condition in conditions:
        yield [
            condition.pk,
            str(condition.get_kind_display()),
            condition.description,
            str(condition.get_status_display()),
            condition.evidence,
            condition.last_assessed_on,
            condition.revision,
            level_label(condition.classification, mission),
        ]


def _contribution_rows(mission: Mission, objectives: list[Objective]) -> Iterable[list[Any]]:
    """The matrix: a component per row, the role it plays under each objective's code."""
    roles = {
        (c.component_id, c.objective_id): str(c.get_role_display())
        for c in Contribution.objects.filter(objective__mission=mission)
    }
    for component in Component.objects.filter(mission=mission).order_by("name"):
        yield [component.name, *(roles.get((component.pk, o.pk), "") for o in objectives)]


def _alignment_rows(mission: Mission) -> Iterable[list[Any]]:
    mandate = mandate_latest(mission)
    if mandate is None:
        return
    aligned: dict[int, list[str]] = defaultdict(list)
    alignments = TaskAlignment.objects.filter(task__mandate=mandate).select_related("objective")
    for alignment in alignments.order_by("objective__code"):
        aligned[alignment.task_id].append(alignment.objective.code)
    tasks = MandatedTask.objects.filter(mandate=mandate).order_by("position", "pk")
    yes, no = _("Yes"), _("No")
    for task in tasks:
        yield [
            mandate.symbol,
            task.reference,
            task.text,
            yes if task.is_strategic_priority else no,
            task.phase or "",
            ", ".join(aligned.get(task.pk, [])),
        ]


def _position_rows(mission: Mission) -> Iterable[list[Any]]:
    positions = latest_positions(mission).select_related("stakeholder", "objective")
    rows = sorted(positions, key=lambda p: (p.stakeholder.name.casefold(), p.objective.code))
    for position in rows:
        yield [
            position.stakeholder.name,
            str(position.stakeholder.get_kind_display()),
            position.objective.code,
            str(position.get_stance_display()),
            position.as_of,
            position.note,
            level_label(position.classification, mission),
        ]


def _status_choices(ws: Worksheet, column_index: int, labels: list[str]) -> None:
    """A drop-down of the statuses, in the reader's language, on the status column."""
    letter = get_column_letter(column_index)
    validation = DataValidation(
        type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True
    )
    validation.error = _("Choose one of: %(choices)s.") % {"choices": ", ".join(labels)}
    validation.errorTitle = _("Status")
    ws.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}{max(ws.max_row, 2) + 200}")


def strategy_workbook(mission: Mission, *, by: AbstractBaseUser) -> bytes:
    """The .xlsx file's bytes. Call it with the reader set (a request, or ``reading_as``)."""
    book = Workbook()
    _about(book, mission, by, timezone.now())
    objectives = list(
        Objective.objects.filter(mission=mission).select_related("parent", "owner").order_by("code")
    )
    _write_sheet(book, layout.OBJECTIVES, _objective_rows(mission, objectives))
    _write_sheet(book, layout.MARKERS, _marker_rows(mission))
    exits = _write_sheet(book, layout.EXIT_CONDITIONS, _exit_condition_rows(mission))
    status_index = [c.key for c in layout.EXIT_CONDITIONS.columns].index("status") + 1
    _status_choices(exits, status_index, [str(s.label) for s in ExitCondition.Status])
    for extra in extra_sheets():
        _write_sheet(book, extra.sheet, extra.rows(mission))
    active = [o for o in objectives if o.status == Objective.Status.ACTIVE]
    _write_sheet(
        book,
        layout.CONTRIBUTIONS,
        _contribution_rows(mission, active),
        extra=[o.code for o in active],
    )
    _write_sheet(book, layout.ALIGNMENT, _alignment_rows(mission))
    _write_sheet(book, layout.POSITIONS, _position_rows(mission))
    book.properties.title = _("%(mission)s political strategy") % {"mission": mission.acronym}
    book.properties.creator = "Mission political strategy workbench"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_filename(mission: Mission, on: date) -> str:
    return f"{mission.acronym}-strategy-{on:%Y-%m-%d}.xlsx"
