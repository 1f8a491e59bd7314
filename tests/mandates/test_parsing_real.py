"""The parser on real Security Council resolutions (tests/mandates/real_resolutions.py), read from
the text an extraction of the official PDF gives, in three shapes, and from typeset PDFs."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from datetime import date

import pytest

from mandates.parsing import ParsedResolution, extract_pdf_text, parse_resolution
from tests.mandates.real_resolutions import (
    REAL_RESOLUTIONS,
    RES_2387,
    RES_2423,
    RES_2448,
    RES_2505,
    Resolution,
    as_extracted_text,
    as_pdf,
    expected,
    expected_preamble,
)

LAYOUTS = ("pasted", "pypdf", "split-leads", "pdf")
PAGE_NUMBER = re.compile(r"(?<![\w/])\d{1,2}/\d{1,2}(?![\w/])")
SPLIT_WORD = re.compile(r"^Line-end hyphen read as a split word: '\w+'\.$")


@pytest.fixture(scope="module")
def pdfs() -> dict[int, bytes]:
    return {res.number: as_pdf(res) for res in REAL_RESOLUTIONS}


def _text(res: Resolution, layout: str, pdfs: dict[int, bytes]) -> str:
    if layout == "pdf":
        return extract_pdf_text(pdfs[res.number])
    if layout == "pypdf":
        return as_extracted_text(res, form_feeds=True)
    if layout == "split-leads":
        return as_extracted_text(
            res, form_feeds=True, lead_on_own_line=True, trailing_space=True, masthead_s_lost=True
        )
    return as_extracted_text(res)


@pytest.fixture(scope="module")
def read(pdfs):
    cache: dict[tuple[int, str], ParsedResolution] = {}

    def parse(res: Resolution, layout: str = "pasted") -> ParsedResolution:
        key = (res.number, layout)
        if key not in cache:
            cache[key] = parse_resolution(_text(res, layout, pdfs))
        return cache[key]

    return parse


def _texts(parsed: ParsedResolution) -> dict[str, str]:
    return {p.reference: p.text for p in parsed.flat()}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("res", REAL_RESOLUTIONS, ids=lambda r: r.symbol)
def test_every_paragraph_is_read_whole_with_its_exact_text(res, layout, read):
    parsed = read(res, layout)
    assert [(p.reference, p.text) for p in parsed.flat()] == expected(res)
    assert parsed.preamble.split("\n") == expected_preamble(res)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("res", REAL_RESOLUTIONS, ids=lambda r: r.symbol)
def test_symbol_and_adoption_date_are_read_without_doubt(res, layout, read):
    parsed = read(res, layout)
    assert parsed.symbol == res.symbol
    assert parsed.adopted_on == res.adopted
    assert parsed.warnings == []
    # The only doubts allowed are words split at a line end that the text spells nowhere else;
    # each was re-joined right (the texts above are exact).
    doubts = [w for p in parsed.flat() for w in p.warnings]
    assert all(SPLIT_WORD.match(w) for w in doubts), doubts


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("res", REAL_RESOLUTIONS, ids=lambda r: r.symbol)
def test_furniture_and_footnotes_do_not_leak(res, layout, read):
    parsed = read(res, layout)
    leaks = [res.job, res.job.replace("-", ""), "Distr.", "United Nations S/RES", res.heading]
    leaks += [note[:20] for note in res.notes()]
    for text in [parsed.preamble, *_texts(parsed).values()]:
        assert not [leak for leak in leaks if leak in text], text
        assert not PAGE_NUMBER.search(text), text
        # the document's own symbol appears only where the text cites it
        assert res.symbol not in text
    assert [note.rstrip() for note in parsed.footnotes] == res.notes()


def test_minusca_2017_two_lists_of_roman_items_under_headings_without_colons(read):
    parsed = read(RES_2387)
    assert [p.reference for p in parsed.paragraphs] == ["1", "2", "3"]
    two = parsed.paragraphs[1]
    assert [c.reference for c in two.children] == ["2 (a)", "2 (b)"]
    assert [c.labels[-1] for c in two.children[0].children] == ["i", "ii", "iii", "iv", "v"]
    assert [c.kind for c in two.children[0].children] == ["roman"] * 5
    assert [c.reference for c in two.children[1].children] == ["2 (b) (i)", "2 (b) (ii)"]
    texts = _texts(parsed)
    assert texts["2 (a)"] == "Protection of civilians"
    assert texts["2 (b)"] == (
        "Good offices and support to the peace process, including national reconciliation, "
        "social cohesion and transitional justice"
    )
    assert texts["2 (a) (iv)"].endswith("strengthen civil-military cooperation;")
    assert parsed.mandate_end == date(2018, 11, 15) and parsed.chapter_vii
    flagged = {p.reference for p in parsed.flat() if p.is_strategic_priority}
    assert flagged == {ref for ref, _ in expected(RES_2387) if ref.startswith("2")}
    assert parsed.footnotes == []


def test_minusca_2018_bullets_stay_in_their_task_and_the_objective_is_a_priority(read):
    parsed = read(RES_2448)
    assert [p.reference for p in parsed.paragraphs] == ["1", "2", "3", "4"]
    assert [p.reference for p in parsed.flat()] == [
        "1", "2", "3", "3 (a)", "3 (a) (i)", "3 (a) (ii)", "3 (a) (iii)", "4",
    ]  # fmt: skip
    two = _texts(parsed)["3 (a) (ii)"]
    assert two.count(" \u2013 to ") == 4
    assert two.startswith("In support of the CAR Authorities, to take active steps")
    assert two.endswith("strengthen civil-military cooperation, including joint planning;")
    flagged = {p.reference for p in parsed.flat() if p.is_strategic_priority}
    assert flagged == {"2", "3", "3 (a)", "3 (a) (i)", "3 (a) (ii)", "3 (a) (iii)"}
    assert parsed.mandate_end == date(2019, 11, 15) and parsed.chapter_vii
    assert "resolution 2436 (2018)," in parsed.preamble  # footnote call 1 taken out
    assert "good-neighbourliness" in parsed.preamble and "non-interference" in parsed.preamble


def test_minusma_2018_single_items_under_headings_and_a_footnote(read):
    parsed = read(RES_2423)
    assert [p.reference for p in parsed.flat()] == [
        "1", "2", "3", "3 (a)", "3 (a) (i)", "3 (b)", "3 (b) (i)", "4",
    ]  # fmt: skip
    texts = _texts(parsed)
    assert texts["3 (a)"] == (
        "Protection of civilians and stabilization, including against asymmetric threats"
    )
    assert texts["3 (b)"] == "Promotion and protection of human rights"
    assert "sexual and gender-based violence" in texts["3 (b) (i)"]
    assert parsed.mandate_end == date(2019, 6, 30) and parsed.chapter_vii
    flagged = {p.reference for p in parsed.flat() if p.is_strategic_priority}
    assert flagged == {"3", "3 (a)", "3 (a) (i)", "3 (b)", "3 (b) (i)"}
    assert "Reconciliation in Mali (\u201cthe Agreement\u201d)" in parsed.preamble
    assert parsed.footnotes == ["S/2015/364/Add.2, annex (footnote added to the fixture)."]


def test_unmha_2020_a_political_mission_without_chapter_vii(read):
    parsed = read(RES_2505)
    assert [p.reference for p in parsed.flat()] == [
        "1", "2", "2 (a)", "2 (b)", "2 (c)", "2 (d)", "3",
    ]  # fmt: skip
    texts = _texts(parsed)
    assert texts["2 (c)"].endswith("in accordance with Yemeni law; and")
    assert texts["1"].endswith("as set out in the Stockholm Agreement, circulated as S/2018/1134;")
    assert parsed.mandate_end == date(2020, 7, 15)
    assert parsed.chapter_vii is False
    assert not any(p.is_strategic_priority for p in parsed.flat())


@pytest.mark.parametrize("res", [RES_2448, RES_2423], ids=lambda r: r.symbol)
def test_the_text_layout_splits_words_and_compounds_at_line_ends(res):
    """The cases the joins above had to get right are really in the text."""
    lines = as_extracted_text(res).split("\n")
    ends = [(line.split()[-1], after.split()[0]) for line, after in itertools.pairwise(lines)
            if line.endswith("-")]  # fmt: skip
    if res is RES_2448:
        assert ("non-", "interference,") in ends  # a compound broken at its own hyphen
    assert any(head[:-1].lower() not in {"non", "car"} for head, _ in ends)  # split words


def test_the_pdfs_are_typeset_over_pages_with_hyphenation_and_split_paragraphs(pdfs):
    text = extract_pdf_text(pdfs[RES_2448.number])
    pages = text.split("\f")
    assert len(pages) >= 2
    assert "\u2010\n" in text  # the typesetter's own hyphens
    flat_pages = [re.sub(r"[\s\u2010-]+", "", page) for page in pages]
    split = [
        ref
        for ref, body in expected(RES_2448)
        if not any(re.sub(r"[\s\u2010-]+", "", body) in page for page in flat_pages)
    ]
    preamble_split = [
        line
        for line in expected_preamble(RES_2448)
        if not any(re.sub(r"[\s\u2010-]+", "", line) in page for page in flat_pages)
    ]
    assert split or preamble_split  # at least one paragraph runs over a page break


def test_the_masthead_with_its_s_lost_still_gives_the_symbol(read):
    text = as_extracted_text(RES_2448, masthead_s_lost=True)
    assert "United Nations /RES/2448 (2018)" in text
    assert parse_resolution(text).symbol == "S/RES/2448 (2018)"
    assert read(RES_2448, "split-leads").symbol == "S/RES/2448 (2018)"


@pytest.mark.parametrize("mode", ["-layout", "-raw"])
@pytest.mark.parametrize("res", REAL_RESOLUTIONS, ids=lambda r: r.symbol)
def test_text_copied_out_by_another_extractor_reads_the_same(res, mode, pdfs, tmp_path):
    """Poppler's pdftotext, as a PDF viewer's copy would give the text: columns kept with
    spaces (-layout) or in content order (-raw)."""
    assert shutil.which("pdftotext"), "pdftotext not found: apt-get install poppler-utils"
    path = tmp_path / "resolution.pdf"
    path.write_bytes(pdfs[res.number])
    text = subprocess.run(
        ["pdftotext", mode, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    parsed = parse_resolution(text)
    assert [(p.reference, p.text) for p in parsed.flat()] == expected(res)
    assert parsed.preamble.split("\n") == expected_preamble(res)
    assert (parsed.symbol, parsed.adopted_on, parsed.warnings) == (res.symbol, res.adopted, [])
