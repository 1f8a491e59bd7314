"""The benchmarks' indicators in the strategy workbook: a sheet with each indicator, its
threshold and latest reading, and shaded columns for a new reading. The import reads a new
reading as the indicator's unit or scale says (refused on its row otherwise), skips one already
recorded, and once confirmed adds it as a reading entered on the page would be. Registered in
``BenchmarksConfig.ready``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from benchmarks.models import NOTE_MAX, Indicator, IndicatorReading
from benchmarks.selectors import benchmarks_for
from benchmarks.services import reading_add
from missions.models import Mission
from missions.need_to_know import level_label
from strategies.selectors.exit_conditions import current_exit_conditions
from workbooks.importing import (
    Change,
    ChangedMeanwhile,
    ChangeRow,
    ExtraSheet,
    cell_day,
    cell_text,
    measured_hint,
)
from workbooks.layout import ID, LEVEL, Column, Sheet

KIND = "indicators"
INDICATORS = Sheet(
    KIND,
    gettext_lazy("Benchmark indicators"),
    (
        ID,
        Column("benchmark", gettext_lazy("Benchmark"), 40, True),
        Column("indicator", gettext_lazy("Indicator"), 40, True),
        Column("owner", gettext_lazy("Owned by"), 22, True),
        Column("measure", gettext_lazy("Unit or scale"), 22, True),
        Column("threshold", gettext_lazy("Threshold"), 14),
        Column("latest", gettext_lazy("Latest reading"), 16),
        Column("latest_on", gettext_lazy("Measured on"), 12),
        Column("reading", gettext_lazy("New reading"), 16, importable=True),
        Column("read_on", gettext_lazy("New reading measured on"), 14, importable=True),
        Column("note", gettext_lazy("Note"), 30, True, importable=True),
        LEVEL,
    ),
)


def _measure_words(indicator: Indicator) -> str:
    return " < ".join(indicator.scale) if indicator.scale else indicator.unit


def rows(mission: Mission) -> Iterable[list[Any]]:
    conditions = list(current_exit_conditions(mission))
    found = benchmarks_for(conditions)
    for condition in conditions:
        for row in found[condition.pk].rows:
            indicator = row.indicator
            yield [
                indicator.pk,
                Truncator(condition.description).words(16),
                indicator.name,
                indicator.owner_name,
                _measure_words(indicator),
                ("≤ " if not indicator.rising else "≥ ") + row.threshold_shown,
                row.latest_shown if row.latest else "",
                row.latest.read_on if row.latest else None,
                None,
                None,
                None,
                level_label(indicator.classification, mission),
            ]


def _scoped(mission: Mission) -> Any:
    return Indicator.objects.filter(exit_condition__in=current_exit_conditions(mission))


def read(reader: Any, ws: Any, mission: Mission) -> None:
    indicators = {i.pk: i for i in _scoped(mission)}
    recorded = set(
        IndicatorReading.objects.filter(indicator__in=list(indicators)).values_list(
            "indicator_id", "read_on", "value"
        )
    )
    today = mission.today()
    for number, cells in reader.rows(ws):
        indicator = reader.record(number, cells, indicators, _("Indicator"))
        if indicator is None:
            continue
        text = cell_text(cells.get("reading"))
        if not text:
            reader.preview.unchanged += 1
            continue
        value = indicator.parse(text)
        if value is None:
            reader.error(number, measured_hint(indicator, text))
            continue
        try:
            read_on = cell_day(cells.get("read_on")) if cell_text(cells.get("read_on")) else today
        except ValueError as exc:
            reader.error(
                number, _("“%(value)s” is not a date; write it as 2026-03-15.") % {"value": exc}
            )
            continue
        if read_on > today:
            reader.error(
                number,
                _("A reading cannot be dated in the future (%(day)s).")
                % {"day": date_format(read_on)},
            )
            continue
        note = cell_text(cells.get("note"))
        if len(note) > NOTE_MAX:
            reader.error(
                number, _("The note is longer than %(max)s characters.") % {"max": NOTE_MAX}
            )
            continue
        if (indicator.pk, read_on, value) in recorded:
            reader.preview.unchanged += 1
            continue
        values = {"value": str(value), "read_on": read_on.isoformat(), "note": note}
        reader.preview.changes.append(
            Change(KIND, indicator.pk, number, values, indicator.revision)
        )


def apply(changes: list[Change], mission: Mission, by: AbstractBaseUser) -> None:
    """Each new reading; an indicator deleted meanwhile refuses the whole import."""
    indicators = {
        i.pk: i
        for i in _scoped(mission)
        .filter(pk__in=[c.pk for c in changes])
        .select_related("exit_condition__end_state")
    }
    gone = [c for c in changes if c.pk not in indicators]
    if gone:
        raise ChangedMeanwhile(gone)
    for change in changes:
        reading_add(
            indicator=indicators[change.pk],
            value=Decimal(change.values["value"]),
            read_on=date.fromisoformat(change.values["read_on"]),
            note=change.values["note"] or _("From the workbook"),
            by=by,
        )


def describe(changes: list[Change], mission: Mission) -> list[ChangeRow]:
    if not changes:
        return []
    conditions = list(current_exit_conditions(mission))
    found = benchmarks_for(conditions)
    latest = {row.indicator.pk: row for b in found.values() for row in b.rows}
    shown = []
    for change in changes:
        row = latest.get(change.pk)
        if row is None:
            continue
        indicator = row.indicator
        shown.append(
            ChangeRow(
                str(INDICATORS.title),
                change.row,
                indicator.owner_name,
                indicator.name,
                row.latest_shown if row.latest else "",
                indicator.shown(Decimal(change.values["value"])),
                date_format(row.latest.read_on) if row.latest else "",
                date_format(date.fromisoformat(change.values["read_on"])),
            )
        )
    return shown


SHEET = ExtraSheet(INDICATORS, rows, read, apply, describe)
