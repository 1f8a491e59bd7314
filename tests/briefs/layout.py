"""Reading a brief's pages back as a reader sees them: the body of each page (without the running
header and footer) through ``pdftotext -layout``, and the headings the HTML gave it."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

# The print stylesheet's page margins (21 mm top, 19 mm bottom) in points, less a little: the
# running header and footer sit inside them, the body below and above.
TOP = 58
BOTTOM = 52
HYPHENS = "\u2010\u00ad-"


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


def page_bodies(pdf: Path) -> list[list[str]]:
    """Each page's body lines (blank lines dropped), header and footer cropped away."""
    bodies = []
    for number in range(1, page_count(pdf) + 1):
        info = subprocess.run(
            ["pdfinfo", "-f", str(number), "-l", str(number), str(pdf)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        width, height = (
            float(v)
            for v in re.search(rf"Page\s+{number} size:\s+([\d.]+) x ([\d.]+)", info).groups()
        )
        text = subprocess.run(
            [
                "pdftotext",
                "-layout",
                "-f",
                str(number),
                "-l",
                str(number),
                "-x",
                "0",
                "-y",
                str(TOP),
                "-W",
                str(int(width)),
                "-H",
                str(int(height - TOP - BOTTOM)),
                str(pdf),
                "-",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        bodies.append([line for line in text.replace("\f", "").splitlines() if line.strip()])
    return bodies


class _Headings(HTMLParser):
    """The words of each h2 to h4, table caption and row-group heading (a stakeholder, an
    operative paragraph), without the badge some carry (a driver's level)."""

    def __init__(self) -> None:
        super().__init__()
        self.heading: list[str] | None = None
        self.tag = ""
        self.in_badge = 0
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("h2", "h3", "h4", "caption") or (tag == "th" and ("scope", "rowgroup") in attrs):
            self.tag = tag
            self.heading = []
        elif self.heading is not None and tag == "span":
            classes = (dict(attrs).get("class") or "").split()
            if self.in_badge or "badge" in classes:
                self.in_badge += 1

    def handle_endtag(self, tag: str) -> None:
        if self.heading is not None and tag == self.tag:
            self.found.append(re.sub(r"\s+", " ", "".join(self.heading)).strip())
            self.heading = None
        elif tag == "span" and self.in_badge:
            self.in_badge -= 1

    def handle_data(self, data: str) -> None:
        if self.heading is not None and not self.in_badge:
            self.heading.append(data)


def headings(html: str) -> list[str]:
    """The text of everything that heads what follows it: section headings (the cover's h1
    aside), table captions, row-group headings."""
    parser = _Headings()
    parser.feed(html)
    return [h for h in parser.found if h]


GAP = " \u2502 "  # where -layout puts columns apart: a table's cells, never one heading


def flat(lines: list[str]) -> str:
    """The lines as one run of words: a word broken at a hyphen is joined again, a run of
    spaces is one, a wide gap (between table columns) is kept as ``GAP``."""
    text = "\n".join(re.sub(r" {3,}", GAP, line.strip()) for line in lines)
    text = re.sub(rf"[{HYPHENS}]\n", "", text)
    return re.sub(r"[ \n]+", " ", text).strip()


def heading_at_foot(lines: list[str], titles: list[str]) -> str | None:
    """The heading the page ends with, if it ends with one (a driver's level badge may sit
    apart at its end)."""
    tail = flat(lines[-4:])
    for title in titles:
        if re.search(rf"(^|[ {GAP.strip()}]){re.escape(title)}({re.escape(GAP)}\S+)?$", tail):
            return title
    return None


# Printed in capitals (text-transform), so not found as written: left out of the count.
CAPITALISED = {"cover__marking", "cover__org"}


class _Text(HTMLParser):
    """The body's words, and apart those printed in a badge."""

    def __init__(self) -> None:
        super().__init__()
        self.in_body = False
        self.open: list[str] = []  # "badge", "caps" or "" for each element open
        self.words: list[str] = []
        self.badge_words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.in_body = self.in_body or tag == "body"
        if tag in ("br", "img", "col", "meta", "link", "hr", "input"):
            return
        classes = set((dict(attrs).get("class") or "").split())
        self.open.append("badge" if "badge" in classes else "caps" if classes & CAPITALISED else "")

    def handle_endtag(self, tag: str) -> None:
        if self.open and tag not in ("br", "img", "col", "meta", "link", "hr", "input"):
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if not self.in_body or "caps" in self.open:
            return
        words = re.findall(r"\w[\w'\u2019-]*", data)
        self.words += words
        if "badge" in self.open:
            self.badge_words += words


# A badge word (capitalised) is whole where no lower-case letter follows it: pdftotext -layout
# may set a neighbouring column's words against it ("ChangedO2.2", "objectivesAdded"), which
# splits nothing.
WORD_ENDS = r"(?![a-zà-ÿ'\u2019-])"


def broken_badge_words(html: str, text: str) -> list[str]:
    """The words of badges (a rating, a stance, a status) that the PDF's text holds whole less
    often than the HTML prints them: somewhere such a word was split across lines."""
    parser = _Text()
    parser.feed(html)
    return sorted(
        word
        for word in set(parser.badge_words)
        if len(re.findall(rf"{re.escape(word)}{WORD_ENDS}", text)) < parser.words.count(word)
    )
