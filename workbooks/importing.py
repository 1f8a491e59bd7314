"""Marker readings and exit-condition assessments brought back from a strategy workbook.

Two steps, as the mandate import: ``read_workbook`` turns the file into the changes it asks for
and the rows it cannot take (each with its sheet and row number), saving nothing; the person
reads that preview and confirms, and ``apply_changes`` writes every change or none. The changes
travel between the two steps signed, so the file is read once and never stored; each carries
the revision the person saw, so a record changed meanwhile is refused, not overwritten.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.db import models, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.concurrency import save_revision
from missions.models import Mission
from strategies.models import ExitCondition, ProgressMarker
from strategies.selectors.exit_conditions import current_exit_conditions
from strategies.services.records import require_edit
from workbooks import layout

# Bounds on what an upload may make us read: a strategy's markers and conditions run to
# hundreds of rows; a zip that inflates past this is not a strategy workbook.
MAX_ROWS = 5_000
MAX_INFLATED_BYTES = 60 * 1024 * 1024
READING_MAX = ProgressMarker._meta.get_field("latest_reading").max_length
EVIDENCE_MAX = 10_000
SALT = "workbooks.import"
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


class WorkbookRefused(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    message: str


def sheet_title(kind: str) -> str:
    if kind in _EXTRA:
        return str(_EXTRA[kind].sheet.title)
    return str(layout.MARKERS.title if kind == "marker" else layout.EXIT_CONDITIONS.title)


@dataclass(frozen=True)
class MarkerSeries:
    """How a higher app (benchmarks) takes a measured marker's cell: ``measures(ids)`` gives
    each measured marker's measure (with ``parse`` and ``shown``), ``add(marker, value,
    read_on, by)`` records the value in its series. Registered with ``marker_series_register``,
    so this app does not import it."""

    measures: Callable[[list[int]], dict[int, Any]]
    add: Callable[..., Any]


_SERIES: list[MarkerSeries] = []


@dataclass(frozen=True)
class ExtraSheet:
    """A sheet a higher app adds to the workbook (``extra_sheet_register``): the rows it
    exports, how the import reads it into changes of kind ``sheet.key``, how a confirmed
    change is written (raising ``ChangedMeanwhile`` for one it can no longer make) and how the
    preview shows it. So this app carries benchmarks' indicators without importing them."""

    sheet: layout.Sheet
    rows: Callable[[Mission], Iterable[Sequence[Any]]]
    read: Callable[[Any, Any, Mission], None]
    apply: Callable[[list[Change], Mission, AbstractBaseUser], None]
    describe: Callable[[list[Change], Mission], list[Any]]


_EXTRA: dict[str, ExtraSheet] = {}


def extra_sheet_register(extra: ExtraSheet) -> None:
    _EXTRA[extra.sheet.key] = extra
    layout.sheet_register(extra.sheet)


def extra_sheets() -> list[ExtraSheet]:
    return list(_EXTRA.values())


def marker_series_register(series: MarkerSeries) -> None:
    _SERIES[:] = [series]


@dataclass(frozen=True)
class Change:
    """One record to write: ``kind`` "marker" or "condition", the values, the revision seen."""

    kind: str
    pk: int
    row: int
    values: dict[str, Any]
    revision: int


@dataclass
class Preview:
    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unchanged: int = 0

    @property
    def can_confirm(self) -> bool:
        return bool(self.changes) and not self.errors

    def token(self, mission: Mission) -> str:
        rows = [[c.kind, c.pk, c.row, c.values, c.revision] for c in self.changes]
        return signing.dumps({"mission": mission.pk, "changes": rows}, salt=SALT, compress=True)


def changes_from_token(token: str, mission: Mission) -> list[Change]:
    """The changes a preview showed; BadSignature when the token was not made here for it."""
    data = signing.loads(token, salt=SALT)
    if data.get("mission") != mission.pk:
        raise signing.BadSignature("another mission's import")
    return [
        Change(kind, pk, row, values, revision)
        for kind, pk, row, values, revision in data["changes"]
    ]


# Reading the file ---------------------------------------------------------------------------


def _open(upload: IO[bytes]) -> Any:
    refused = WorkbookRefused(
        _(
            "This file is not an Excel workbook (.xlsx). Export the workbook, change it, and "
            "import the .xlsx file you saved."
        )
    )
    try:
        with zipfile.ZipFile(upload) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise refused from None
    if inflated > MAX_INFLATED_BYTES:
        raise WorkbookRefused(
            _(
                "The workbook unpacks to more than %(mb)s MB; import the Markers and Exit "
                "conditions sheets on their own."
            )
            % {"mb": MAX_INFLATED_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    try:
        return load_workbook(upload, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise refused from None


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = cell_text(value)
    return int(text) if text.isdigit() else None


def cell_day(value: Any) -> date:
    """A date cell, or text as 2026-03-15 or 15/03/2026 (day first, as the UN writes it)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    match = _DAY_FIRST.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise ValueError(text)


@dataclass
class _SheetReader:
    """Rows of one sheet, with errors and changes gathered as it goes."""

    sheet: layout.Sheet
    title: str
    preview: Preview
    seen: dict[int, int] = field(default_factory=dict)

    def error(self, row: int, message: str) -> None:
        self.preview.errors.append(RowError(self.title, row, message))

    def rows(self, ws: Any) -> Iterable[tuple[int, dict[str, Any]]]:
        rows = ws.iter_rows(values_only=True)
        headers = next(rows, None)
        found = layout.column_keys(self.sheet, list(headers or ()))
        wanted = [c.key for c in self.sheet.columns if c.importable]
        if "id" not in found or not any(key in found for key in wanted):
            self.error(
                1,
                _("The header row needs the ID column and at least one of: %(cols)s.")
                % {"cols": ", ".join(str(self.sheet.column(k).header) for k in wanted)},
            )
            return
        for number, values in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:
                raise WorkbookRefused(
                    _("The sheet %(sheet)s has more than %(max)s rows.")
                    % {"sheet": self.title, "max": f"{MAX_ROWS:,}"}
                )
            if not any(cell_text(v) for v in values):
                continue
            yield number, {key: values[i] if i < len(values) else None for key, i in found.items()}

    def record(self, number: int, cells: dict[str, Any], records: dict[int, Any], noun: str) -> Any:
        pk = _integer(cells.get("id"))
        if pk is None:
            self.error(
                number, _("The ID “%(id)s” is not a number.") % {"id": cell_text(cells.get("id"))}
            )
            return None
        if pk in self.seen:
            self.error(
                number,
                _("%(noun)s %(id)s is already on row %(row)s.")
                % {"noun": noun, "id": pk, "row": self.seen[pk]},
            )
            return None
        self.seen[pk] = number
        record = records.get(pk)
        if record is None:
            self.error(
                number,
                _(
                    "No %(noun)s with ID %(id)s in this mission's strategy (deleted, "
                    "or from another mission)."
                )
                % {"noun": noun.lower(), "id": pk},
            )
            return None
        revision = cells.get("revision")
        if cell_text(revision) and _integer(revision) != record.revision:
            self.error(
                number,
                _(
                    "Changed in the workbench since this file was exported. Export "
                    "again, or clear the Revision cell to replace what is there now."
                ),
            )
            return None
        return record


def _read_markers(reader: _SheetReader, ws: Any, mission: Mission) -> None:
    markers = {m.pk: m for m in ProgressMarker.objects.filter(objective__mission=mission)}
    measured = _SERIES[0].measures(list(markers)) if _SERIES else {}
    today = mission.today()
    for number, cells in reader.rows(ws):
        marker = reader.record(number, cells, markers, _("Marker"))
        if marker is None:
            continue
        reading = cell_text(cells.get("reading"))
        if not reading:  # an empty cell never clears a reading
            reader.preview.unchanged += 1
            continue
        if len(reading) > READING_MAX:
            reader.error(
                number, _("The reading is longer than %(max)s characters.") % {"max": READING_MAX}
            )
            continue
        try:
            read_on = cell_day(cells.get("read_on")) if cell_text(cells.get("read_on")) else None
        except ValueError as exc:
            reader.error(
                number, _("“%(value)s” is not a date; write it as 2026-03-15.") % {"value": exc}
            )
            continue
        if read_on and read_on > today:
            reader.error(
                number,
                _("A reading cannot be dated in the future (%(day)s).")
                % {"day": date_format(read_on)},
            )
            continue
        if reading == marker.latest_reading and read_on in (None, marker.reading_on):
            reader.preview.unchanged += 1
            continue
        values = {"latest_reading": reading, "reading_on": (read_on or today).isoformat()}
        measure = measured.get(marker.pk)
        if measure is not None:
            value = measure.parse(reading)
            if value is None:
                reader.error(number, measured_hint(measure, reading))
                continue
            values.update(latest_reading=measure.shown(value), value=str(value))
        reader.preview.changes.append(Change("marker", marker.pk, number, values, marker.revision))


def measured_hint(measure: Any, reading: str) -> str:
    """Why a cell is not a value of a measure (a marker's, an indicator's), and what is."""
    if measure.scale:
        return _("“%(value)s” is not a step of the scale; write one of: %(steps)s.") % {
            "value": reading,
            "steps": ", ".join(measure.scale),
        }
    return _("“%(value)s” is not a number; this is measured in numbers%(unit)s.") % {
        "value": reading,
        "unit": f" ({measure.unit})" if measure.unit else "",
    }


def _read_conditions(reader: _SheetReader, ws: Any, mission: Mission) -> None:
    conditions = {c.pk: c for c in current_exit_conditions(mission)}
    statuses = layout.choice_values(tuple(ExitCondition.Status.choices))
    labels = ", ".join(str(label) for label in ExitCondition.Status.labels)
    today = mission.today()
    for number, cells in reader.rows(ws):
        condition = reader.record(number, cells, conditions, _("Exit condition"))
        if condition is None:
            continue
        typed = cell_text(cells.get("status"))
        status = statuses.get(" ".join(typed.split()).casefold()) if typed else condition.status
        if status is None:
            reader.error(
                number,
                _("“%(value)s” is not a status; use one of: %(choices)s.")
                % {"value": typed, "choices": labels},
            )
            continue
        evidence = cell_text(cells.get("evidence")) or condition.evidence
        if len(evidence) > EVIDENCE_MAX:
            reader.error(
                number,
                _("The evidence is longer than %(max)s characters.") % {"max": f"{EVIDENCE_MAX:,}"},
            )
            continue
        if status == condition.status and evidence == condition.evidence.strip():
            reader.preview.unchanged += 1
            continue
        values = {"status": status, "evidence": evidence, "last_assessed_on": today.isoformat()}
        reader.preview.changes.append(
            Change("condition", condition.pk, number, values, condition.revision)
        )


def read_workbook(upload: IO[bytes], *, mission: Mission) -> Preview:
    """What the file would change, and the rows it cannot take; nothing is saved."""
    book = _open(upload)
    preview = Preview()
    readers = {
        layout.MARKERS.key: (layout.MARKERS, _read_markers),
        layout.EXIT_CONDITIONS.key: (layout.EXIT_CONDITIONS, _read_conditions),
        **{key: (extra.sheet, extra.read) for key, extra in _EXTRA.items()},
    }
    found = False
    try:
        for ws in book.worksheets:
            key = layout.sheet_key(ws.title)
            if key is None:
                continue
            found = True
            sheet, read = readers[key]
            read(_SheetReader(sheet, ws.title, preview), ws, mission)
    finally:
        book.close()
    if not found:
        raise WorkbookRefused(
            _(
                "The workbook has none of the sheets the import reads (%(sheets)s). Import a "
                "workbook exported from this page."
            )
            % {
                "sheets": ", ".join(
                    f"“{sheet.title}”"
                    for sheet in (
                        layout.MARKERS,
                        layout.EXIT_CONDITIONS,
                        *(extra.sheet for extra in _EXTRA.values()),
                    )
                )
            }
        )
    return preview


# Writing ------------------------------------------------------------------------------------


class ChangedMeanwhile(Exception):
    """Records changed since the preview; nothing was written."""

    def __init__(self, changes: list[Change]) -> None:
        super().__init__(changes)
        self.changes = changes


_MODELS: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
    "marker": (ProgressMarker, ("latest_reading", "reading_on")),
    "condition": (ExitCondition, ("status", "evidence", "last_assessed_on")),
}


def _scoped(kind: str, mission: Mission) -> models.QuerySet:
    if kind == "marker":
        return ProgressMarker.objects.filter(objective__mission=mission)
    return current_exit_conditions(mission)


@transaction.atomic
def apply_changes(changes: list[Change], *, mission: Mission, by: AbstractBaseUser) -> int:
    """Write every change at the revision its preview showed, or none (ChangedMeanwhile)."""
    require_edit(by, mission)
    ours = [c for c in changes if c.kind in _MODELS]
    theirs = [c for c in changes if c.kind in _EXTRA]
    locked: dict[tuple[str, int], Any] = {}
    for kind in _MODELS:
        pks = [c.pk for c in changes if c.kind == kind]
        if pks:
            rows = _scoped(kind, mission).filter(pk__in=pks).select_for_update(of=("self",))
            locked.update({(kind, row.pk): row for row in rows})
    stale = [
        c
        for c in ours
        if (record := locked.get((c.kind, c.pk))) is None or record.revision != c.revision
    ]
    if stale:
        raise ChangedMeanwhile(stale)
    for change in ours:
        record = locked[change.kind, change.pk]
        model, allowed = _MODELS[change.kind]
        for name in allowed:
            value = change.values[name]
            if isinstance(model._meta.get_field(name), models.DateField):
                value = date.fromisoformat(value)
            setattr(record, name, value)
        save_revision(record, expected=change.revision, fields=list(allowed))
        if "value" in change.values and _SERIES:
            # A measured marker: the value joins its series (its latest reading follows).
            _SERIES[0].add(record, Decimal(change.values["value"]), record.reading_on, by)
    for key, extra in _EXTRA.items():
        extra.apply([c for c in theirs if c.kind == key], mission, by)
    return len(changes)


# Showing a preview --------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRow:
    """One change as the preview shows it: the record, what it says now, what it will say."""

    sheet: str
    row: int
    code: str
    record: str
    was: str
    now: str
    was_on: str = ""
    now_on: str = ""


def _on(value: date | str | None) -> str:
    if not value:
        return ""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return date_format(day)


def change_rows(changes: list[Change], *, mission: Mission) -> list[ChangeRow]:
    """The preview's table: two queries whatever the number of changes."""
    markers = {
        m.pk: m
        for m in ProgressMarker.objects.filter(
            objective__mission=mission, pk__in=[c.pk for c in changes if c.kind == "marker"]
        ).select_related("objective")
    }
    conditions = {
        c.pk: c
        for c in current_exit_conditions(mission).filter(
            pk__in=[c.pk for c in changes if c.kind == "condition"]
        )
    }
    statuses = dict(ExitCondition.Status.choices)
    rows: list[ChangeRow] = []
    for change in changes:
        if change.kind == "marker" and (marker := markers.get(change.pk)):
            rows.append(
                ChangeRow(
                    sheet_title(change.kind),
                    change.row,
                    marker.objective.code,
                    marker.statement,
                    marker.latest_reading,
                    change.values["latest_reading"],
                    _on(marker.reading_on),
                    _on(change.values["reading_on"]),
                )
            )
        elif change.kind == "condition" and (condition := conditions.get(change.pk)):
            was, now = str(statuses[condition.status]), str(statuses[change.values["status"]])
            if change.values["evidence"] != condition.evidence:
                was = f"{was}: {condition.evidence}" if condition.evidence else was
                now = f"{now}: {change.values['evidence']}"
            rows.append(
                ChangeRow(
                    sheet_title(change.kind),
                    change.row,
                    str(condition.get_kind_display()),
                    condition.description,
                    was,
                    now,
                    _on(condition.last_assessed_on),
                    _on(change.values["last_assessed_on"]),
                )
            )
    for key, extra in _EXTRA.items():
        rows.extend(extra.describe([c for c in changes if c.kind == key], mission))
    return rows
