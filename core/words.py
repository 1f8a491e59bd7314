"""Words written once and read by people of several languages.

A reminder is made by a background job in no one's language and read later by a French, a
Spanish or an English reader. ``Said`` keeps the English message and its values instead of the
sentence; ``str()`` says it in the language active when it is read. ``freeze`` and ``thaw``
carry it through a JSON column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext


@dataclass(frozen=True)
class Day:
    """A date, written in the reader's locale when said."""

    on: date
    format: str = "DATE_FORMAT"

    def __str__(self) -> str:
        return formats.date_format(self.on, self.format)


@dataclass(frozen=True)
class Said:
    """A message (its English msgid, and plural when it counts) with its values."""

    message: str
    values: dict[str, Any] = field(default_factory=dict)
    plural: str = ""
    number: str = ""

    def __str__(self) -> str:
        if self.plural:
            text = ngettext(self.message, self.plural, int(self.values[self.number]))
        else:
            text = gettext(self.message)
        if not self.values:
            return text
        return text % {name: _said(value) for name, value in self.values.items()}


@dataclass(frozen=True)
class Lines:
    """A list said as "- item" lines, the tail counted when there are more than ``most``."""

    items: tuple[Any, ...]
    most: int = 15

    def __str__(self) -> str:
        shown = [f"- {_said(item)}" for item in self.items[: self.most]]
        if len(self.items) > self.most:
            more = len(self.items) - self.most
            shown.append(gettext("- and %(count)d more") % {"count": more})
        return "\n".join(shown)


def _said(value: Any) -> Any:
    return value if isinstance(value, int | float) else str(value)


def said(message: Promise | str, number: str = "", **values: Any) -> Said:
    """``Said`` from a message marked with gettext_lazy or ngettext_lazy (so makemessages
    finds it where it is written); ``number`` names the value that picks the plural."""
    kw = getattr(message, "_kw", None) or {}
    if "plural" in kw:
        return Said(kw["singular"], values, plural=kw["plural"], number=number)
    args = getattr(message, "_args", None)
    return Said(args[0] if args else str(message), values)


def freeze(value: Any) -> Any:
    """JSON for ``value``, which ``thaw`` turns back into what says it."""
    if isinstance(value, Said):
        frozen: dict[str, Any] = {"said": value.message, "values": freeze(value.values)}
        if value.plural:
            frozen |= {"plural": value.plural, "number": value.number}
        return frozen
    if isinstance(value, Day):
        return {"day": value.on.isoformat(), "format": value.format}
    if isinstance(value, Lines):
        return {"lines": [freeze(item) for item in value.items], "most": value.most}
    if isinstance(value, dict):
        return {"dict": {name: freeze(item) for name, item in value.items()}}
    if isinstance(value, Promise):
        return freeze(said(value))
    return value


def thaw(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    if "said" in value:
        return Said(
            value["said"],
            thaw(value["values"]),
            plural=value.get("plural", ""),
            number=value.get("number", ""),
        )
    if "day" in value:
        return Day(date.fromisoformat(value["day"]), value["format"])
    if "lines" in value:
        return Lines(tuple(thaw(item) for item in value["lines"]), value["most"])
    return {name: thaw(item) for name, item in value.get("dict", {}).items()}
