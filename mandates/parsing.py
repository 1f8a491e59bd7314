"""Read a Security Council resolution, as published, into its operative paragraph tree.

Plain Python on purpose: the import screen, the ``import_mandate`` command and the benchmark all
call it, and it is tested without a database. Only ``extract_pdf_text`` touches a library (pypdf).

What it relies on, from the official layout:

- the symbol ``S/RES/NNNN (YYYY)`` or a ``Resolution NNNN (YYYY)`` heading line, and the line
  "Adopted by the Security Council at its NNNNth meeting, on D Month YYYY";
- operative paragraphs numbered ``1.`` ``2.`` ... at line start, sub-paragraphs ``(a)`` and
  ``(i)`` at line start. A marker opens a paragraph only when it is the next one expected in its
  sequence and the text before it has ended (``;`` ``:`` ``.`` ``,`` or a trailing and/or), so
  wrapped references ("paragraph 3\\n(a) of resolution 2709 (2023)") stay inside their text;
- page furniture (running symbol, page numbers, document code, barcode) sits on lines of its
  own, and footnotes follow a rule line at the bottom of a page.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

__all__ = [
    "NotAResolution",
    "Paragraph",
    "ParsedResolution",
    "UnreadablePdf",
    "extract_pdf_text",
    "parse_resolution",
]


class NotAResolution(ValueError):
    """The text does not read as an adopted Security Council resolution."""


class UnreadablePdf(ValueError):
    """The bytes are not a PDF pypdf can read, or the PDF holds no text (a scan)."""


Kind = Literal["number", "letter", "roman"]


@dataclass
class Paragraph:
    number: int
    labels: tuple[str, ...]  # ("a", "ii") for 3 (a) (ii)
    kind: Kind
    text: str = ""
    children: list[Paragraph] = field(default_factory=list)
    is_strategic_priority: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def reference(self) -> str:
        return " ".join([str(self.number), *(f"({label})" for label in self.labels)])

    @property
    def depth(self) -> int:
        return len(self.labels)

    @property
    def parent_reference(self) -> str | None:
        if not self.labels:
            return None
        return " ".join([str(self.number), *(f"({label})" for label in self.labels[:-1])])

    def walk(self) -> Iterator[Paragraph]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class ParsedResolution:
    symbol: str
    adopted_on: date
    mandate_end: date | None
    chapter_vii: bool
    preamble: str
    paragraphs: list[Paragraph]
    footnotes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def flat(self) -> list[Paragraph]:
        """Every paragraph in document order; ``depth`` and ``parent_reference`` give the tree."""
        return [p for top in self.paragraphs for p in top.walk()]


# Spelled out rather than taken from ``calendar``, whose names follow the process locale.
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTHS = {name: index for index, name in enumerate(_MONTH_NAMES, start=1)}
_DATE = r"(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})"

_SYMBOL = re.compile(r"\bS/RES/(\d{1,5})\s*\((\d{4})\)")
_SYMBOL_LINE = re.compile(r"\bS/RES/(\d{1,5})\s*\((\d{4})\)\s*$", re.MULTILINE)
_HEADING = re.compile(r"^\s*Resolution\s+(\d{1,5})\s*\((\d{4})\)\s*$", re.MULTILINE | re.I)
_ADOPTED = re.compile(
    r"Adopted\s+by\s+the\s+Security\s+Council\s+at\s+its\s+(\d+)\s*(?:st|nd|rd|th)?\s+"
    r"meeting,?\s+on\s+" + _DATE,
    re.I,
)
_CHAPTER_VII = re.compile(r"Acting\s+under\s+Chapter\s+VII\s+of\s+the\s+Charter", re.I)
_MANDATE_END = (
    re.compile(
        r"\b(?:extend|renew)s?\b[^.;]{0,40}?\bmandate\b[^;]{0,250}?\buntil\s+" + _DATE, re.I
    ),
    re.compile(r"\b(?:extend|renew)s?\s+until\s+" + _DATE + r"\s+the\s+mandate\b", re.I),
)
_STRATEGIC = (
    re.compile(r"\bstrategic\s+priorit(?:y|ies)\b", re.I),
    re.compile(r"\bmandate\s+of\s+[^;:]{1,120}?\bshall\s+(?:be|include)\b", re.I),
    re.compile(r"\bfollowing\s+priority\s+tasks\b", re.I),
)

# The marker may stand alone on its line when a PDF puts it in its own text run.
_NUMBER_MARKER = re.compile(r"^\s*(\d{1,3})\.(?:\s+(\S.*))?$")
_SUB_MARKER = re.compile(r"^\s*\(([a-z]|[ivxlc]{1,7})\)(?:\s+(\S.*))?$")
_FIRST_OPERATIVE = re.compile(r"^\s*1\.\s+[A-Z]")
_ENDED = re.compile(r"(?:[;:.,\u2014]|\b(?:and|or))\s*$")
_OPENS_LIST = re.compile(r"[:\u2014]\s*$")
_ADOPTED_LINE = re.compile(r"\bAdopted\s+by\s+the\s+Security\s+Council\b", re.I)

# Furniture tokens; a line made only of these is page furniture, not text.
_FURNITURE_TOKENS = re.compile(
    r"S/RES/\d{1,5}\s*\(\d{4}\)"
    r"|\b\d{2}-\d{5}\s*(?:\([A-Z]\))?"  # document code 24-12345 (E)
    r"|\*\d{7,8}\*"  # barcode
    r"|\b\d{1,3}\s*/\s*\d{1,3}\b"  # page 3/12
    r"|-\s*\d{1,3}\s*-"  # - 3 -
    r"|\bPage\s+\d{1,3}(?:\s+of\s+\d{1,3})?\b"
    r"|\b\d{6}\b"  # date stamp 020524 beside the document code
    r"|\bPlease\s+recycle\b"
    r"|^\s*\d{1,3}\s*$"  # bare page number
    r"|^\s*(?:United\s+Nations|Security\s+Council|Distr\.:\s*\w+)\s*$",
    re.I,
)
_RULE = re.compile(r"^\s*[_\u2014\u2013\u2500-]{5,}\s*$")
MAX_FOOTNOTE_LINES = 12
_FOOTNOTE_LINE = re.compile(r"^\s*(\d{1,2}|[\u00b9\u00b2\u00b3\u2070-\u2079]+)\s+\S")
_SUPERSCRIPTS = re.compile(r"[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+")
_SPACES = re.compile(r"[ \t\u00a0]+")
# A footnote number printed as a superscript comes out of a PDF glued to the word before it.
_GLUED_MARKER = re.compile(r"(?<=[a-z)\u201d\"])\d{1,2}(?=[\s,.;:)]|$)")
_HYPHEN_END = re.compile(r"(\w+)[-\u00ad]$")
_WORD_START = re.compile(r"^([a-z]\w*)")
# Prefixes and suffixes that keep their hyphen when a compound is split at a line end.
_KEEP_HYPHEN_LEFT = {"non", "self", "cross", "well", "co", "ex", "anti", "post", "pre", "multi"}
_KEEP_HYPHEN_RIGHT = {"based", "related", "led", "term", "level", "owned", "sensitive", "specific"}

_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_ROMAN_STEPS = (
    (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"),
    (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def _roman(label: str) -> int | None:
    """Value of a lower-case roman numeral, or None if ``label`` is not one written canonically."""
    if not label or any(ch not in _ROMAN_VALUES for ch in label):
        return None
    total = 0
    for ch, nxt in zip(label, [*label[1:], ""], strict=True):
        value = _ROMAN_VALUES[ch]
        total += -value if nxt and _ROMAN_VALUES[nxt] > value else value
    return total if _to_roman(total) == label else None


def _to_roman(value: int) -> str:
    out = ""
    for number, numeral in _ROMAN_STEPS:
        while value >= number:
            out += numeral
            value -= number
    return out


def _letter(label: str) -> int | None:
    return ord(label) - ord("a") + 1 if len(label) == 1 else None


def _next_label(kind: Kind, label: str) -> str:
    if kind == "roman":
        return _to_roman((_roman(label) or 0) + 1)
    return chr(ord(label) + 1) if label != "z" else ""


def _to_date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), MONTHS[month.capitalize()], int(day))
    except (ValueError, KeyError):
        return None


def extract_pdf_text(data: bytes) -> str:
    """The PDF's text, pages separated by form feeds, as the parser reads pasted text."""
    from pypdf import PdfReader

    if not data:
        raise UnreadablePdf("The file is empty.")
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises assorted exception types on malformed files
        raise UnreadablePdf(f"This file could not be read as a PDF ({exc}).") from exc
    if not any(page.strip() for page in pages):
        raise UnreadablePdf(
            "The PDF holds no text; it may be a scan. Paste the text of the resolution instead."
        )
    return "\f".join(pages)


def parse_resolution(text: str) -> ParsedResolution:
    """Read pasted, uploaded or PDF-extracted text; raise NotAResolution when it is not one."""
    if not text or not text.strip():
        raise NotAResolution("The text is empty.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    flat = _SPACES.sub(" ", text.replace("\f", " ").replace("\n", " "))

    warnings: list[str] = []
    symbol = _find_symbol(text, warnings)
    adopted = _ADOPTED.search(flat)
    if not adopted:
        raise NotAResolution(
            "No line 'Adopted by the Security Council at its ... meeting, on D Month YYYY' was "
            "found; only adopted resolutions can be imported, not drafts, reports or letters."
        )
    adopted_on = _to_date(*adopted.groups()[1:])
    if adopted_on is None:
        raise NotAResolution(f"The adoption date '{adopted.group(0)}' is not a valid date.")

    lines, footnotes = _body_lines(text)
    start = next((i for i, line in enumerate(lines) if _FIRST_OPERATIVE.match(line)), None)
    if start is None:
        raise NotAResolution(
            f"{symbol}: no operative paragraph numbered '1.' was found after the preamble."
        )
    markers = {marker for marker, _ in footnotes if marker.isdigit()}
    preamble = _preamble(lines[:start], markers)
    paragraphs = _operative_tree(lines[start:], markers)
    _flag_strategic(paragraphs)

    mandate_end = _mandate_end(paragraphs, warnings)
    return ParsedResolution(
        symbol=symbol,
        adopted_on=adopted_on,
        mandate_end=mandate_end,
        chapter_vii=bool(_CHAPTER_VII.search(flat)),
        preamble=preamble,
        paragraphs=paragraphs,
        footnotes=[text for _, text in footnotes],
        warnings=warnings,
    )


def _find_symbol(text: str, warnings: list[str]) -> str:
    """The symbol from the heading area, preferring the symbol that ends a line (the masthead)
    and the "Resolution N (YYYY)" heading over a symbol cited inside a sentence."""
    head = text[:2000]
    masthead, heading = _SYMBOL_LINE.search(head), _HEADING.search(head)
    match = masthead or heading or _SYMBOL.search(head)
    if not match:
        raise NotAResolution(
            "This does not look like a Security Council resolution: no symbol such as "
            "'S/RES/2729 (2024)' or heading 'Resolution 2729 (2024)' at the top."
        )
    if masthead and heading and masthead.groups() != heading.groups():
        warnings.append(
            f"The masthead says {masthead.group(0).strip()} but the heading says "
            f"{heading.group(0).strip()}; the masthead was used."
        )
    return f"S/RES/{match.group(1)} ({match.group(2)})"


def _is_furniture(line: str) -> bool:
    return not _FURNITURE_TOKENS.sub("", line).strip()


def _body_lines(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Lines of the resolution after the adoption line, without furniture or footnotes.

    Footnotes run from a rule line to the end of the page, which a form feed or the next
    furniture line marks; they come back as (marker, text) pairs.
    """
    raw = text.split("\n")
    start = next((i + 1 for i, line in enumerate(raw) if _ADOPTED_LINE.search(line)), 0)
    # The adoption line may wrap once: then its date ends on the next line.
    if 0 < start < len(raw) and not _ADOPTED.search(raw[start - 1]):
        start += 1
    lines: list[str] = []
    footnotes: list[tuple[str, str]] = []
    in_footnotes = False
    page_start = 0
    for chunk in raw[start:]:
        for part_index, line in enumerate(chunk.split("\f")):
            if part_index:  # a page ended
                in_footnotes = False
                _lift_unruled_footnotes(lines, page_start, footnotes)
                page_start = len(lines)
            if _RULE.match(line):
                in_footnotes = True
                continue
            if _is_furniture(line):
                if line.strip():
                    in_footnotes = False
                    # Furniture sits at a page's top and foot: text extraction without form
                    # feeds still shows where a page's footnotes end.
                    _lift_unruled_footnotes(lines, page_start, footnotes)
                    page_start = len(lines)
                continue
            if in_footnotes:
                marker = _FOOTNOTE_LINE.match(line)
                if marker:
                    footnotes.append((marker.group(1), line[marker.end(1) :].strip()))
                elif footnotes:
                    footnotes[-1] = (footnotes[-1][0], f"{footnotes[-1][1]} {line.strip()}")
                continue
            lines.append(line)
    _lift_unruled_footnotes(lines, page_start, footnotes)
    return lines, footnotes


def _lift_unruled_footnotes(
    lines: list[str], page_start: int, footnotes: list[tuple[str, str]]
) -> None:
    """Footnotes at the foot of a page whose rule is a drawn line, not text (as in the
    official PDFs): the page's last lines from the one that starts with the next footnote
    number, when that number is also glued to a word higher up on the same page."""
    expected = str(len(footnotes) + 1)
    page = lines[page_start:]
    for k, line in enumerate(page):
        marker = _FOOTNOTE_LINE.match(line)
        if not marker or marker.group(1) != expected or k == 0:
            continue
        glued = re.compile(rf"[a-z\)\u201d\u2019]{expected}(?!\d)")
        tail = page[k:]
        # Footnotes are a few lines at the very foot of a page, never a paragraph marker:
        # without a page break in sight this is not a footnote block.
        if (
            len(tail) > MAX_FOOTNOTE_LINES
            or any(_NUMBER_MARKER.match(t) or _SUB_MARKER.match(t) for t in tail)
            or not glued.search(" ".join(page[:k]))
        ):
            continue
        del lines[page_start + k :]
        for note in page[k:]:
            marker = _FOOTNOTE_LINE.match(note)
            if marker and marker.group(1) == str(len(footnotes) + 1):
                footnotes.append((marker.group(1), note[marker.end(1) :].strip()))
            elif footnotes and note.strip():
                footnotes[-1] = (footnotes[-1][0], f"{footnotes[-1][1]} {note.strip()}")
        return


def _join(lines: list[str], footnote_markers: set[str]) -> tuple[str, list[str]]:
    """Join wrapped lines into one text; re-join words split by a line-end hyphen."""
    warnings: list[str] = []
    text = ""
    for line in lines:
        line = _SPACES.sub(" ", line).strip()
        if not line:
            continue
        hyphen = _HYPHEN_END.search(text)
        word = _WORD_START.match(line)
        if hyphen and word and text.endswith("\u00ad"):
            text = f"{text[:-1]}{line}"
        elif hyphen and word:
            # A plain hyphen at a line end is either a word split or a compound; guess, and say so.
            left, right = hyphen.group(1), word.group(1)
            if left.lower() in _KEEP_HYPHEN_LEFT or right.lower() in _KEEP_HYPHEN_RIGHT:
                text = f"{text}{line}"
            else:
                text = f"{text[:-1]}{line}"
                warnings.append(f"Line-end hyphen read as a split word: '{left}{right}'.")
        else:
            text = f"{text} {line}" if text else line
    text = _SUPERSCRIPTS.sub("", text)
    if footnote_markers:
        text = _GLUED_MARKER.sub(
            lambda m: "" if m.group(0) in footnote_markers else m.group(0), text
        )
    return text, warnings


def _preamble(lines: list[str], footnote_markers: set[str]) -> str:
    """Preambular paragraphs, one per line: a new one starts after a line ending in a comma."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if not line.strip():
            continue
        stripped = line.strip()
        if paragraphs[-1] and paragraphs[-1][-1].rstrip().endswith(",") and stripped[0].isupper():
            paragraphs.append([])
        paragraphs[-1].append(line)
    return "\n".join(text for text, _ in (_join(p, footnote_markers) for p in paragraphs) if text)


@dataclass
class _Open:
    paragraph: Paragraph
    lines: list[str]


def _operative_tree(lines: list[str], markers: set[str]) -> list[Paragraph]:
    top: list[Paragraph] = []
    stack: list[_Open] = []  # the open path, top-level paragraph first
    collected: list[_Open] = []

    def last_text() -> str:
        return next((line for line in reversed(stack[-1].lines) if line.strip()), "")

    def open_paragraph(paragraph: Paragraph, rest: str, depth: int) -> None:
        del stack[depth:]
        if depth:
            stack[-1].paragraph.children.append(paragraph)
        else:
            top.append(paragraph)
        stack.append(_Open(paragraph, [rest]))
        collected.append(stack[-1])

    sub_labels = [m.group(1) if (m := _SUB_MARKER.match(line)) else None for line in lines]
    for index, line in enumerate(lines):
        number = _NUMBER_MARKER.match(line)
        if number and (not stack or _ENDED.search(last_text())):
            value = int(number.group(1))
            expected = top[-1].number + 1 if top else 1
            if expected <= value <= expected + 2:
                paragraph = Paragraph(number=value, labels=(), kind="number")
                if value != expected:
                    paragraph.warnings.append(
                        f"Numbered {value} after {expected - 1}: paragraph {expected} is missing."
                    )
                open_paragraph(paragraph, number.group(2) or "", 0)
                continue
        sub = _SUB_MARKER.match(line)
        if sub and stack:
            following = itertools.islice(sub_labels, index + 1, None)
            placed = _place_sub(stack, sub.group(1), last_text(), following)
            if placed:
                depth, kind = placed
                parent = stack[depth - 1].paragraph
                paragraph = Paragraph(
                    number=parent.number, labels=(*parent.labels, sub.group(1)), kind=kind
                )
                open_paragraph(paragraph, sub.group(2) or "", depth)
                continue
            if _ENDED.search(last_text()):
                stack[-1].paragraph.warnings.append(
                    f"A line starting '({sub.group(1)})' did not follow the numbering and was "
                    "read as part of this paragraph's text."
                )
        if stack:
            stack[-1].lines.append(line)
    for item in collected:
        item.paragraph.text, doubts = _join(item.lines, markers)
        item.paragraph.warnings.extend(doubts)
    return top


def _place_sub(
    stack: list[_Open], label: str, before: str, following: Iterable[str | None]
) -> tuple[int, Kind] | None:
    """Where a sub-paragraph marker goes: (depth in the stack, kind), or None if it is text.

    Options: the first child of the deepest open paragraph (only after a colon), or the next
    sibling at any open level. "(i)" after a lettered item ending in a colon opens a roman list;
    after one ending in a semicolon it is the next letter. When both fit, the next marker
    ("(ii)" or "(j)") decides.
    """
    options: list[tuple[int, Kind]] = []
    deepest = stack[-1].paragraph
    if not deepest.children and _OPENS_LIST.search(before):
        if label == "a" and deepest.kind != "letter":
            options.append((len(stack), "letter"))
        if label == "i" and deepest.kind != "roman":
            options.append((len(stack), "roman"))
    for depth in range(len(stack) - 1, 0, -1):
        sibling = stack[depth].paragraph
        if (
            sibling.kind != "number"
            and label == _next_label(sibling.kind, sibling.labels[-1])
            and _ENDED.search(before)
        ):
            options.append((depth, sibling.kind))
    if not options:
        return None
    if len(options) > 1:
        for upcoming in following:
            if upcoming == "ii":
                return next((o for o in options if o[1] == "roman"), options[0])
            if upcoming and upcoming != "i" and _letter(upcoming) and _roman(upcoming) is None:
                return next((o for o in options if o[1] == "letter"), options[0])
    return options[0]


def _flag_strategic(paragraphs: list[Paragraph]) -> None:
    """Flag paragraphs that name strategic priorities or say what the mandate "shall be/include",
    with everything under them."""
    for paragraph in paragraphs:
        if any(pattern.search(paragraph.text) for pattern in _STRATEGIC):
            for item in paragraph.walk():
                item.is_strategic_priority = True
        else:
            _flag_strategic(paragraph.children)


def _mandate_end(paragraphs: list[Paragraph], warnings: list[str]) -> date | None:
    found: list[date] = []
    for paragraph in paragraphs:
        for item in paragraph.walk():
            for pattern in _MANDATE_END:
                for match in pattern.finditer(item.text):
                    day = _to_date(*match.groups()[-3:])
                    if day and day not in found:
                        found.append(day)
    if len(found) > 1:
        warnings.append(
            "Several mandate end dates: " + ", ".join(d.isoformat() for d in found) + "."
        )
    return found[0] if found else None
