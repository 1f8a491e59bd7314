"""The import on four more real resolutions (tests/mandates/more_resolutions.py), checked as a
desk officer would: every operative paragraph and item with its reference, the preamble kept
out, the end date, the procedural guesses; and MINUSCA's technical rollover 2446 (2018) imported
between the mandates 2387 (2017) and 2448 (2018) of real_resolutions."""

from __future__ import annotations

from datetime import date

import pytest

from mandates.matching import match_tasks
from mandates.parsing import Paragraph, ParsedResolution, extract_pdf_text, parse_resolution
from mandates.procedural import procedural_reason
from mandates.selectors import renewal_match
from mandates.services import mandate_import
from tests.mandates.more_resolutions import (
    MORE_RESOLUTIONS,
    RES_1376,
    RES_1839,
    RES_2208,
    RES_2446,
)
from tests.mandates.real_resolutions import (
    RES_2387,
    RES_2448,
    Resolution,
    as_extracted_text,
    as_pdf,
    expected,
    expected_preamble,
)

LAYOUTS = ("pasted", "split-leads", "pdf")


def _text(res: Resolution, layout: str) -> str:
    if layout == "pdf":
        return extract_pdf_text(as_pdf(res))
    if layout == "split-leads":
        return as_extracted_text(
            res, form_feeds=True, lead_on_own_line=True, trailing_space=True, masthead_s_lost=True
        )
    return as_extracted_text(res)


_CACHE: dict[tuple[int, str], ParsedResolution] = {}


def read(res: Resolution, layout: str = "pasted") -> ParsedResolution:
    key = (res.number, layout)
    if key not in _CACHE:
        _CACHE[key] = parse_resolution(_text(res, layout))
    return _CACHE[key]


def procedural(parsed: ParsedResolution) -> dict[str, str]:
    return {p.reference: p.procedural_reason for p in parsed.flat() if p.is_procedural}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("res", MORE_RESOLUTIONS, ids=lambda r: str(r.number))
def test_every_paragraph_is_read_whole_with_its_reference(res, layout):
    parsed = read(res, layout)
    assert parsed.symbol == res.symbol and parsed.adopted_on == res.adopted
    assert [(p.reference, p.text) for p in parsed.flat()] == expected(res)
    assert parsed.preamble.split("\n") == expected_preamble(res)
    assert parsed.warnings == [] and not [p.warnings for p in parsed.flat() if p.warnings]


def test_a_roman_list_straight_under_a_numbered_paragraph():
    parsed = read(RES_1376, "pdf")
    assert len(parsed.paragraphs) == 14 and len(parsed.flat()) == 21
    steps = parsed.paragraphs[10]
    assert [c.reference for c in steps.children] == [
        f"11 ({r})" for r in ("i", "ii", "iii", "iv", "v", "vi", "vii")
    ]
    assert {c.kind for c in steps.children} == {"roman"}
    assert steps.children[4].text == "The demilitarization of Kisangani;"
    # "paragraphs 59 to 87 of the Secretary-General's report" and "chapter 9.1" are citations
    assert "paragraphs 59 to 87" in parsed.paragraphs[8].text
    assert "annex A, chapter 9.1 of the Lusaka" in steps.children[1].text


@pytest.mark.parametrize(
    ("res", "end", "chapter_vii"),
    [
        (RES_1376, None, False),  # no extension: phase III of a deployment
        (RES_1839, date(2009, 2, 15), False),  # "for a new period terminating on ..."
        (RES_2208, date(2015, 3, 31), True),  # "extend until <date> the mandate of UNSMIL"
        (RES_2446, date(2018, 12, 15), True),
    ],
    ids=lambda v: str(getattr(v, "number", v)),
)
def test_the_mandate_end_and_chapter_vii(res, end, chapter_vii):
    parsed = read(res, "pdf")
    assert (parsed.mandate_end, parsed.chapter_vii) == (end, chapter_vii)


def test_procedural_guesses():
    # MONUC: only "remains seized". The steps asked of the parties, with a request to report
    # on them, are not the Council's own business; nor is deploying "within the overall
    # ceiling".
    assert procedural(read(RES_1376)) == {"14": "follow_up"}
    assert procedural(read(RES_1839)) == {"1": "extension", "2": "follow_up"}
    assert procedural(read(RES_2446)) == {"1": "extension", "2": "follow_up"}
    # UNSMIL: the extension of the sanctions authorizations (OP 1) is not the mission's mandate;
    # it stays for the person to judge, as the guess errs on the side of a task.
    assert procedural(read(RES_2208)) == {"2": "extension", "3": "follow_up"}


@pytest.mark.parametrize(
    "text",
    [
        "Decides to extend the mandate of UNOMIG for a new period terminating on 15 October 2008;",
        "Decides to extend until 15 December 2018 the mandate of MINUSCA as set out in "
        "resolution 2387 (2017);",
    ],
)
def test_both_extension_wordings_are_procedural(text):
    assert procedural_reason(text) == "extension"


def test_requests_to_the_mission_stay_tasks():
    assert procedural_reason("Requests MONUC to report on the steps taken;") is None
    assert (
        procedural_reason(
            "Affirms that the implementation of phase III of the deployment of MONUC requires "
            "the following steps from the parties and requests the Secretary-General to report "
            "on progress thereon:"
        )
        is None
    )


def test_the_extension_is_matched_though_its_words_changed_order():
    """2387 says "extend the mandate of MINUSCA until 15 November 2018", 2446 "extend until
    15 December 2018 the mandate of MINUSCA as set out in resolution 2387 (2017)", 2448 "extend
    the mandate of MINUSCA until 15 November 2019": the same paragraph each time."""
    first, rollover, renewal = read(RES_2387), read(RES_2446), read(RES_2448)
    into_rollover = match_tasks(first.flat(), rollover.flat())
    assert [(p.old.reference, p.new.reference) for p in into_rollover.pairs] == [
        ("3", "2"),  # remain seized, unchanged
        ("1", "1"),
    ]
    assert into_rollover.new == []
    out_of_rollover = match_tasks(rollover.flat(), renewal.flat())
    assert {p.old.reference: p.new.reference for p in out_of_rollover.pairs} == {
        "1": "1",
        "2": "4",
    }


def test_words_out_of_order_match_only_between_texts_of_like_length():
    """A short text made of a long paragraph's last words, backwards, shares all its words
    with it but is no rewording of it; against its own words in order, it is."""
    kisangani = read(RES_1376).flat()[2]  # OP 3, some seventy words
    words = kisangani.text.rstrip(";").replace(",", "").split()[-10:]
    backwards = Paragraph(number=1, labels=(), kind="number", text=" ".join(reversed(words)))
    assert match_tasks([kisangani], [backwards]).pairs == []
    in_order = Paragraph(number=1, labels=(), kind="number", text=" ".join(words))
    assert [p.new for p in match_tasks([in_order], [backwards]).pairs] == [backwards]


@pytest.mark.django_db
def test_the_rollover_imported_between_two_mandates(mission, editor):
    """2387, then its one-month rollover 2446: the preview shows nothing to review, the
    extension keeps the person's procedural choice and its phase."""
    old = mandate_import(mission=mission, parsed=read(RES_2387), by=editor)
    old.tasks.filter(reference="1").update(phase=2, is_procedural=False)
    old.tasks.filter(reference="3").update(phase=3)

    match = renewal_match(mission=mission, parsed=read(RES_2446))
    assert match.previous == old
    assert match.review == {"1": "material"}  # a new date and a new order of words
    assert {ref: c.reference for ref, c in match.carried.items()} == {"1": "1", "2": "3"}

    rollover = mandate_import(mission=mission, parsed=read(RES_2446), by=editor)
    assert rollover.expires_on == date(2018, 12, 15)
    tasks = {t.reference: t for t in rollover.tasks.all()}
    assert sorted(tasks) == ["1", "2"]
    # The person had made the extension a task: it stays one, and is flagged for review.
    assert (tasks["1"].is_procedural, tasks["1"].phase, tasks["1"].review_reason) == (
        False,
        2,
        "material",
    )
    assert (tasks["2"].is_procedural, tasks["2"].phase, tasks["2"].review_reason) == (True, 3, "")


@pytest.mark.django_db
def test_a_renewal_after_a_rollover_finds_the_tasks_of_the_mandate_rolled_over(mission, editor):
    old = mandate_import(mission=mission, parsed=read(RES_2387), by=editor)
    old.tasks.filter(reference="2 (a) (iii)").update(phase=2)
    mandate_import(mission=mission, parsed=read(RES_2446), by=editor)
    renewal = mandate_import(mission=mission, parsed=read(RES_2448), by=editor)
    assert renewal.tasks.get(reference="3 (a) (iii)").phase == 2
