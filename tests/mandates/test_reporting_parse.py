"""Reporting requests read from resolutions: what the Council asks of the Secretary-General, and
by when. Plain functions, no database."""

from __future__ import annotations

import time
from datetime import date

import pytest

from mandates.parsing import Paragraph, ParsedResolution, parse_resolution
from mandates.reporting import (
    BAD_DATE,
    EXCERPT_MAX,
    FROM_EVENT,
    NO_DATE,
    NO_MANDATE_END,
    NO_PERIOD,
    ReportingRequest,
    ReportKind,
    due_dates,
    reporting_requests,
)
from tests.mandates.real_resolutions import REAL_RESOLUTIONS, as_extracted_text
from tests.mandates.reporting_texts import (
    REPORTING_SAMPLES,
    RES_2810,
    RES_2815,
    RES_2820,
    RES_2825,
    RES_2830,
)
from tests.mandates.resolutions import RES_2729, RES_2741, RES_2775, as_text, long_resolution

REPORT, UPDATE = ReportKind.REPORT.value, ReportKind.UPDATE.value
BRIEFING, REVIEW = ReportKind.BRIEFING.value, ReportKind.REVIEW.value


def _row(
    reference: str,
    kind: str,
    title: str,
    first_due: date | None,
    months: int | None = None,
    days: int | None = None,
    *,
    until: date | None,
    certain: bool = True,
) -> tuple:
    """What a request is compared on: all but its excerpt and warnings."""
    return (reference, kind, title, first_due, months, days, until, certain)


def _summary(requests: list[ReportingRequest]) -> list[tuple]:
    return [
        _row(r.reference, r.kind, r.title, r.first_due, r.every_months, r.every_days,
             until=r.until, certain=r.certain)
        for r in requests
    ]  # fmt: skip


END_2810, END_2815, END_2820 = date(2026, 11, 15), date(2026, 12, 20), date(2026, 4, 30)
END_2825, END_2830 = date(2026, 3, 17), date(2026, 8, 31)
EXPECTED = {
    RES_2810.symbol: [
        _row("6", REPORT, "Report every four months", date(2026, 2, 15), 4, until=END_2810),
        _row("7", REVIEW, "Assessment by 1 September 2026", date(2026, 9, 1), until=END_2810),
    ],
    RES_2815.symbol: [
        _row("4", REPORT, "Report every three months", date(2026, 3, 19), 3, until=END_2815),
        _row("4", UPDATE, "Written update by 30 September 2026", date(2026, 9, 30),
             until=END_2815),
        _row("6", BRIEFING, "Briefing by 15 June 2026", date(2026, 6, 15), until=END_2815),
    ],
    RES_2820.symbol: [
        _row("4", REVIEW, "Independent strategic review by 1 March 2026", date(2026, 3, 1),
             until=END_2820),
        _row("5", REPORT, "Report", None, until=END_2820, certain=False),
        _row("6", REPORT, "Report every 90 days", date(2025, 7, 29), 3, 90, until=END_2820),
        _row("6", BRIEFING, "Briefing by 15 November 2025", date(2025, 11, 15), until=END_2820),
    ],
    RES_2825.symbol: [
        _row("3", BRIEFING, "Briefing every 90 days", date(2025, 6, 15), 3, 90, until=END_2825),
        _row("4", UPDATE, "Letter by 16 May 2025", date(2025, 5, 16), until=END_2825),
        _row("5", REVIEW, "Independent assessment by 17 November 2025", date(2025, 11, 17),
             until=END_2825),
        # Its own end date, past the mandate's.
        _row("6", REPORT, "Report every year", date(2026, 3, 17), 12, until=date(2027, 12, 31)),
    ],
    RES_2830.symbol: [
        _row("2 (a)", REPORT, "Report every three months", date(2025, 11, 30), 3, until=END_2830),
        _row("2 (b)", REPORT, "Report by 28 February 2026", date(2026, 2, 28), until=END_2830),
        _row("2 (c)", BRIEFING, "Briefing every six months", date(2026, 1, 15), 6,
             until=END_2830),
        _row("3", REVIEW, "Assessment by 1 August 2026", date(2026, 8, 1), until=END_2830),
        _row("4", REVIEW, "Recommendations by 1 March 2026", date(2026, 3, 1), until=END_2830),
    ],
}  # fmt: skip


def _minimal(operative: str, *, adopted: str = "31 January 2025", extend: bool = True) -> str:
    """A bare resolution (mandate to 31 January 2026) around ``operative``, numbered from 2."""
    extension = "Decides to extend the mandate of UNX until 31 January 2026;"
    return (
        "S/RES/2800 (2025)\nResolution 2800 (2025)\n"
        f"Adopted by the Security Council at its 9900th meeting, on {adopted}\n"
        "The Security Council,\n      Recalling its resolutions,\n"
        f"      1.    {extension if extend else 'Welcomes the progress made;'}\n"
        f"{operative}\n"
        "      9.    Decides to remain seized of the matter."
    )


def _read(operative: str, **kwargs: object) -> list[ReportingRequest]:
    return reporting_requests(parse_resolution(_minimal(operative, **kwargs)))


def _one(sentence: str, **kwargs: object) -> ReportingRequest:
    requests = _read(f"      2.    {sentence}", **kwargs)
    assert len(requests) == 1, requests
    return requests[0]


# --- Real and sample resolutions ---------------------------------------------------------------


@pytest.mark.parametrize(
    "layout",
    [
        {},
        {"form_feeds": True},
        {"form_feeds": True, "lead_on_own_line": True, "trailing_space": True},
    ],
    ids=["pasted", "pypdf", "split-leads"],
)
@pytest.mark.parametrize("res", REAL_RESOLUTIONS, ids=lambda r: r.symbol)
def test_the_real_resolutions_ask_for_no_report_and_their_tasks_are_not_read_as_requests(
    res, layout
):
    # MINUSCA's "To identify and report threats ..." and MINUSMA's "To monitor, help
    # investigate and report publicly and regularly to the Security Council ..." are tasks.
    assert reporting_requests(parse_resolution(as_extracted_text(res, **layout))) == []


@pytest.mark.parametrize(
    ("sample", "reference", "until", "dates"),
    [
        (
            RES_2729,
            "7",
            date(2025, 4, 30),
            [date(2024, 7, 29), date(2024, 10, 27), date(2025, 1, 25), date(2025, 4, 25)],
        ),
        (
            RES_2775,
            "8",
            date(2026, 4, 30),
            [date(2025, 7, 28), date(2025, 10, 26), date(2026, 1, 24), date(2026, 4, 24)],
        ),
    ],
    ids=lambda value: getattr(value, "symbol", None),
)
def test_the_samples_ask_for_a_report_every_90_days(sample, reference, until, dates):
    parsed = parse_resolution(as_text(sample))
    [request] = reporting_requests(parsed)
    assert request == ReportingRequest(
        reference=reference,
        kind=REPORT,
        title="Report every 90 days",
        excerpt="Requests the Secretary-General to report to the Council every 90 days on the "
        "implementation of this resolution",
        first_due=date.fromordinal(parsed.adopted_on.toordinal() + 90),
        every_months=3,
        every_days=90,
        until=until,
        certain=True,
    )
    assert request.until == parsed.mandate_end
    assert due_dates(request) == dates


def test_a_renewal_without_a_reporting_paragraph_asks_for_none():
    assert reporting_requests(parse_resolution(as_text(RES_2741))) == []


@pytest.mark.parametrize("sample", REPORTING_SAMPLES, ids=lambda s: s.symbol)
def test_every_request_of_the_renewals_is_found_and_none_invented(sample):
    requests = reporting_requests(parse_resolution(as_text(sample)))
    assert _summary(requests) == EXPECTED[sample.symbol]
    for request in requests:
        assert request.kind in ReportKind.values
        assert 0 < len(request.excerpt) <= EXCERPT_MAX
        assert "Secretary-General" in request.excerpt
        assert request.warnings == (() if request.certain else (NO_DATE,))


def test_two_requests_in_one_paragraph_each_get_their_own_excerpt():
    requests = reporting_requests(parse_resolution(as_text(RES_2815)))
    assert [r.excerpt for r in requests if r.reference == "4"] == [
        "Requests the Secretary-General to report to the Security Council every three months on "
        "the implementation of MONULUS's mandate, including on the situation in the provinces "
        "of East Lusenga and Tembo",
        "Requests the Secretary-General to \u2026 provide, by 30 September 2026, a written update "
        "on the progressive, responsible and sustainable disengagement of the Mission, including "
        "on progress towards the benchmarks set out in the joint disengagement plan",
    ]
    undated = reporting_requests(parse_resolution(as_text(RES_2820)))[1]
    assert undated.excerpt == (
        "Requests the Secretary-General to \u2026 report on these steps in his regular reports to "
        "the Council"
    )


def test_the_due_dates_of_the_renewals():
    by_title = {
        (sample.symbol, r.reference, r.title): due_dates(r)
        for sample in REPORTING_SAMPLES
        for r in reporting_requests(parse_resolution(as_text(sample)))
    }
    assert by_title[(RES_2810.symbol, "6", "Report every four months")] == [
        date(2026, 2, 15),
        date(2026, 6, 15),
        date(2026, 10, 15),
    ]
    # Adopted on 31 August: the first quarter ends on 30 November, and the series runs on from it.
    assert by_title[(RES_2830.symbol, "2 (a)", "Report every three months")] == [
        date(2025, 11, 30),
        date(2026, 2, 28),
        date(2026, 5, 30),
        date(2026, 8, 30),
    ]
    assert by_title[(RES_2830.symbol, "2 (c)", "Briefing every six months")] == [
        date(2026, 1, 15),
        date(2026, 7, 15),
    ]
    # Its own end date, past the mandate's.
    assert by_title[(RES_2825.symbol, "6", "Report every year")] == [
        date(2026, 3, 17),
        date(2027, 3, 17),
    ]
    assert by_title[(RES_2820.symbol, "5", "Report")] == []
    assert by_title[(RES_2815.symbol, "4", "Written update by 30 September 2026")] == [
        date(2026, 9, 30)
    ]


# --- Wording of dates and periods (adopted 31 January 2025, mandate to 31 January 2026) --------


@pytest.mark.parametrize(
    ("sentence", "kind", "first_due", "every_months", "every_days"),
    [
        ("to report every three months on X;", REPORT, date(2025, 4, 30), 3, None),
        ("to report every four months on X;", REPORT, date(2025, 5, 31), 4, None),
        ("to report every six months on X;", REPORT, date(2025, 7, 31), 6, None),
        ("to report every month on X;", REPORT, date(2025, 2, 28), 1, None),
        ("to report every 90 days on X;", REPORT, date(2025, 5, 1), 3, 90),
        ("to report every 120 days on X;", REPORT, date(2025, 5, 31), 4, 120),
        ("to report every 180 days on X;", REPORT, date(2025, 7, 30), 6, 180),
        ("to brief the Council every ninety (90) days;", BRIEFING, date(2025, 5, 1), 3, 90),
        ("to report twice a year on X;", REPORT, date(2025, 7, 31), 6, None),
        ("to report semi-annually on X;", REPORT, date(2025, 7, 31), 6, None),
        ("to report quarterly on X;", REPORT, date(2025, 4, 30), 3, None),
        ("to report to the Council on a quarterly basis;", REPORT, date(2025, 4, 30), 3, None),
        ("to report annually on X;", REPORT, date(2026, 1, 31), 12, None),
        ("to report every year on X;", REPORT, date(2026, 1, 31), 12, None),
        (
            "to report every 90 days, with the first report no later than 15 March 2025;",
            REPORT,
            date(2025, 3, 15),
            3,
            90,
        ),
        (
            "to brief the Council every six months, starting 1 April 2025;",
            BRIEFING,
            date(2025, 4, 1),
            6,
            None,
        ),
        ("to report quarterly, beginning on 30 April 2025;", REPORT, date(2025, 4, 30), 3, None),
        ("to submit a report by 30 September 2025;", REPORT, date(2025, 9, 30), None, None),
        ("to submit a report no later than 15 June 2025;", REPORT, date(2025, 6, 15), None, None),
        ("to submit a report not later than 15 June 2025;", REPORT, date(2025, 6, 15), None, None),
        ("to provide a written update before 1 March 2025;", UPDATE, date(2025, 3, 1), None, None),
        ("to provide an update by 1 March 2025;", UPDATE, date(2025, 3, 1), None, None),
        (
            "to submit, within 90 days of the adoption of this resolution, a report on X;",
            REPORT,
            date(2025, 5, 1),
            None,
            None,
        ),
        ("to provide a letter within six months;", UPDATE, date(2025, 7, 31), None, None),
        ("to brief the Council in 60 days on X;", BRIEFING, date(2025, 4, 1), None, None),
        (
            "to provide an assessment 30 days after the adoption of this resolution;",
            REVIEW,
            date(2025, 3, 2),
            None,
            None,
        ),
        (
            "to provide recommendations by the end of June 2025;",
            REVIEW,
            date(2025, 6, 30),
            None,
            None,
        ),
        (
            "to present a report no later than 30 days before the end of its mandate;",
            REPORT,
            date(2026, 1, 1),
            None,
            None,
        ),
        ("to provide an oral briefing by 1 May 2025;", BRIEFING, date(2025, 5, 1), None, None),
        ("to report orally by 1 May 2025;", BRIEFING, date(2025, 5, 1), None, None),
        ("to update the Council by 1 May 2025 on X;", UPDATE, date(2025, 5, 1), None, None),
        (
            "to conduct an independent strategic review of UNX and to provide it to the Council "
            "no later than 1 October 2025;",
            REVIEW,
            date(2025, 10, 1),
            None,
            None,
        ),
    ],
)
def test_dates_and_periods_are_read(sentence, kind, first_due, every_months, every_days):
    request = _one(f"Requests the Secretary-General {sentence}")
    assert (request.kind, request.first_due, request.every_months, request.every_days) == (
        kind,
        first_due,
        every_months,
        every_days,
    )
    assert request.until == date(2026, 1, 31)
    assert request.certain, request.warnings


@pytest.mark.parametrize(
    "sentence",
    [
        "Requests the Secretary\u2011General to report to the Council every 90 days;",
        "Requests the Secretary- General to report to the Council every  90\u00a0days;",
        "Requests the Secretary-General, in close consultation with the Government and with a "
        "view to supporting the transition, to report to the Council every 90 days;",
        "Requests the Secretary-General and the Chairperson of the African Union Commission to "
        "report every 90 days;",
        "Reiterates its request to the Secretary-General to report every 90 days;",
        "Requests that the Secretary-General report every 90 days;",
        "Requests the Special Representative of the Secretary-General to report every 90 days;",
        "Requests the Secretariat to report every 90 days;",
        "Requests the Secretary-General to continue to report every 90 days;",
        "Requests the Secretary-General to keep the Council informed, and to report every 90 "
        "days on the \u201cnational dialogue\u201d and the Government\u2019s plan;",
    ],
)
def test_the_request_is_read_in_each_of_its_forms(sentence):
    request = _one(sentence)
    assert (request.kind, request.first_due, request.every_days) == (REPORT, date(2025, 5, 1), 90)


@pytest.mark.parametrize(
    "operative",
    [
        "      2.    Requests UNX to report to the Council every 90 days;",
        "      2.    Requests the Panel of Experts to provide a final report by 1 June 2025;",
        "      2.    Takes note of the report of the Secretary-General (S/2024/880);",
        "      2.    Looks forward to the next report of the Secretary-General;",
        "      2.    Requests the Secretary-General to ensure that UNX has the capacities it "
        "needs, and to continue the deployment of its police units, as recommended in his "
        "report;",
        "      2.    Requests the Secretary-General to keep the Council regularly informed;",
        "      2.    Requests the Secretary-General to include in his reports an assessment of X;",
        "      2.    Recalls its request to the Secretary-General to report every 90 days;",
        "      2.    Requests the Secretary-General to ensure that UNX is able to report on "
        "violations by 1 June 2025;",
        "      2.    Decides that the mandate of UNX shall include the following tasks:\n"
        "      (a)   To identify and report threats to and attacks against civilians;\n"
        "      (b)   To monitor, help investigate and report publicly and regularly to the "
        "Security Council on violations;",
    ],
)
def test_what_is_not_asked_of_the_secretary_general_is_not_read(operative):
    assert _read(operative) == []


def test_requests_after_another_council_verb_are_read_apart():
    requests = _read(
        "      2.    Requests the Secretary-General to report every 90 days, and further requests "
        "the Secretary-General to brief the Council by 1 May 2025, and requests UNX to report "
        "monthly;"
    )
    assert [(r.kind, r.first_due, r.every_days) for r in requests] == [
        (REPORT, date(2025, 5, 1), 90),
        (BRIEFING, date(2025, 5, 1), None),
    ]


def test_items_of_a_list_under_requests_the_secretary_general_to_make_the_requests():
    requests = _read(
        "      2.    Requests the Secretary-General to:\n"
        "      (a)   Report to the Council every 90 days;\n"
        "      (b)   Ensure the safety of staff;\n"
        "      (c)   Provide a letter by 1 May 2025;"
    )
    assert [(r.reference, r.kind) for r in requests] == [("2 (a)", REPORT), ("2 (c)", UPDATE)]


# --- Guesses and doubts ------------------------------------------------------------------------


def test_a_request_without_a_date_is_kept_as_uncertain():
    request = _one(
        "Requests the Secretary-General to take steps, and to report on these steps in his "
        "regular reports;"
    )
    assert (request.first_due, request.every_months, request.certain) == (None, None, False)
    assert request.warnings == (NO_DATE,)
    assert request.title == "Report"
    assert due_dates(request) == []


def test_a_request_recurring_without_a_period_says_so():
    request = _one("Requests the Secretary-General to provide regular updates on X;")
    assert (request.kind, request.certain) == (UPDATE, False)
    assert request.warnings == (NO_PERIOD, NO_DATE)


def test_a_date_counted_from_an_event_is_left_to_the_person():
    request = _one(
        "Requests the Secretary-General to brief the Council within 30 days of the signing of "
        "the agreement;"
    )
    assert (request.first_due, request.certain, request.warnings) == (None, False, (FROM_EVENT,))


def test_an_impossible_date_is_left_to_the_person():
    request = _one("Requests the Secretary-General to submit a report by 31 February 2025;")
    assert (request.first_due, request.certain, request.warnings) == (None, False, (BAD_DATE,))


def test_without_a_mandate_end_a_recurrence_runs_for_a_year_and_says_so():
    recurring = _one("Requests the Secretary-General to report every 90 days;", extend=False)
    assert recurring.until == date(2026, 1, 31)
    assert (recurring.certain, recurring.warnings) == (False, (NO_MANDATE_END,))
    one_off = _one("Requests the Secretary-General to submit a report by 1 May 2025;", extend=False)
    assert (one_off.until, one_off.certain) == (date(2026, 1, 31), True)


def test_a_long_clause_is_trimmed_for_the_excerpt():
    filler = "the situation in the region, " * 40
    request = _one(f"Requests the Secretary-General to report every 90 days on {filler}and X;")
    assert len(request.excerpt) <= EXCERPT_MAX
    assert request.excerpt.endswith("\u2026")
    assert request.excerpt.startswith("Requests the Secretary-General to report every 90 days")


# --- due_dates ---------------------------------------------------------------------------------


def _request(first_due, *, months=None, days=None, until=None) -> ReportingRequest:
    return ReportingRequest(
        reference="7",
        kind=REPORT,
        title="Report",
        excerpt="",
        first_due=first_due,
        every_months=months,
        every_days=days,
        until=until,
        certain=True,
    )


def test_monthly_due_dates_clamp_to_the_month_end_without_drifting():
    request = _request(date(2025, 1, 31), months=1, until=date(2025, 5, 31))
    assert due_dates(request) == [
        date(2025, 1, 31),
        date(2025, 2, 28),
        date(2025, 3, 31),
        date(2025, 4, 30),
        date(2025, 5, 31),
    ]
    leap = _request(date(2024, 1, 31), months=1, until=date(2024, 3, 1))
    assert due_dates(leap) == [date(2024, 1, 31), date(2024, 2, 29)]


def test_due_dates_in_days_stop_at_until():
    request = _request(date(2025, 5, 1), months=3, days=90, until=date(2025, 10, 27))
    assert due_dates(request) == [date(2025, 5, 1), date(2025, 7, 30)]
    inclusive = _request(date(2025, 5, 1), months=3, days=90, until=date(2025, 10, 28))
    assert due_dates(inclusive) == [date(2025, 5, 1), date(2025, 7, 30), date(2025, 10, 28)]


def test_due_dates_respect_the_limit():
    request = _request(date(2025, 1, 1), months=1, until=date(2030, 1, 1))
    assert len(due_dates(request)) == 40
    assert due_dates(request, limit=3) == [date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)]
    assert due_dates(request, limit=0) == []
    unbounded = _request(date(2025, 1, 1), days=30)
    assert len(due_dates(unbounded, limit=5)) == 5


def test_a_one_off_has_one_due_date_and_an_undated_request_none():
    assert due_dates(_request(date(2025, 3, 1), until=date(2025, 1, 1))) == [date(2025, 3, 1)]
    assert due_dates(_request(None, months=3, until=date(2026, 1, 1))) == []
    # The first date the text sets is kept even past the end.
    assert due_dates(_request(date(2026, 3, 1), months=6, until=date(2026, 1, 1))) == [
        date(2026, 3, 1)
    ]


# --- Speed ------------------------------------------------------------------------------------


def _one_paragraph(text: str) -> ParsedResolution:
    paragraph = Paragraph(number=1, labels=(), kind="number", text=text)
    return ParsedResolution(
        symbol="S/RES/2800 (2025)",
        adopted_on=date(2025, 1, 31),
        mandate_end=None,
        chapter_vii=False,
        preamble="",
        paragraphs=[paragraph],
    )


def _timed(parsed: ParsedResolution) -> tuple[float, list[ReportingRequest]]:
    start = time.perf_counter()
    requests = reporting_requests(parsed)
    return time.perf_counter() - start, requests


def test_a_long_resolution_is_read_in_under_a_second():
    text = as_text(long_resolution(paragraphs=820))
    assert len(text) >= 300_000
    elapsed, requests = _timed(parse_resolution(text))
    assert elapsed < 1.0
    assert requests and all(r.title == "Report every 90 days" for r in requests)


@pytest.mark.parametrize(
    "unit",
    [
        "requests the Secretary-General, in close consultation with to to to the Government, "
        "to report every ninety (90) days no later than 30 days after by within 60 days of the ",
        "Requests the Secretary-General to provide a a a written written update ",
        "requests the Secretary-General and the and the and the ",
        "to report and to report and to report by 1 by 1 January by every every 9 9 days days ",
        "report (a) (b) 1. 2. 31 31 January January 2025 2025 within within ",
    ],
)
def test_a_long_malformed_paragraph_is_read_in_under_a_second(unit):
    text = (unit * (300_000 // len(unit) + 1))[:300_000]
    elapsed, _ = _timed(_one_paragraph(text))
    assert elapsed < 1.0
