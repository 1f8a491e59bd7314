"""Guessing procedural paragraphs (``mandates.procedural``) on the resolutions the tests read:
the real texts (tests/mandates/real_resolutions.py, as extracted from the PDF), the plain-layout
samples (resolutions.py) and the reporting texts modelled on real renewals.

Procedural: the mandate extended, troop and police numbers, reports and briefings asked of the
Secretary-General, the Council remaining seized or intending to review. Anything that gives
someone work to do stays a task, even beside a request to report.
"""

from __future__ import annotations

import pytest

from mandates.parsing import ParsedResolution, parse_resolution
from mandates.procedural import ProceduralReason, procedural_reason
from tests.mandates import reporting_texts, resolutions
from tests.mandates.real_resolutions import (
    RES_2387,
    RES_2423,
    RES_2448,
    RES_2505,
    as_extracted_text,
)


def procedural(parsed: ParsedResolution) -> dict[str, str]:
    return {p.reference: p.procedural_reason for p in parsed.flat() if p.is_procedural}


EXTENSION, REPORTING, FOLLOW_UP = "extension", "reporting", "follow_up"


@pytest.mark.parametrize(
    ("resolution", "expected"),
    [
        (RES_2387, {"1": EXTENSION, "3": FOLLOW_UP}),
        (RES_2448, {"1": EXTENSION, "4": FOLLOW_UP}),
        # OP 1 "Calls for the inclusion ... of programs" is left a task.
        (RES_2423, {"2": EXTENSION, "4": FOLLOW_UP}),
        # OP 1 extends the mandate *to support the implementation of* the Hodeidah Agreement:
        # it says what the mission is for, so it stays a task (a miss rather than a wrong mark).
        (RES_2505, {"3": FOLLOW_UP}),
    ],
    ids=["2387", "2448", "2423", "2505"],
)
def test_real_resolutions(resolution, expected):
    assert procedural(parse_resolution(as_extracted_text(resolution))) == expected


def test_the_sample_mandate_and_its_renewals():
    first = parse_resolution(resolutions.as_text(resolutions.RES_2729))
    # OP 5 asks the Secretary-General to ensure capacities and to continue a deployment: work
    # to do. OP 6 urges the parties. Neither is procedural.
    assert procedural(first) == {"1": EXTENSION, "7": REPORTING, "8": FOLLOW_UP}
    renewed = parse_resolution(resolutions.as_text(resolutions.RES_2741))
    assert procedural(renewed) == {"1": EXTENSION, "3": FOLLOW_UP}  # "renew ... for a period"
    again = parse_resolution(resolutions.as_text(resolutions.RES_2775))
    assert procedural(again) == {"1": EXTENSION, "8": REPORTING, "9": FOLLOW_UP}


def test_requests_for_reports_briefings_and_reviews_are_procedural():
    parsed = parse_resolution(resolutions.as_text(reporting_texts.RES_2810))
    assert procedural(parsed) == {
        "1": EXTENSION,
        "5": REPORTING,  # keep the Council regularly informed
        "6": REPORTING,  # report every four months
        "7": REPORTING,  # conduct an assessment and present it, with recommendations
        "8": FOLLOW_UP,
    }
    # A request to the mission itself (report to a sanctions committee) is the mission's work.
    assert "3" not in procedural(parsed)
    parsed = parse_resolution(resolutions.as_text(reporting_texts.RES_2825))
    # The Panel of Experts' report is not the Secretary-General's: left a task.
    assert procedural(parsed) == {
        "1": EXTENSION,
        "3": REPORTING,
        "4": REPORTING,
        "5": REPORTING,
        "6": REPORTING,
        "8": FOLLOW_UP,
    }


def test_a_request_to_report_that_also_gives_work_to_do_stays_a_task():
    parsed = parse_resolution(resolutions.as_text(reporting_texts.RES_2820))
    marks = procedural(parsed)
    # "to take the necessary steps to ensure full compliance ..., and to report on these steps"
    assert "5" not in marks
    # "to report ... every 90 days, and further requests ... an oral briefing": words only.
    assert marks == {"1": EXTENSION, "4": REPORTING, "6": REPORTING, "7": FOLLOW_UP}


def test_items_of_a_request_list_are_read_with_its_lead_in():
    parsed = parse_resolution(resolutions.as_text(reporting_texts.RES_2830))
    marks = procedural(parsed)
    # "Requests the Secretary-General to: (a) Report ... (b) Submit a report ... (c) Brief ...
    # (d) Ensure the safety and security of United Nations personnel": (d) is work, so the
    # list's lead-in stays a task too.
    assert {"2 (a)", "2 (b)", "2 (c)"} <= set(marks)
    assert "2 (d)" not in marks and "2" not in marks
    # "Looks forward to the Secretary-General's report ..., and decides to remain seized".
    assert marks["6"] == FOLLOW_UP


def test_a_strategic_priority_is_never_procedural():
    parsed = parse_resolution(resolutions.as_text(resolutions.RES_2729))
    priorities = [p for p in parsed.flat() if p.is_strategic_priority]
    assert priorities and not any(p.is_procedural for p in priorities)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "Decides to maintain MINUSCA\u2019s authorized troop level of up to 11,650 military "
            "personnel, including 480 Military Observers and Military Staff Officers, and 2,080 "
            "police personnel, and recalls its intention to keep this number under continuous "
            "review;",
            ProceduralReason.CEILING,
        ),
        (
            "Authorizes an increase of MINUSCA\u2019s troop ceiling by 2,750 military personnel "
            "and of its police ceiling by 940 police personnel;",
            ProceduralReason.CEILING,
        ),
        (
            "Expresses its intention to review the mandate of the Mission in the light of the "
            "benchmarks, and to consider adjusting its configuration;",
            ProceduralReason.FOLLOW_UP,
        ),
        (
            "Decides, acting under Chapter VII of the Charter, to extend the mandate of UNMISS "
            "until 30 April 2026;",
            ProceduralReason.EXTENSION,
        ),
        (
            "Requests the Secretary-General to report to the Council every 90 days; and to "
            "include in these reports an assessment of the risks to civilians;",
            ProceduralReason.REPORTING,
        ),
    ],
    ids=["troop-level", "ceilings", "review", "chapter-vii-extension", "report-then-include"],
)
def test_wordings_read_as_procedural(text, reason):
    assert procedural_reason(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "Decides to extend the mandate of UNMISS until 30 April 2026, and authorizes UNMISS to "
        "use all necessary means to carry out its tasks;",
        "Authorizes MINUSCA to use its troop ceiling flexibly to protect civilians;",
        "Requests the Secretary-General to deploy additional police and to report on it;",
        "Requests the Secretary-General to provide support to the electoral commission;",
        "Requests the Mission to report on violations of the ceasefire;",
        "To monitor and report on the ceasefire;",
    ],
    ids=["extension-and-force", "ceiling-to-protect", "deploy", "support", "mission", "task"],
)
def test_wordings_that_give_work_stay_tasks(text):
    assert procedural_reason(text) is None
