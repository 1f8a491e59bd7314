"""Read a Security Council resolution, as published, into its operative paragraph tree.

Plain Python on purpose: the import screen, the ``import_mandate`` command and the benchmark all
call it, and it is tested without a database. Only ``extract_pdf_text`` touches a library (pypdf);
line-end hyphens may consult pyphen (WeasyPrint's hyphenation patterns) when it is installed.

What it relies on, from the official layout and from what text extraction makes of it:

- the symbol ``S/RES/NNNN (YYYY)`` (the masthead ``S`` may come out detached or missing) or a
  ``Resolution NNNN (YYYY)`` heading line, and the line "Adopted by the Security Council at its
  NNNNth meeting, on D Month YYYY" (resolutions adopted by written procedure in 2020-2021 say
  "Adopted by the Security Council on D Month YYYY");
- operative paragraphs numbered ``1.`` ``2.`` ... at line start (the number may stand alone on its
  line, and so may the italic verb after it), sub-paragraphs ``(a)`` and ``(i)`` at line start. A
  marker opens a paragraph only when it is the next one expected and the text before it has
  ended (``;`` ``:`` ``.`` ``,`` or "; and"), or, for the first item of a list, after a heading
  such as "(a) Protection of civilians" that the official texts print without a colon; a marker
  followed by "of resolution ..." or preceded by "paragraph 3" is a citation, not a paragraph;
- text after the last item of a list that starts a Council sentence ("and requests ...",
  "Further requests ...") belongs to the paragraph that opened the list, not to the last item;
- page furniture (running symbol, page numbers, document code, barcode) sits on lines of its
  own; footnotes follow a rule line at the bottom of a page or, where the rule was a drawn line
  that extraction lost, are the page's last lines starting with the next footnote number.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from typing import Literal

from django.utils.translation import gettext, gettext_noop

from mandates.procedural import mark_procedural

__all__ = [
    "HEADING_GAP",
    "LIST_GAP",
    "NotAResolution",
    "Paragraph",
    "ParsedResolution",
    "UnreadablePdf",
    "extract_pdf_text",
    "parse_resolution",
]


class NotAResolution(ValueError):
    """The text does not read as an adopted Security Council resolution.

    ``message`` is the English text with ``%(name)s`` placeholders (marked for translation),
    ``params`` their values: a job read by the worker keeps both and is shown later in the
    reader's language, which ``str()`` gives in the language active when it is called.
    """

    def __init__(self, message: str, **params: str) -> None:
        super().__init__(message)
        self.message, self.params = message, params

    def __str__(self) -> str:
        return localised_refusal(self.message, self.params)


def localised_refusal(message: str, params: dict[str, str]) -> str:
    """A refusal's text in the active language (as it was, if its values do not fit)."""
    try:
        return gettext(message) % params if params else gettext(message)
    except (KeyError, TypeError, ValueError):
        return message


class UnreadablePdf(ValueError):
    """The bytes are not a PDF pypdf can read, or the PDF holds no text (a scan)."""


Kind = Literal["number", "letter", "roman"]

# Joins a list's lead-in to the words that close the paragraph after the list.
LIST_GAP = " \u2026 "
# Joins a sub-paragraph's heading ("Good offices and reconciliation") to the unnumbered text
# printed under it.
HEADING_GAP = " \u2014 "


@dataclass
class Paragraph:
    number: int
    labels: tuple[str, ...]  # ("a", "ii") for 3 (a) (ii)
    kind: Kind
    text: str = ""
    children: list[Paragraph] = field(default_factory=list)
    is_strategic_priority: bool = False
    warnings: list[str] = field(default_factory=list)
    # Guessed by ``mandates.procedural``: the Council's own business, not a task for the mission.
    is_procedural: bool = False
    procedural_reason: str = ""

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

# Extraction of the official masthead may detach the large "S" or lose it.
_SYMBOL_CORE = r"(?:(?<![A-Za-z])S\s?)?/\s?RES\s?/\s?(\d{1,5})\s*\((\d{4})\)"
_SYMBOL = re.compile(r"(?<![A-Za-z])S\s?/\s?RES\s?/\s?(\d{1,5})\s*\((\d{4})\)")
_SYMBOL_LINE = re.compile(_SYMBOL_CORE + r"\s*$", re.MULTILINE)
_HEADING = re.compile(r"^\s*Resolution\s+(\d{1,5})\s*\((\d{4})\)\s*$", re.MULTILINE | re.I)
_ADOPTED = re.compile(
    r"Adopted\s+by\s+the\s+Security\s+Council\s+"
    r"(?:at\s+its\s+(\d+)\s*(?:st|nd|rd|th)?\s+meeting,?\s+)?on\s+" + _DATE,
    re.I,
)
_DISTRIBUTED = re.compile(r"Distr\.\s*:\s*General\s+" + _DATE, re.I)
# "Acting under Chapter VII of the Charter", "Acting under Article 41 of Chapter VII",
# "Decides, acting under Chapter VII, to extend ..."; never Chapter VIII.
_CHAPTER_VII = re.compile(
    r"\bacting\s+under\s+(?:Article\s+\d+\s+of\s+)?Chapter\s+VII\b(?![IVX])", re.I
)
# "until 15 March 2018", "through ...", "for a new period terminating on 15 February 2009" (the
# wording of older resolutions), "... expiring on ...".
_UNTIL = r"(?:until|through|(?:ending|terminating|expiring)(?:\s+on)?)\s+(?:on\s+)?"
_MANDATE_END = (
    re.compile(
        r"\b(?:extend|renew)s?\b[^.;]{0,60}?\bmandate\b[^;]{0,300}?\b" + _UNTIL + _DATE, re.I
    ),
    re.compile(
        r"\b(?:extend|renew)s?\s+(?:until|through)\s+" + _DATE + r"\s+the\s+mandate\b", re.I
    ),
)
_STRATEGIC = (
    re.compile(r"\bstrategic\s+(?:priorit(?:y|ies)|objectives?)\b", re.I),
    re.compile(
        r"\bmandate\b[^;:]{0,120}?\bshall\s+(?:be\s+as\s+follows|be\s*:|include|comprise"
        r"|consist)\b",
        re.I,
    ),
    re.compile(r"\bfollowing\s+(?:\w+\s+){0,2}priority\s+tasks\b", re.I),
    re.compile(r"\bpriority\s+tasks\s+(?:are|shall|include)\b", re.I),
)
# Lists the Council sets apart from its priorities, and headings that name one or the other.
_OTHER_TASKS = re.compile(r"\b(?:other|additional|further)\s+tasks\b", re.I)
_OTHER_HEADING = re.compile(r"^\s*(?:other|additional|further)\s+tasks\b", re.I)
_PRIORITY_HEADING = re.compile(r"^\s*(?:(?:strategic|immediate)\s+)?priorit(?:y|ies)\b", re.I)

# The marker may stand alone on its line when a PDF puts it in its own text run.
_NUMBER_MARKER = re.compile(r"^\s*(\d{1,3})\.(?:\s+(\S.*)|(?=[A-Z\u201c\"])(\S.*))?\s*$")
_SUB_MARKER = re.compile(r"^\s*\(([a-z]|[ivxlc]{1,7})\)(?:\s*(\S.*))?\s*$")
_FIRST_OPERATIVE = re.compile(r"^\s*1\.(?:\s*[A-Z\u201c\"]|\s*$)")
_ENDED = re.compile(r"(?:[;:.,\u2014\u2013]|[;,]\s*(?:and|or))\s*$")
_OPENS_LIST = re.compile(r"[:\u2014\u2013]\s*$")
_ANNEX = re.compile(r"^\s*(?:Annex|Appendix)(?:\s+[IVX\d]{1,4})?\s*$")
_ADOPTED_LINE = re.compile(r"\bAdopted\s+by\s+the\s+Security\s+Council\b", re.I)
# A marker that goes on "(a) of resolution 2709", "(a) and (b)", "(ii) above" is a citation.
_CITATION_AFTER = re.compile(r"^(?:of|above|below|thereof|and\s*\(|or\s*\(|to\s*\(|[,;)])")
# Text that leads into a cited number: "paragraph 3", "paragraphs 28 (a) and".
_CITATION_BEFORE = re.compile(
    r"(?:\b(?:sub)?paragraphs?|\bresolutions?|\bannex|\bsection|\bpart|\barticle|\d|\))\s*$",
    re.I,
)
# Words a heading does not end on; a line ending on one of them runs on.
_RUNS_ON = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "for",
        "with",
        "by",
        "on",
        "at",
        "as",
        "from",
        "and",
        "or",
        "nor",
        "including",
        "notably",
        "such",
        "its",
        "their",
        "his",
        "her",
        "this",
        "that",
        "these",
        "those",
        "which",
        "who",
        "whose",
        "within",
        "between",
        "among",
    ]
)
# The Council's own sentence resuming after a list: "and requests ...", "Further requests ...".
_COUNCIL_VERBS = (
    r"(?:requests|decides|notes|urges|calls|encourages|emphasi[sz]es|stresses|underlines"
    r"|underscores|reiterates|reaffirms|expresses|welcomes|invites|demands|authori[sz]es"
    r"|affirms|recogni[sz]es|acknowledges|condemns|commends|looks\s+forward|takes\s+note)"
)
_RESUMES = re.compile(
    r"^\s*(?:and\s+(?:(?:further|also|in\s+this\s+regard,?|to\s+this\s+end,?)\s+)?"
    r"|(?:further|also|in\s+this\s+regard,?|to\s+this\s+end,?)\s+)" + _COUNCIL_VERBS + r"\b"
)
_RESUMES_SENTENCE = re.compile(
    r"^\s*(?:(?:further|also|in\s+this\s+regard,?)\s+)?" + _COUNCIL_VERBS + r"\b"
)
_RESUMES_INLINE = re.compile(
    r"[;,]\s+(and\s+(?:(?:further|also|in\s+this\s+regard,?)\s+)?" + _COUNCIL_VERBS + r"\b.*)$",
    re.I | re.S,
)

# Furniture tokens; a line made only of these is page furniture, not text.
_FURNITURE_TOKENS = re.compile(
    _SYMBOL_CORE + r"|\b\d{2}-\d{5}\s*(?:\([A-Z]\))?"  # document code 24-12345 (E)
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
_FOOTNOTE_LINE = re.compile(r"^\s*(\d{1,2}|[\u00b9\u00b2\u00b3\u2070-\u2079]+)\.?\s+\S")
_SUPERSCRIPTS = re.compile(r"[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+")
_SPACES = re.compile(r"[ \t\u00a0\u2002-\u200a\u202f]+")
# A footnote number printed as a superscript comes out of a PDF glued to the word before it.
_SPACE_BEFORE_PUNCTUATION = re.compile(r"(?<=[\w)\u201d])\s+([,;.:])(?=\s|$)")
# ... or set apart by a space, before punctuation: "resolution 2436 (2018) 1,". Not after a word
# that cites a number ("paragraph 1.").
_SPACED_MARKER = re.compile(
    r"(?<![Pp]aragraph)(?<![Pp]aragraphs)(?<![Rr]esolution)(?<![Aa]nnex)(?<![Pp]art)"
    r"(?<=[a-z)\u201d])(\s(\d{1,2}))(?=[,;.:](?:\s|$))"
)
_GLUED_MARKER = re.compile(r"(?<=[a-z)\u201d\u2019\"])\d{1,2}(?=[\s,.;:)]|$)")
# Characters PDFs use for what plain text writes otherwise. U+2010 and the soft hyphen at a line
# end are the typesetter's own hyphens (a word split), kept apart from "-" until lines are joined.
_PLAIN = str.maketrans({
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\u2011": "-", "\u200b": None, "\ufeff": None,
})  # fmt: skip
_SPLIT_HYPHENS = "\u2010\u00ad"
_HYPHEN_END = re.compile(r"([A-Za-z]+)([-\u2010\u00ad])$")
# Longer than any English word, so a line-end hyphen's word is whole within it.
_HYPHEN_TAIL = 80
_WORD_START = re.compile(r"^([A-Za-z]+)")
_WORDS = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# Prefixes and suffixes that keep their hyphen when a compound is split at a line end.
_KEEP_HYPHEN_LEFT = frozenset(
    [
        "non",
        "self",
        "cross",
        "well",
        "co",
        "ex",
        "anti",
        "post",
        "pre",
        "multi",
        "civil",
        "counter",
        "mid",
        "all",
        "high",
        "low",
    ]
)
_KEEP_HYPHEN_RIGHT = frozenset(
    [
        "based",
        "related",
        "led",
        "term",
        "level",
        "owned",
        "sensitive",
        "specific",
        "making",
        "building",
        "wide",
        "up",
        "going",
        "being",
        "called",
        "scale",
        "year",
        "responsive",
        "affected",
        "mandated",
        "border",
        "military",
    ]
)

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
        raise NotAResolution(gettext_noop("The text is empty."))
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_PLAIN)
    flat = _SPACES.sub(" ", text.replace("\f", " ").replace("\n", " "))

    warnings: list[str] = []
    adopted = _ADOPTED.search(flat)
    head = text[: _head_end(text)]
    symbol = _find_symbol(head, warnings)
    if not adopted:
        raise NotAResolution(
            gettext_noop(
                "No line “Adopted by the Security Council at its … meeting, on D Month YYYY” "
                "was found; only adopted resolutions can be imported, not drafts, reports or "
                "letters."
            )
        )
    adopted_on = _to_date(*adopted.groups()[1:])
    if adopted_on is None:
        raise NotAResolution(
            gettext_noop("The adoption date “%(date)s” is not a valid date."),
            date=adopted.group(0),
        )
    _check_dates(symbol, adopted_on, _SPACES.sub(" ", head.replace("\n", " ")), warnings)

    lines, footnotes = _body_lines(text)
    start = _first_operative(lines)
    if start is None:
        raise NotAResolution(
            gettext_noop(
                "%(symbol)s: no operative paragraph numbered “1.” was found after the preamble."
            ),
            symbol=symbol,
        )
    markers = {marker for marker, _ in footnotes if marker.isdigit()}
    words = _Vocabulary.of(lines)
    preamble = _preamble(lines[:start], markers, words)
    paragraphs = _operative_tree(lines[start:], markers, words)
    _flag_strategic(paragraphs)
    mark_procedural(paragraphs)

    mandate_end = _mandate_end(paragraphs, warnings)
    return ParsedResolution(
        symbol=symbol,
        adopted_on=adopted_on,
        mandate_end=mandate_end,
        chapter_vii=_acts_under_chapter_vii(preamble, paragraphs),
        preamble=preamble,
        paragraphs=paragraphs,
        footnotes=[text for _, text in footnotes],
        warnings=warnings,
    )


def _head_end(text: str) -> int:
    """Where the masthead and heading end: the adoption line, or 2,000 characters in."""
    adopted = _ADOPTED_LINE.search(text)
    return adopted.start() if adopted else min(len(text), 2000)


def _find_symbol(head: str, warnings: list[str]) -> str:
    """The symbol from the masthead (a symbol that ends a line) or the "Resolution N (YYYY)"
    heading; a symbol cited inside a sentence is a last resort."""
    masthead, heading = _SYMBOL_LINE.search(head), _HEADING.search(head)
    match = masthead or heading or _SYMBOL.search(head)
    if not match:
        raise NotAResolution(
            gettext_noop(
                "This does not look like a Security Council resolution: no symbol such as "
                "“S/RES/2729 (2024)” or heading “Resolution 2729 (2024)” at the top."
            )
        )
    if masthead and heading and masthead.groups() != heading.groups():
        warnings.append(
            f"The masthead says S/RES/{masthead.group(1)} ({masthead.group(2)}) but the heading "
            f"says {heading.group(0).strip()}; the masthead was used."
        )
    return f"S/RES/{match.group(1)} ({match.group(2)})"


def _check_dates(symbol: str, adopted_on: date, head: str, warnings: list[str]) -> None:
    """The symbol's year and the masthead's distribution date should agree with the adoption."""
    year = re.search(r"\((\d{4})\)", symbol)
    if year and int(year.group(1)) != adopted_on.year:
        warnings.append(
            f"The symbol {symbol} is of {year.group(1)} but the resolution says it was adopted "
            f"on {adopted_on.isoformat()}."
        )
    distributed = _DISTRIBUTED.search(head)
    issued = _to_date(*distributed.groups()) if distributed else None
    if issued and issued != adopted_on:
        warnings.append(
            f"The masthead is dated {issued.isoformat()} but the resolution says it was adopted "
            f"on {adopted_on.isoformat()}; the adoption date was used."
        )


# Three lower-case words in a row: running text, never furniture (checked first: it is cheap).
_PROSE = re.compile(r"\b[a-z]{2,}\s+[a-z]{2,}\s+[a-z]{2,}\b")


def _is_furniture(line: str) -> bool:
    return not _PROSE.search(line) and not _FURNITURE_TOKENS.sub("", line).strip()


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
                    footnotes.append((marker.group(1), line[marker.end(1) :].lstrip(". ").strip()))
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
    number, when that number is also glued to a word higher up (on this page or before)."""
    expected = str(len(footnotes) + 1)
    page = lines[page_start:]
    for k, line in enumerate(page):
        marker = _FOOTNOTE_LINE.match(line)
        if not marker or marker.group(1) != expected or k == 0:
            continue
        glued = re.compile(
            rf"[a-z\)\u201d\u2019\"]{expected}(?!\d)"
            rf"|(?<![Pp]aragraph)(?<=[a-z)\u201d])\s{expected}(?=[,;.:](?:\s|$))"
        )
        tail = page[k:]
        # Footnotes are a few lines at the very foot of a page, never a paragraph marker:
        # without a page break in sight this is not a footnote block.
        if (
            len(tail) > MAX_FOOTNOTE_LINES
            or any(_NUMBER_MARKER.match(t) or _SUB_MARKER.match(t) for t in tail)
            # The call is higher up the page, or (a typesetter that could not fit the note
            # under its call) on an earlier page.
            or not glued.search(" ".join(lines[: page_start + k]))
        ):
            continue
        del lines[page_start + k :]
        for note in page[k:]:
            marker = _FOOTNOTE_LINE.match(note)
            if marker and marker.group(1) == str(len(footnotes) + 1):
                footnotes.append((marker.group(1), note[marker.end(1) :].lstrip(". ").strip()))
            elif footnotes and note.strip():
                footnotes[-1] = (footnotes[-1][0], f"{footnotes[-1][1]} {note.strip()}")
        return


class _Vocabulary:
    """Words and hyphenated compounds the document writes inside its lines: the evidence for
    re-joining a word split at a line end. Gathered on first need: most texts have few hyphens
    at line ends, and many none."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        lengths = sorted(len(line.strip()) for line in lines if len(line.strip()) >= 30)
        self.typical_line = lengths[len(lengths) // 2] if lengths else 80

    @classmethod
    def of(cls, lines: list[str]) -> _Vocabulary:
        return cls(lines)

    @cached_property
    def _gathered(self) -> tuple[frozenset[str], frozenset[str]]:
        words: set[str] = set()
        compounds: set[str] = set()
        for line in self._lines:
            tokens = _WORDS.findall(line)
            # The last token may be the first half of a split word: it is no evidence.
            if tokens and _HYPHEN_END.search(line.rstrip()):
                tokens = tokens[:-1]
            for token in tokens:
                if "-" in token:
                    compounds.add(token.lower())
                    words.update(part.lower() for part in token.split("-"))
                else:
                    words.add(token.lower())
        return frozenset(words), frozenset(compounds)

    @property
    def words(self) -> frozenset[str]:
        return self._gathered[0]

    @property
    def compounds(self) -> frozenset[str]:
        return self._gathered[1]


@cache
def _hyphenation_points(word: str) -> tuple[int, ...] | None:
    """Where the English patterns allow ``word`` to be split, or None without pyphen."""
    try:
        import pyphen
    except ImportError:  # pragma: no cover - pyphen ships with WeasyPrint
        return None
    return tuple(pyphen.Pyphen(lang="en_US").positions(word))


def _rejoin(left: str, hyphen: str, right: str, words: _Vocabulary) -> tuple[bool, str | None]:
    """Whether ``left`` + hyphen + ``right`` at a line end keeps its hyphen, and a doubt if the
    answer is a guess. The document's own spelling decides first; then conventional compounds;
    then the hyphenation patterns."""
    joined, compound = f"{left}{right}".lower(), f"{left}-{right}".lower()
    if compound in words.compounds:
        return True, None
    if hyphen in _SPLIT_HYPHENS:
        return False, None
    if right[:1].isupper():  # Secretary-General, non-State
        return True, None
    if joined in words.words:
        return False, None
    if left.lower() in _KEEP_HYPHEN_LEFT or right.lower() in _KEEP_HYPHEN_RIGHT:
        return True, None
    points = _hyphenation_points(joined)
    if points is None or len(left) in points:
        return False, f"Line-end hyphen read as a split word: '{left}{right}'."
    return True, f"Line-end hyphen read as part of a compound: '{left}-{right}'."


def _join(
    lines: list[str], footnote_markers: set[str], words: _Vocabulary
) -> tuple[str, list[str]]:
    """Join wrapped lines into one text; re-join words split by a line-end hyphen."""
    warnings: list[str] = []
    text = ""
    for line in lines:
        if line is _HEADING_BREAK:
            text = f"{text}{HEADING_GAP}" if text else text
            continue
        line = _SPACES.sub(" ", line).strip()
        if not line:
            continue
        # Only the tail: searching the whole growing text made long paragraphs quadratic.
        hyphen = _HYPHEN_END.search(text[-_HYPHEN_TAIL:])
        word = _WORD_START.match(line)
        if hyphen and word:
            keep, doubt = _rejoin(hyphen.group(1), hyphen.group(2), word.group(1), words)
            text = f"{text[:-1]}-{line}" if keep else f"{text[:-1]}{line}"
            if doubt:
                warnings.append(doubt)
        elif text.endswith(HEADING_GAP) or (text.endswith("/") and line[:1].isalnum()):
            text = f"{text}{line}"  # after a heading gap, or a symbol broken after a slash
        else:
            text = f"{text} {line}" if text else line
    text = _SUPERSCRIPTS.sub("", text).replace("\u2010", "-").replace("\u00ad", "")
    if footnote_markers:
        text = _GLUED_MARKER.sub(
            lambda m: "" if m.group(0) in footnote_markers else m.group(0), text
        )
        text = _SPACED_MARKER.sub(
            lambda m: "" if m.group(2) in footnote_markers else m.group(0), text
        )
    # Extraction may set a run apart from the punctuation after it ("(2018) ,"), the
    # footnote call taken out from between them.
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text), warnings


# An italic lead word whose space an extraction lost: "Decidesto extend", "Recallingits".
_GLUED_LEAD = re.compile(
    r"^(\s*(?:Decides|Requests|Calls|Urges|Encourages|Emphasi[sz]es|Stresses|Underlines"
    r"|Underscores|Reiterates|Reaffirms|Expresses|Welcomes|Invites|Demands|Authori[sz]es"
    r"|Condemns|Notes|Recalls|Recogni[sz]es|Commends|Affirms|Acknowledges|Takes|Further"
    r"|[A-Z][a-z]{3,}(?:ing|ed)))(to|that|its|the|all|upon|with|further|also|note|in)\b"
)


def _unglue_lead(line: str) -> str:
    return _GLUED_LEAD.sub(r"\1 \2", line, count=1)


# A preambular paragraph opens with an italic participle or adjective.
_PREAMBLE_LEAD = re.compile(
    r"^\s*(?:[A-Z][a-z]+(?:ing|ed)\b|(?:Mindful|Aware|Conscious|Cognizant|Cognisant|Deeply"
    r"|Gravely|Strongly|Further|Also|Bearing|Having|Taking|Noting|Determined|Convinced"
    r"|Concerned|Alarmed|Reiterating|Acting)\b)"
)


def _preamble(lines: list[str], footnote_markers: set[str], words: _Vocabulary) -> str:
    """Preambular paragraphs, one per line: a new one starts after a line ending in a comma
    when the next line opens with a participle ("Recalling", "Expressing", "Mindful")."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if not line.strip():
            continue
        previous = paragraphs[-1][-1].rstrip() if paragraphs[-1] else ""
        line = _unglue_lead(line) if previous.endswith(",") or not previous else line
        if previous.endswith(",") and _PREAMBLE_LEAD.match(line):
            paragraphs.append([])
        paragraphs[-1].append(line)
    joined = (_join(p, footnote_markers, words) for p in paragraphs)
    return "\n".join(text for text, _ in joined if text)


def _first_operative(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        if not _FIRST_OPERATIVE.match(line):
            continue
        if line.strip() != "1.":
            return index
        upcoming = next((n for n in lines[index + 1 :] if n.strip()), "")
        if upcoming.strip()[:1].isupper():
            return index
    return None


class _Break(str):
    """A line-sized marker between a sub-paragraph's heading and the text printed under it."""


_HEADING_BREAK = _Break("")


@dataclass
class _Open:
    paragraph: Paragraph
    lines: list[str]
    tail: list[str] = field(default_factory=list)  # text after its list of sub-paragraphs


def _is_heading(item: _Open, typical_line: int) -> bool:
    """A sub-paragraph that is so far only a short title, as "(a) Protection of civilians"."""
    content = [line for line in item.lines if line.strip()]
    if item.paragraph.kind == "number" or item.paragraph.children or not 1 <= len(content) <= 2:
        return False
    text = " ".join(line.strip() for line in content)
    last = text.rsplit(" ", 1)[-1].lower()
    return (
        len(text) <= 2 * typical_line
        and not _ENDED.search(text)
        and not _CITATION_BEFORE.search(text)
        and last not in _RUNS_ON
    )


def _operative_tree(lines: list[str], markers: set[str], words: _Vocabulary) -> list[Paragraph]:
    top: list[Paragraph] = []
    stack: list[_Open] = []  # the open path, top-level paragraph first
    collected: list[_Open] = []
    in_tail = False  # the open top-level paragraph resumed after its list

    def last_text() -> str:
        item = stack[0] if in_tail else stack[-1]
        source = item.tail if in_tail else item.lines
        return next((line for line in reversed(source) if line.strip()), "")

    def open_paragraph(paragraph: Paragraph, rest: str, depth: int) -> None:
        nonlocal in_tail
        in_tail = False
        del stack[depth:]
        if depth:
            stack[-1].paragraph.children.append(paragraph)
        else:
            top.append(paragraph)
        stack.append(_Open(paragraph, [rest]))
        collected.append(stack[-1])

    sub_labels = [m.group(1) if (m := _SUB_MARKER.match(line)) else None for line in lines]
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if top and _ANNEX.match(line):
            break  # an annex numbers its own paragraphs; they are not the Council's
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
                rest = _unglue_lead(number.group(2) or number.group(3) or "")
                open_paragraph(paragraph, rest, 0)
                continue
        sub = _SUB_MARKER.match(line)
        if sub and stack and not _CITATION_AFTER.match(sub.group(2) or ""):
            following = itertools.islice(sub_labels, index + 1, None)
            placed = _place_sub(stack, sub.group(1), last_text(), following, words.typical_line)
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
        if not stack:
            continue
        if in_tail:
            stack[0].tail.append(line)
            continue
        if len(stack) > 1 and _resumes_parent(line, last_text()):
            in_tail = True
            stack[0].tail.append(line)
            continue
        item = stack[-1]
        if item.paragraph.kind == "number" and not any(part.strip() for part in item.lines):
            line = _unglue_lead(line)  # the verb under a number that stood alone
        if (
            line.strip()[:1].isupper()
            and len(last_text().strip()) < 0.75 * words.typical_line
            and _is_heading(item, words.typical_line)
        ):
            item.lines.append(_HEADING_BREAK)
        item.lines.append(line)

    _join_texts(collected, markers, words)
    return top


def _join_texts(collected: list[_Open], markers: set[str], words: _Vocabulary) -> None:
    """Each paragraph's lines joined into its text; a numbered paragraph's words after its
    list (its tail) follow the list."""
    for item in collected:
        item.paragraph.text, doubts = _join(item.lines, markers, words)
        item.paragraph.warnings.extend(doubts)
    for item in collected:
        if item.paragraph.kind != "number":
            continue
        if not item.tail and item.paragraph.children:
            _split_inline_tail(item)
        if item.tail:
            tail, doubts = _join(item.tail, markers, words)
            item.paragraph.text = f"{item.paragraph.text}{LIST_GAP}{tail}"
            item.paragraph.warnings.extend(doubts)


def _resumes_parent(line: str, before: str) -> bool:
    """After a list item that has ended, a line opening a Council sentence ("and requests",
    "Further requests") closes the list and continues the numbered paragraph."""
    if not re.search(r"[;,.]\s*$", before):
        return False
    if _RESUMES.match(line):
        return True
    # A new sentence after an item ending in a full stop: "Requests the Secretary-General ...".
    stripped = line.strip()
    return (
        before.rstrip().endswith(".")
        and stripped[:1].isupper()
        and bool(_RESUMES_SENTENCE.match(stripped.lower()))
    )


def _split_inline_tail(item: _Open) -> None:
    """ "(c) ...; and notes that ..." on the last item's own line: the words from "and notes"
    on close the numbered paragraph, not the item."""
    last = item.paragraph
    while last.children:
        last = last.children[-1]
    match = _RESUMES_INLINE.search(last.text)
    if match and match.start() > 0:
        item.tail.append(match.group(1))
        last.text = last.text[: match.start() + 1]


def _place_sub(
    stack: list[_Open],
    label: str,
    before: str,
    following: Iterable[str | None],
    typical_line: int,
) -> tuple[int, Kind] | None:
    """Where a sub-paragraph marker goes: (depth in the stack, kind), or None if it is text.

    Options: the first child of the deepest open paragraph (after a colon, or after a heading
    without one), or the next sibling at any open level. "(i)" after a lettered item ending in a
    colon opens a roman list; after one ending in a semicolon it is the next letter. When both
    fit, the next marker ("(ii)" or "(j)") decides.
    """
    options: list[tuple[int, Kind]] = []
    deepest = stack[-1].paragraph
    opens = _OPENS_LIST.search(before) or _is_heading(stack[-1], typical_line)
    if not deepest.children and opens:
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
    with everything under them, except lists of "other tasks" and what a heading such as
    "Other tasks" sets apart; a "Priority tasks" heading flags its own list."""
    for paragraph in paragraphs:
        lead = paragraph.text.split(LIST_GAP, 1)[0]
        if _OTHER_TASKS.search(lead) or _OTHER_HEADING.match(lead):
            continue
        if _PRIORITY_HEADING.match(lead) or any(p.search(lead) for p in _STRATEGIC):
            _flag_tree(paragraph)
        else:
            _flag_strategic(paragraph.children)


def _flag_tree(paragraph: Paragraph) -> None:
    paragraph.is_strategic_priority = True
    for child in paragraph.children:
        if not _OTHER_HEADING.match(child.text):
            _flag_tree(child)


def _acts_under_chapter_vii(preamble: str, paragraphs: list[Paragraph]) -> bool:
    """Read on the joined text, where a page break no longer separates "Acting" from "under"."""
    texts = [preamble, *(p.text for top in paragraphs for p in top.walk())]
    return any(_CHAPTER_VII.search(text) for text in texts)


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
