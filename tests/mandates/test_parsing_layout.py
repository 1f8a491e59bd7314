"""The parser on layout cases met in real resolutions, each in a short text of the official shape:
text resuming after a list, cited paragraph numbers next to real lists, line-end hyphens,
written-procedure adoption lines, Chapter VII and end-date wordings, priority and other tasks,
and the masthead checks."""

from __future__ import annotations

from datetime import date

import pytest

from mandates.parsing import LIST_GAP, NotAResolution, ParsedResolution, parse_resolution

MASTHEAD = (
    "United Nations S/RES/2499 (2019)\nSecurity Council Distr.: General\n15 November 2019\n"
    "19-19827 (E)\n*1919827*\nResolution 2499 (2019)\n"
)
ADOPTED = "Adopted by the Security Council at its 8666th meeting, on 15 November 2019\n"
PREAMBLE = (
    "The Security Council,\n"
    "Recalling all of its previous resolutions, statements of its President, and press\n"
    "statements on the situation in the Central African Republic (CAR),\n"
)


def read(
    operative: str, *, preamble: str = PREAMBLE, head: str = MASTHEAD + ADOPTED
) -> ParsedResolution:
    return parse_resolution(f"{head}{preamble}{operative}")


def texts(parsed: ParsedResolution) -> dict[str, str]:
    return {p.reference: p.text for p in parsed.flat()}


# --- Text after a list belongs to the paragraph that opened it ---------------------------------

LIST = (
    "1. Calls upon the CAR authorities to:\n"
    "(a) Adopt the law on the status of the opposition;\n"
    "(b) Ensure the safety of the members of the National Elections Authority;\n"
    "(c) Finalize the electoral code before the end of the year,\n"
)


def test_a_council_sentence_after_the_last_item_closes_the_list():
    parsed = read(
        LIST + "and requests MINUSCA to support these efforts within its mandate and\n"
        "capabilities;\n2. Decides to remain actively seized of the matter."
    )
    found = texts(parsed)
    assert found["1 (c)"] == "Finalize the electoral code before the end of the year,"
    assert found["1"] == (
        f"Calls upon the CAR authorities to:{LIST_GAP}and requests MINUSCA to support these "
        "efforts within its mandate and capabilities;"
    )
    assert [p.reference for p in parsed.flat()] == ["1", "1 (a)", "1 (b)", "1 (c)", "2"]


def test_the_closing_words_on_the_last_items_own_line_are_taken_back_too():
    parsed = read(
        LIST.replace("of the year,\n", "of the year; and notes that the Council will review\n")
        + "progress in its next resolution;\n2. Decides to remain actively seized of the matter."
    )
    found = texts(parsed)
    assert found["1 (c)"] == "Finalize the electoral code before the end of the year;"
    assert found["1"].endswith(
        f"to:{LIST_GAP}and notes that the Council will review progress in its next resolution;"
    )


def test_a_new_sentence_after_a_list_item_ending_in_a_full_stop_closes_the_list():
    parsed = read(
        LIST.replace("of the year,\n", "of the year.\n")
        + "Further requests the Secretary-General to report on these steps;\n"
        "2. Decides to remain actively seized of the matter."
    )
    assert texts(parsed)["1"].endswith(
        f"{LIST_GAP}Further requests the Secretary-General to report on these steps;"
    )


def test_an_item_running_on_over_lines_is_not_cut():
    parsed = read(
        LIST.replace("of the year,\n", "of the year, in close\n")
        + "consultation with the political parties, and including the provisions\n"
        "requested by civil society;\n2. Decides to remain actively seized of the matter."
    )
    found = texts(parsed)
    assert found["1"] == "Calls upon the CAR authorities to:"
    assert found["1 (c)"].endswith("and including the provisions requested by civil society;")


# --- Cited numbers beside real lists --------------------------------------------------------


def test_cited_sub_paragraph_letters_never_open_items_even_after_and():
    parsed = read(
        "1. Decides that MINUSCA shall:\n"
        "(a) Support the implementation of the measures set out in paragraphs 28 (a) and\n"
        "(b) of resolution 2448 (2018), in coordination with the authorities;\n"
        "(b) Report on the measures set out in paragraph 3\n"
        "(a) above;\n"
        "2. Recalls paragraph\n"
        "3 of resolution 2409 (2018) and paragraphs 33 to 36 of resolution 2301 (2016);\n"
        "3. Decides to remain actively seized of the matter."
    )
    assert [p.reference for p in parsed.flat()] == ["1", "1 (a)", "1 (b)", "2", "3"]
    found = texts(parsed)
    assert "paragraphs 28 (a) and (b) of resolution 2448 (2018), in coordination" in found["1 (a)"]
    assert found["1 (b)"] == "Report on the measures set out in paragraph 3 (a) above;"


def test_a_heading_ending_with_a_cited_number_does_not_open_a_list():
    parsed = read(
        "1. Decides that MINUSCA shall continue the tasks set out in resolution 2448\n"
        "(2018), as follows:\n"
        "(a) Protection of civilians under paragraph 3\n"
        "(i) of resolution 2448 (2018);\n"
        "(b) Good offices;\n2. Decides to remain actively seized of the matter."
    )
    assert [p.reference for p in parsed.flat()] == ["1", "1 (a)", "1 (b)", "2"]


# --- Headings, unnumbered text and lead words on their own lines -----------------------------


def test_unnumbered_text_under_a_heading_is_set_apart_from_it():
    parsed = read(
        "1. Decides that MINUSMA\u2019s mandate shall include the following priority tasks:\n"
        "(a) Good offices and reconciliation\n"
        "To exercise good offices, confidence-building and facilitation at the national and\n"
        "local levels;\n"
        "(b) Protection of civilians\n"
        "(i) To protect civilians under threat of physical violence;\n"
        "2. Decides to remain actively seized of the matter."
    )
    found = texts(parsed)
    assert found["1 (a)"] == (
        "Good offices and reconciliation \u2014 To exercise good offices, confidence-building and "
        "facilitation at the national and local levels;"
    )
    assert [p.reference for p in parsed.flat()] == ["1", "1 (a)", "1 (b)", "1 (b) (i)", "2"]


def test_lone_numbers_and_lead_words_on_their_own_lines():
    parsed = read(
        "1.\nDecides\nto extend the mandate of MINUSCA until 15 November 2020;\n"
        "2.\nRequests\nthe Secretary-General to report every four months;\n"
        "3.\nDecides\nto remain actively seized of the matter.",
        preamble="The Security Council,\nRecalling\nits previous resolutions,\n"
        "Acting\nunder Chapter VII of the Charter of the United Nations,\n",
    )
    assert texts(parsed) == {
        "1": "Decides to extend the mandate of MINUSCA until 15 November 2020;",
        "2": "Requests the Secretary-General to report every four months;",
        "3": "Decides to remain actively seized of the matter.",
    }
    assert parsed.preamble.splitlines() == [
        "The Security Council,",
        "Recalling its previous resolutions,",
        "Acting under Chapter VII of the Charter of the United Nations,",
    ]
    assert parsed.chapter_vii and parsed.mandate_end == date(2020, 11, 15)


def test_a_comma_before_a_capitalised_name_does_not_open_a_preambular_paragraph():
    parsed = read(
        "1. Decides to remain actively seized of the matter.",
        preamble="The Security Council,\nWelcoming the cooperation of Burkina Faso, Chad,\n"
        "Mali, Mauritania and Niger,\nActing under Chapter VII of the Charter,\n",
    )
    assert parsed.preamble.splitlines()[1] == (
        "Welcoming the cooperation of Burkina Faso, Chad, Mali, Mauritania and Niger,"
    )


# --- Line-end hyphens -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wrapped", "joined", "doubt"),
    [
        ("the Secretary-\nGeneral", "the Secretary-General", False),
        ("peace-\nbuilding efforts", "peace-building efforts", False),
        ("civil-\nmilitary cooperation", "civil-military cooperation", False),
        ("a long-\nterm commitment", "a long-term commitment", False),
        ("non-\nState armed groups", "non-State armed groups", False),
        # the document spells it whole elsewhere
        ("the implemen-\ntation of the Agreement", "the implementation of the Agreement", False),
        # the typesetter's own hyphen (U+2010) and a soft hyphen are always a split
        ("the popu\u2010\nlation", "the population", False),
        ("the popu\u00ad\nlation", "the population", False),
        # nothing to go by but the hyphenation patterns: a split, flagged
        ("the reconcili-\nation commission", "the reconciliation commission", True),
    ],
)
def test_line_end_hyphens(wrapped, joined, doubt):
    parsed = read(
        f"1. Requests {wrapped} and supports the implementation of the Agreement;\n"
        "2. Decides to remain actively seized of the matter."
    )
    one = parsed.paragraphs[0]
    assert one.text == f"Requests {joined} and supports the implementation of the Agreement;"
    assert bool(one.warnings) is doubt


def test_a_compound_the_document_writes_with_its_hyphen_keeps_it():
    parsed = read(
        "1. Stresses the need for peace-building and welcomes the peace-\n"
        "building commission;\n2. Decides to remain actively seized of the matter."
    )
    assert "welcomes the peace-building commission;" in parsed.paragraphs[0].text
    assert parsed.paragraphs[0].warnings == []


# --- Adoption line, Chapter VII, end dates ---------------------------------------------------


def test_a_resolution_adopted_by_written_procedure_has_no_meeting_number():
    head = MASTHEAD.replace("2499 (2019)", "2540 (2020)").replace(
        "15 November 2019", "28 August 2020"
    )
    parsed = read(
        "1. Decides to extend until 31 August 2021 the mandate of UNSOM as set out in\n"
        "paragraph 1 of resolution 2158 (2014);\n2. Decides to remain seized of the matter.",
        head=head + "Adopted by the Security Council on 28 August 2020\n",
    )
    assert parsed.symbol == "S/RES/2540 (2020)"
    assert parsed.adopted_on == date(2020, 8, 28)
    assert parsed.mandate_end == date(2021, 8, 31)
    assert parsed.warnings == []


@pytest.mark.parametrize(
    ("line", "chapter_vii"),
    [
        ("Acting under Chapter VII of the Charter of the United Nations,", True),
        ("Acting under Article 41 of Chapter VII of the Charter of the United Nations,", True),
        ("Acting under Chapter VIII of the Charter of the United Nations,", False),
        ("Recalling its resolutions adopted under Chapter VII of the Charter,", False),
    ],
)
def test_chapter_vii_in_the_preamble(line, chapter_vii):
    parsed = read(
        "1. Decides to remain actively seized of the matter.",
        preamble=f"The Security Council,\n{line}\n",
    )
    assert parsed.chapter_vii is chapter_vii


def test_chapter_vii_invoked_in_an_operative_paragraph():
    parsed = read(
        "1. Decides to extend until 13 July 2018 the mandate of UNAMID;\n"
        "2. Decides, acting under Chapter VII, to extend the authorisations set out in\n"
        "paragraph 15 of its resolution 1769 (2007);\n3. Decides to remain seized of the matter."
    )
    assert parsed.chapter_vii is True
    assert parsed.mandate_end == date(2018, 7, 13)


@pytest.mark.parametrize(
    ("operative", "end"),
    [
        ("1. Decides to extend the mandate of MINUSMA until 30 June 2019;", date(2019, 6, 30)),
        ("1. Decides to extend until 15 December 2018 the mandate of MINUSCA as set out in\n"
         "resolution 2387 (2017);", date(2018, 12, 15)),
        ("1. Decides to renew the mandate of UNMISS until 15 March 2020, and further decides\n"
         "that the mandate shall be as follows:", date(2020, 3, 15)),
        ("1. Decides to extend the mandate of UNFICYP for a further period ending\n"
         "31 January 2020;", date(2020, 1, 31)),
        ("1. Decides to extend the mandate of the Panel of Experts;", None),
    ],
)  # fmt: skip
def test_mandate_end_dates_in_the_councils_wordings(operative, end):
    parsed = read(operative + "\n2. Decides to remain actively seized of the matter.")
    assert parsed.mandate_end == end


# --- Priorities ------------------------------------------------------------------------------


def test_priority_and_other_tasks_are_told_apart():
    parsed = read(
        "1. Decides that MINUSMA\u2019s second strategic priority is to facilitate the\n"
        "implementation by Malian actors of a comprehensive strategy;\n"
        "2. Decides that MINUSMA\u2019s mandate shall include the following priority tasks:\n"
        "(a) To support the political process;\n"
        "3. Decides that MINUSMA\u2019s mandate shall include the following other tasks:\n"
        "(a) Projects for stabilization;\n"
        "4. Decides that the mandate of UNMISS shall be as follows:\n"
        "(a) Priority tasks:\n(i) To protect civilians;\n"
        "(b) Other tasks:\n(i) To support the peace process;\n"
        "5. Requests the Secretary-General to ensure that the mandate shall be implemented;\n"
        "6. Decides to remain actively seized of the matter."
    )
    flagged = {p.reference for p in parsed.flat() if p.is_strategic_priority}
    assert flagged == {"1", "2", "2 (a)", "4", "4 (a)", "4 (a) (i)"}


# --- Masthead checks -------------------------------------------------------------------------


def test_a_symbol_of_another_year_than_the_adoption_is_flagged():
    parsed = read(
        "1. Decides to remain actively seized of the matter.",
        head=MASTHEAD.replace("2499 (2019)", "2499 (2018)") + ADOPTED,
    )
    assert parsed.symbol == "S/RES/2499 (2018)"
    assert parsed.warnings == [
        "The symbol S/RES/2499 (2018) is of 2018 but the resolution says it was adopted on "
        "2019-11-15."
    ]


def test_a_masthead_date_other_than_the_adoption_is_flagged():
    parsed = read(
        "1. Decides to remain actively seized of the matter.",
        head=MASTHEAD.replace("15 November 2019", "18 November 2019") + ADOPTED,
    )
    assert parsed.adopted_on == date(2019, 11, 15)
    assert parsed.warnings == [
        "The masthead is dated 2019-11-18 but the resolution says it was adopted on 2019-11-15; "
        "the adoption date was used."
    ]


def test_a_masthead_symbol_with_its_s_detached_is_read():
    parsed = read(
        "1. Decides to remain actively seized of the matter.",
        head=MASTHEAD.replace("S/RES/2499", "S /RES/2499").replace("Resolution 2499 (2019)\n", "")
        + ADOPTED,
    )
    assert parsed.symbol == "S/RES/2499 (2019)"


def test_a_draft_without_adoption_line_is_still_refused():
    with pytest.raises(NotAResolution, match="only adopted resolutions"):
        read("1. Decides to remain actively seized of the matter.", head=MASTHEAD)


# --- What the parser leaves out --------------------------------------------------------------


def test_an_annex_after_the_last_paragraph_is_not_read_as_operative_text():
    parsed = read(
        "1. Decides to extend the mandate of UNMISS until 15 March 2020;\n"
        "2. Decides to remain actively seized of the matter.\n"
        "Annex\n"
        "Benchmarks for the drawdown\n"
        "1. Ceasefire respected in all states;\n"
    )
    assert texts(parsed) == {
        "1": "Decides to extend the mandate of UNMISS until 15 March 2020;",
        "2": "Decides to remain actively seized of the matter.",
    }


def test_a_footnote_call_set_apart_by_a_space_is_taken_out_but_cited_numbers_stay():
    parsed = read(
        "1. Recalls its resolution 2436 (2018) 1, and paragraph 1. of its resolution 2499\n"
        "(2019);\n"
        "2. Decides to remain actively seized of the matter.\n"
        "1 On the performance of peacekeeping operations.\n"
        "19-19827 2/2\n"
    )
    assert parsed.footnotes == ["On the performance of peacekeeping operations."]
    assert parsed.paragraphs[0].text == (
        "Recalls its resolution 2436 (2018), and paragraph 1. of its resolution 2499 (2019);"
    )


def test_an_italic_lead_word_glued_to_the_next_word_is_set_apart():
    parsed = read(
        "1. Decidesto extend the mandate of MINUSCA until 15 November 2020;\n"
        "2.\nRequeststhe Secretary-General to report every four months;\n"
        "3. Decides to remain actively seized of the matter.",
        preamble="The Security Council,\nRecallingits previous resolutions,\n"
        "Reaffirmingits strong commitment to the sovereignty of the CAR,\n",
    )
    assert texts(parsed)["1"] == "Decides to extend the mandate of MINUSCA until 15 November 2020;"
    assert texts(parsed)["2"] == "Requests the Secretary-General to report every four months;"
    assert parsed.preamble.splitlines()[1:] == [
        "Recalling its previous resolutions,",
        "Reaffirming its strong commitment to the sovereignty of the CAR,",
    ]
