"""The strategy workbook's sheets and columns: one layout, written by the export and read by the
import, so a file exported in French can be brought back by a reader working in English.

Sheet names and headers are written in the reader's language; the import recognises them in
every language the app speaks (``settings.LANGUAGES``), and the keys below never show.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override


@dataclass(frozen=True)
class Column:
    key: str
    header: str | Promise
    width: int = 14
    wrap: bool = False
    # Whether the import reads this column (it is shaded so people see what they may change).
    importable: bool = False


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str | Promise
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


ID = Column("id", _("ID"), 8)
REVISION = Column("revision", _("Revision"), 9)
LEVEL = Column("level", _("Classification"), 16)

README = Sheet("readme", _("About"), (Column("label", "", 28), Column("value", "", 80, True)))
OBJECTIVES = Sheet(
    "objectives",
    _("Objectives"),
    (
        Column("code", _("Code"), 8),
        Column("title", _("Objective"), 40, True),
        Column("parent", _("Feeds"), 8),
        Column("levels", _("Levels of engagement"), 22, True),
        Column("priority", _("Priority"), 10),
        Column("phase", _("Phase"), 7),
        Column("status", _("Status"), 10),
        Column("owner", _("Owner"), 20),
        Column("progress", _("Latest rating"), 13),
        Column("rated_in", _("Rated in"), 24),
        Column("description", _("Description"), 60, True),
        LEVEL,
    ),
)
MARKERS = Sheet(
    "markers",
    _("Markers"),
    (
        ID,
        Column("objective", _("Objective"), 10),
        Column("marker", _("Marker of progress"), 50, True),
        Column("baseline", _("Baseline"), 22, True),
        Column("target", _("Target"), 22, True),
        Column("reading", _("Latest reading"), 30, True, importable=True),
        Column("read_on", _("Read on"), 12, importable=True),
        REVISION,
        LEVEL,
    ),
)
EXIT_CONDITIONS = Sheet(
    "exit_conditions",
    _("Exit conditions"),
    (
        ID,
        Column("kind", _("Kind"), 10),
        Column("condition", _("Condition"), 50, True),
        Column("status", _("Status"), 12, importable=True),
        Column("evidence", _("Evidence"), 60, True, importable=True),
        Column("assessed_on", _("Last assessed on"), 14),
        REVISION,
        LEVEL,
    ),
)
# The contribution matrix: a component per row, an objective per column (by code).
CONTRIBUTIONS = Sheet(
    "contributions", _("Contributions"), (Column("component", _("Component"), 34, True),)
)
ALIGNMENT = Sheet(
    "alignment",
    _("Alignment"),
    (
        Column("mandate", _("Resolution"), 18),
        Column("paragraph", _("Paragraph"), 11),
        Column("task", _("Mandated task"), 60, True),
        Column("priority", _("Strategic priority"), 10),
        Column("phase", _("Phase"), 7),
        Column("objectives", _("Aligned objectives"), 20, True),
    ),
)
POSITIONS = Sheet(
    "positions",
    _("Positions"),
    (
        Column("stakeholder", _("Stakeholder"), 30, True),
        Column("kind", _("Type"), 18),
        Column("objective", _("Objective"), 10),
        Column("stance", _("Stance"), 12),
        Column("as_of", _("As of"), 12),
        Column("note", _("Note"), 60, True),
        LEVEL,
    ),
)
SHEETS = (README, OBJECTIVES, MARKERS, EXIT_CONDITIONS, CONTRIBUTIONS, ALIGNMENT, POSITIONS)
# The sheets the import reads, with the columns it needs besides the importable ones.
IMPORTED = (MARKERS, EXIT_CONDITIONS)
# Sheets higher apps add (``importing.extra_sheet_register``), read like these.
_REGISTERED: dict[str, Sheet] = {}


def sheet_register(sheet: Sheet) -> None:
    _REGISTERED[sheet.key] = sheet


def _normal(text: str) -> str:
    return " ".join(str(text).split()).casefold()


@cache
def _names(pairs: tuple[tuple[str, str | Promise], ...]) -> dict[str, str]:
    """Every language's spelling of each label (normalised) -> its key."""
    names: dict[str, str] = {}
    for code, _name in settings.LANGUAGES:
        with override(code):
            for key, label in pairs:
                names.setdefault(_normal(str(label)), key)
    for key, _label in pairs:
        names.setdefault(_normal(key), key)
    return names


def sheet_key(title: str) -> str | None:
    """Which of the imported sheets a tab is, whatever language it was exported in."""
    sheets = (*IMPORTED, *_REGISTERED.values())
    return _names(tuple((sheet.key, sheet.title) for sheet in sheets)).get(_normal(title))


def column_keys(sheet: Sheet, headers: list[object]) -> dict[str, int]:
    """Where each known column is in a header row (0-based), in any language."""
    names = _names(tuple((column.key, column.header) for column in sheet.columns))
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = names.get(_normal(header)) if header is not None else None
        if key is not None and key not in found:
            found[key] = index
    return found


@cache
def choice_values(choices: tuple[tuple[str, str | Promise], ...]) -> dict[str, str]:
    """A choice's stored value from its label in any language, or from the value itself."""
    return _names(choices)
