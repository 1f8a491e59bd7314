"""The resolution parser on texts in the official layout, read as text and as rendered PDFs."""

from __future__ import annotations

from datetime import date

import pytest

from mandates.parsing import (
    NotAResolution,
    ParsedResolution,
    UnreadablePdf,
    extract_pdf_text,
    parse_resolution,
)
from tests.mandates.resolutions import RES_2729, RES_2729_TREE, RES_2741, as_pdf, as_text

ROMANS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi")
FURNITURE = ["S/RES/2729", "24-11873", "2411873", "/3", "020524", "Distr."]


def _minimal(operative: str) -> str:
    """A bare resolution around ``operative`` for the numbering cases."""
    return (
        "S/RES/2800 (2025)\nResolution 2800 (2025)\n"
        "Adopted by the Security Council at its 9900th meeting, on 3 March 2025\n"
        "The Security Council,\n      Recalling its resolutions,\n" + operative
    )


def _by_reference(parsed: ParsedResolution) -> dict[str, str]:
    return {p.reference: p.text for p in parsed.flat()}


@pytest.fixture(scope="module")
def res_2729() -> ParsedResolution:
    return parse_resolution(as_text(RES_2729))


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {sample.symbol: as_pdf(sample) for sample in (RES_2729, RES_2741)}


def test_it_reads_symbol_dates_and_chapter_vii(res_2729):
    assert res_2729.symbol == "S/RES/2729 (2024)"
    assert res_2729.adopted_on == date(2024, 4, 30)
    assert res_2729.mandate_end == date(2025, 4, 30)
    assert res_2729.chapter_vii is True
    assert res_2729.warnings == []


def test_it_normalises_a_symbol_printed_without_space_and_reads_a_one_year_period():
    parsed = parse_resolution(as_text(RES_2741))
    assert parsed.symbol == "S/RES/2741 (2024)"
    assert parsed.adopted_on == date(2024, 10, 29)
    assert parsed.mandate_end == date(2025, 10, 31)
    assert parsed.chapter_vii is False


def test_it_reads_an_adoption_line_that_wraps():
    text = as_text(RES_2729).replace("meeting, on 30 April 2024", "meeting, on 30\nApril 2024")
    parsed = parse_resolution(text)
    assert parsed.adopted_on == date(2024, 4, 30)
    assert parsed.preamble.startswith("The Security Council,")


def test_it_takes_the_symbol_from_a_resolution_heading_alone():
    text = _minimal("      1.    Decides to remain seized of the matter.").replace(
        "S/RES/2800 (2025)\n", ""
    )
    assert parse_resolution(text).symbol == "S/RES/2800 (2025)"


def test_it_reads_the_paragraph_tree_in_order(res_2729):
    flat = res_2729.flat()
    assert [(p.reference, p.depth) for p in flat] == RES_2729_TREE
    assert [p.number for p in res_2729.paragraphs] == list(range(1, 9))
    three = res_2729.paragraphs[2]
    assert [c.reference for c in three.children] == ["3 (a)", "3 (b)"]
    assert [c.reference for c in three.children[1].children] == [
        "3 (b) (i)",
        "3 (b) (ii)",
        "3 (b) (iii)",
        "3 (b) (iv)",
    ]
    assert three.children[1].children[3].parent_reference == "3 (b)"
    assert three.children[1].children[3].kind == "roman"
    assert all(not p.warnings for p in flat)


def test_it_keeps_each_paragraphs_own_text_on_one_line(res_2729):
    texts = _by_reference(res_2729)
    assert (
        texts["3"]
        == "Decides that the mandate of UNIMVAL shall include the following priority tasks:"
    )
    assert texts["3 (a)"] == "Protection of civilians:"
    assert texts["3 (a) (ii)"] == (
        "To deter and prevent attacks against civilians, including through a proactive and "
        "robust posture and early warning;"
    )
    assert texts["8"] == "Decides to remain seized of the matter."
    assert all("\n" not in text and "  " not in text for text in texts.values())


def test_a_paragraph_split_across_a_page_break_reads_as_one(res_2729):
    assert _by_reference(res_2729)["5"] == (
        "Requests the Secretary-General to ensure that UNIMVAL has the capacities it needs, "
        "including air assets and enablers, and to continue the progressive deployment of its "
        "formed police units to the western provinces, as recommended in his report;"
    )


def test_page_furniture_does_not_leak(res_2729):
    for text in [res_2729.preamble, *_by_reference(res_2729).values()]:
        for furniture in FURNITURE:
            assert furniture not in text


def test_footnotes_and_their_markers_do_not_leak(res_2729):
    assert res_2729.footnotes == ["S/2023/880, annex."]
    assert "Peace and Reconciliation Agreement, and stressing" in res_2729.preamble
    assert "Agreement1" not in res_2729.preamble
    assert all("S/2023/880" not in text for text in _by_reference(res_2729).values())
    assert _by_reference(res_2729)["2"].endswith("restoration of State authority;")


def test_the_preamble_keeps_one_line_per_paragraph(res_2729):
    lines = res_2729.preamble.splitlines()
    assert lines[0] == "The Security Council,"
    assert lines[1].startswith("Recalling its previous resolutions")
    assert lines[-1] == "Acting under Chapter VII of the Charter of the United Nations,"
    assert len(lines) == 7


def test_quoted_paragraph_numbers_do_not_open_paragraphs(res_2729):
    texts = _by_reference(res_2729)
    assert "6 (a)" not in texts
    assert "paragraphs 7 to 9 of resolution 2709 (2023)" in texts["6"]
    assert "as set out in paragraph 3 (a) of resolution 2709 (2023), without" in texts["6"]
    assert res_2729.paragraphs[5].children == []


def test_i_after_h_ending_in_a_semicolon_is_the_next_letter(res_2729):
    four = res_2729.paragraphs[3]
    assert [c.labels[-1] for c in four.children] == list("abcdefghij")
    assert four.children[8].kind == "letter"
    assert four.children[7].children == []


def test_i_after_h_ending_in_a_colon_opens_a_roman_list():
    parsed = parse_resolution(
        _minimal(
            "      1.    Decides:\n      (g)   x;\n".replace("(g)   x;", "(a)   To a;")
            + "".join(f"      ({c})   To {c};\n" for c in "bcdefg")
            + "      (h)   To h, as follows:\n      (i)   first;\n      (ii)  second;\n"
            + "      (i)   To i;\n      2.    Decides to remain seized of the matter."
        )
    )
    refs = [p.reference for p in parsed.flat()]
    assert refs[-5:] == ["1 (h)", "1 (h) (i)", "1 (h) (ii)", "1 (i)", "2"]


def test_an_ambiguous_i_is_settled_by_the_marker_after_it():
    operative = (
        "      1.    Decides:\n"
        + "".join(f"      ({c})   To {c};\n" for c in "abcdefg")
        + "      (h)   To h, and:\n      (i)   To i;\n      (j)   To j;\n"
        + "      2.    Decides to remain seized of the matter."
    )
    refs = [p.reference for p in parse_resolution(_minimal(operative)).flat()]
    assert refs[-4:] == ["1 (h)", "1 (i)", "1 (j)", "2"]


def test_roman_numerals_run_past_ix():
    operative = (
        "      1.    Decides:\n      (a)   Tasks:\n"
        + "".join(f"      ({r})   To {r};\n" for r in ROMANS)
        + "      (b)   Other;\n      2.    Decides to remain seized of the matter."
    )
    parsed = parse_resolution(_minimal(operative))
    one_a = parsed.paragraphs[0].children[0]
    assert [c.labels[-1] for c in one_a.children][-4:] == ["viii", "ix", "x", "xi"]
    assert [c.reference for c in parsed.paragraphs[0].children] == ["1 (a)", "1 (b)"]


def test_roman_list_directly_under_a_number_takes_letters_beneath():
    operative = (
        "      1.    Decides that the mandate of X shall be as follows:\n"
        "      (i)   Protection of civilians:\n      (a)   To protect;\n      (b)   To deter;\n"
        "      (ii)  Political support:\n      (a)   Good offices;\n"
        "      2.    Decides to remain seized of the matter."
    )
    parsed = parse_resolution(_minimal(operative))
    refs = [p.reference for p in parsed.flat()]
    assert refs == ["1", "1 (i)", "1 (i) (a)", "1 (i) (b)", "1 (ii)", "1 (ii) (a)", "2"]
    assert all(p.is_strategic_priority for p in parsed.paragraphs[0].walk())


def test_a_numbered_line_inside_a_sentence_is_text():
    operative = (
        "      1.    Recalls paragraphs 7 to\n2. of resolution 2709 (2023);\n"
        "      2.    Decides to remain seized of the matter."
    )
    parsed = parse_resolution(_minimal(operative))
    assert [p.reference for p in parsed.flat()] == ["1", "2"]
    assert parsed.paragraphs[0].text == "Recalls paragraphs 7 to 2. of resolution 2709 (2023);"


def test_a_gap_in_the_numbering_is_flagged():
    parsed = parse_resolution(
        _minimal("      1.    Decides a;\n      3.    Decides b;\n      4.    Decides c.")
    )
    assert [p.number for p in parsed.paragraphs] == [1, 3, 4]
    assert parsed.paragraphs[1].warnings == ["Numbered 3 after 1: paragraph 2 is missing."]


def test_strategic_priorities_are_flagged_with_their_sub_paragraphs(res_2729):
    flagged = {p.reference for p in res_2729.flat() if p.is_strategic_priority}
    assert flagged == {ref for ref, _ in RES_2729_TREE if ref.split()[0] in {"2", "3"}}


def test_a_line_end_hyphen_is_rejoined_and_flagged():
    parsed = parse_resolution(as_text(RES_2741))
    two_b = parsed.flat()[5]
    assert two_b.reference == "2 (b)"
    assert two_b.text.endswith("in line with the peacekeeping principles;")
    assert "confidence-building" in two_b.text
    assert two_b.warnings == ["Line-end hyphen read as a split word: 'peacekeeping'."]


def test_a_text_that_is_not_a_resolution_is_refused():
    report = (
        "S/2024/245\nSecurity Council\nDistr.: General\n22 March 2024\n\n"
        "Situation in Valdoria\nReport of the Secretary-General\n\n"
        "1. The present report is submitted pursuant to resolution 2709 (2023), in which the\n"
        "Council requested me to report, as set out in S/RES/2709 (2023), paragraph 3 (a).\n"
    )
    letter = "Letter dated 2 May 2024 from the Permanent Representative\n1. We welcome ..."
    with pytest.raises(NotAResolution, match="does not look like a Security Council resolution"):
        parse_resolution(letter)
    with pytest.raises(NotAResolution, match="only adopted resolutions can be imported"):
        parse_resolution(report)


def test_a_cited_symbol_does_not_replace_the_masthead(res_2729):
    text = as_text(RES_2729).replace(
        "Resolution 2729 (2024)", "Resolution 2729 (2024)\n(see also S/RES/2709 (2023) above)"
    )
    assert parse_resolution(text).symbol == "S/RES/2729 (2024)"


def test_a_resolution_without_operative_paragraphs_is_refused():
    with pytest.raises(NotAResolution, match="no operative paragraph"):
        parse_resolution(_minimal("      Decides to remain seized of the matter."))


@pytest.mark.parametrize("text", ["", "   \n\f  \n"])
def test_empty_text_is_refused(text):
    with pytest.raises(NotAResolution, match="empty"):
        parse_resolution(text)


@pytest.mark.parametrize("sample", [RES_2729, RES_2741], ids=lambda s: s.symbol)
def test_the_pdf_reads_like_the_text(sample, pdfs):
    from_text = parse_resolution(as_text(sample))
    from_pdf = parse_resolution(extract_pdf_text(pdfs[sample.symbol]))

    def shape(parsed):
        return [(p.reference, p.text, p.is_strategic_priority) for p in parsed.flat()]

    assert shape(from_pdf) == shape(from_text)
    assert from_pdf.preamble == from_text.preamble
    assert (from_pdf.symbol, from_pdf.adopted_on, from_pdf.mandate_end) == (
        from_text.symbol,
        from_text.adopted_on,
        from_text.mandate_end,
    )
    assert from_pdf.footnotes == from_text.footnotes


def test_pdf_text_keeps_pages_apart(pdfs):
    assert extract_pdf_text(pdfs["S/RES/2729 (2024)"]).count("\f") == 2


@pytest.mark.parametrize("data", [b"not a pdf at all", b"%PDF-1.7\n\x00\x01garbage"])
def test_garbage_bytes_are_an_unreadable_pdf(data):
    with pytest.raises(UnreadablePdf, match="could not be read as a PDF"):
        extract_pdf_text(data)


def test_an_empty_file_is_an_unreadable_pdf():
    with pytest.raises(UnreadablePdf, match="empty"):
        extract_pdf_text(b"")


def test_a_pdf_without_text_is_an_unreadable_pdf():
    from weasyprint import HTML

    blank = HTML(string="<div style='height:5cm;background:#000'></div>").write_pdf()
    with pytest.raises(UnreadablePdf, match="scan"):
        extract_pdf_text(blank)


def test_a_footnote_without_a_text_rule_does_not_leak():
    """In the official PDFs the footnote rule is a drawn line that text extraction loses."""
    text = as_text(RES_2729)
    assert "______________" in text
    without_rule = "\n".join(
        line for line in text.split("\n") if not line.strip().startswith("_____")
    )
    parsed = parse_resolution(without_rule)
    with_rule = parse_resolution(text)
    assert [p.text for p in parsed.flat()] == [p.text for p in with_rule.flat()]
    assert parsed.preamble == with_rule.preamble
    assert parsed.footnotes == with_rule.footnotes
    assert all("S/2023/880, annex" not in p.text for p in parsed.flat())
