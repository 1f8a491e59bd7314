"""Renewal diff, pure: RES_2775 renews RES_2729, renumbered, one task dropped, one added, one
reworded materially (and the end date changed in paragraph 1)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from mandates.matching import match_tasks, normalise, word_changes
from mandates.parsing import parse_resolution
from tests.mandates.resolutions import RES_2729, RES_2775, as_text


@dataclass(frozen=True)
class _Task:
    reference: str
    text: str
    parent_reference: str | None = None


def _task(reference: str, text: str, parent: str | None = None) -> _Task:
    return _Task(reference, text, parent)


@pytest.fixture(scope="module")
def diff():
    old = parse_resolution(as_text(RES_2729)).flat()
    new = parse_resolution(as_text(RES_2775)).flat()
    return match_tasks(old, new)


def pairs(items) -> dict[str, str]:
    return {pair.old.reference: pair.new.reference for pair in items}


def test_renumbered_paragraphs_are_matched_to_their_counterparts(diff):
    matched = pairs(diff.pairs)
    assert matched["3"] == "4"
    assert matched["3 (a) (ii)"] == "4 (a) (ii)"
    assert matched["4"] == "5"
    # Letters shift after the dropped 4 (e).
    assert matched["4 (f)"] == "5 (e)"
    assert matched["4 (j)"] == "5 (i)"
    assert matched["8"] == "9"


def test_the_dropped_task_is_dropped(diff):
    assert [task.reference for task in diff.dropped] == ["4 (e)"]
    assert "mine action" in diff.dropped[0].text


def test_the_added_task_is_new(diff):
    assert [task.reference for task in diff.new] == ["3"]
    assert "irrigation" in diff.new[0].text


def test_the_reworded_tasks_are_reworded_and_only_one_materially(diff):
    assert pairs(diff.reworded) == {"1": "1", "3 (b) (ii)": "4 (b) (ii)"}
    by_old = {pair.old.reference: pair for pair in diff.reworded}
    assert by_old["3 (b) (ii)"].material
    # A new end date alone is a small rewording.
    assert not by_old["1"].material
    assert [pair.new.reference for pair in diff.material] == ["4 (b) (ii)"]


def test_everything_else_is_unchanged(diff):
    assert len(diff.unchanged) == 23
    assert all(pair.ratio == 1.0 and not pair.changes for pair in diff.unchanged)
    assert len(diff.pairs) + len(diff.dropped) == len(parse_resolution(as_text(RES_2729)).flat())


def test_new_and_materially_reworded_tasks_are_to_review(diff):
    assert [task.reference for task in diff.to_review] == ["3", "4 (b) (ii)"]


def test_word_changes_of_the_reworded_task(diff):
    pair = next(p for p in diff.reworded if p.old.reference == "3 (b) (ii)")
    inserted = [words for op, words in pair.changes if op == "insert"]
    assert inserted == ["and the peaceful conduct", "and credible", "and young people;"]
    assert not [words for op, words in pair.changes if op == "delete"]
    # Each side reads as its own text again.
    assert " ".join(words for _op, words in pair.old_words) == pair.old.text
    assert " ".join(words for _op, words in pair.new_words) == pair.new.text


def test_word_changes_of_the_new_end_date(diff):
    pair = next(p for p in diff.reworded if p.old.reference == "1")
    changed = [(op, words) for op, words in pair.changes if op != "equal"]
    assert changed == [("delete", "2025;"), ("insert", "2026;")]


def test_punctuation_case_and_line_breaks_do_not_count():
    assert normalise("To support  the\nPeace-keeping principles;") == normalise(
        "to support the peacekeeping principles."
    )


def test_a_negation_makes_a_small_rewording_material():
    old = [
        _task(
            "1",
            "Authorizes the mission to use all necessary means to protect civilians "
            "under threat of physical violence in the eastern provinces;",
        )
    ]
    new = [
        _task(
            "1",
            "Authorizes the mission to use all necessary means to protect civilians "
            "under threat of physical violence not in the eastern provinces;",
        )
    ]
    diff = match_tasks(old, new)
    assert diff.reworded[0].ratio > 0.9
    assert diff.reworded[0].material


def test_a_dissimilar_task_is_not_forced_into_a_match():
    diff = match_tasks(
        [_task("1", "To support mine action;")], [_task("1", "To monitor the ceasefire;")]
    )
    assert [t.reference for t in diff.dropped] == ["1"]
    assert [t.reference for t in diff.new] == ["1"]


def test_identical_sub_paragraphs_stay_under_their_own_parent():
    old = [
        _task("1", "Civilians:"),
        _task("1 (a)", "To report on the situation;", "1"),
        _task("2", "Elections:"),
        _task("2 (a)", "To report on the situation;", "2"),
    ]
    new = [
        _task("1", "Elections:"),
        _task("1 (a)", "To report on the situation;", "1"),
        _task("2", "Civilians:"),
        _task("2 (a)", "To report on the situation;", "2"),
    ]
    assert pairs(match_tasks(old, new).pairs) == {
        "1": "2",
        "1 (a)": "2 (a)",
        "2": "1",
        "2 (a)": "1 (a)",
    }


def test_word_changes_keep_each_sides_spelling():
    merged, old_side, new_side = word_changes("Supports the process.", "supports the new process;")
    assert merged == (("equal", "supports the"), ("insert", "new"), ("equal", "process;"))
    assert old_side == (("equal", "Supports the"), ("equal", "process."))
    assert new_side == (("equal", "supports the"), ("insert", "new"), ("equal", "process;"))
