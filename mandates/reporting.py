"""Read the reporting requests a Security Council resolution makes of the Secretary-General.

Plain Python like ``mandates.parsing``, on whose ``ParsedResolution`` it works: the import preview
lists what it finds, and the person dates or drops what it only guessed.

A request is a clause in which the Council requests (also, further, reiterates its request to)
the Secretary-General, his Special Representative or Envoy, or the Secretariat to report, to
brief, or to submit/provide/present a report, update, letter, assessment, review or
recommendations, or to conduct a review or assessment. The mission's own tasks ("To identify and
report threats ...") and requests to the mission, a panel or a committee are not the
Secretary-General's: they are left out. So is "to keep the Council informed", which sets nothing
to deliver.

Each pattern is bounded (a window of at most ``_SCOPE`` characters per request), so a long or
malformed text costs time in proportion to its length.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from mandates.parsing import LIST_GAP, MONTHS, Paragraph, ParsedResolution, _to_date

__all__ = ["ReportKind", "ReportingRequest", "due_dates", "reporting_requests"]


class ReportKind(models.TextChoices):
    REPORT = "report", _("Report")
    UPDATE = "update", _("Written update")
    BRIEFING = "briefing", _("Briefing")
    REVIEW = "review", _("Strategic review / assessment")


NO_DATE = gettext_noop("No due date was found; set one.")
NO_PERIOD = gettext_noop("It recurs, but how often could not be read; set the period.")
FROM_EVENT = gettext_noop(
    "The due date counts from an event other than the adoption; set the date."
)
SEVERAL_DATES = gettext_noop("Several due dates were found; the first one was used.")
BAD_DATE = gettext_noop("A date in the text is not a valid date; set the due date.")
MONTH_ONLY = gettext_noop("The text names a month, not a day; the month's last day was used.")
NO_MANDATE_END = gettext_noop(
    "No mandate end date was found; the dates run to a year after the adoption."
)

EXCERPT_MAX = 600


@dataclass(frozen=True)
class ReportingRequest:
    reference: str
    kind: str
    title: str
    excerpt: str
    first_due: date | None
    every_months: int | None
    every_days: int | None
    until: date | None
    certain: bool
    warnings: tuple[str, ...] = ()


# --- Patterns --------------------------------------------------------------------------------

_SCOPE = 1500  # longest request clause read; real ones run to a few hundred characters
_LEAD_WINDOW = 300  # from "requests the Secretary-General" to its "to report"
_OBJECT_WINDOW = 300  # from the verb to what is to be delivered

_NORMAL = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
    "\u2010": "-", "\u2011": "-", "\u00ad": None, "\u200b": None,
})  # fmt: skip
_SPACES = re.compile(r"\s+")
_SG_SPLIT = re.compile(r"Secretary\s*[-\u2012-\u2014]\s*General")

_SG = r"Secretary-General"
_ADDRESSEE = (
    r"(?:the\s+|his\s+)?(?:United\s+Nations\s+)?"
    rf"(?:{_SG}(?:'s\s+Special\s+(?:Representative|Envoy))?"
    r"|Secretariat"
    rf"|Special\s+(?:Representative|Envoy|Adviser)(?:\s+of\s+the\s+{_SG})?)\b"
)
# "requests the Secretary-General", "Further requests", "its request to the Secretariat",
# "requests that the Secretary-General".
_ANCHOR = (
    r"(?<![\w-])(?:(?i:further|also)\s+)?(?i:requests?)\s+(?:(?i:also|further|again)\s+)?"
    r"(?:(?P<to>to)\s+|(?P<that>that)\s+)?" + _ADDRESSEE
)
_ANCHOR_RE = re.compile(_ANCHOR)
_RECALLED = re.compile(r"(?i:recall(?:s|ing)\s+(?:its|the|his)\s+)$")
# A parent paragraph that leaves its verb to the items: "Requests the Secretary-General to:".
_HANDS_DOWN = re.compile(_ANCHOR + r"[^;]{0,300}?\bto\s*:?\s*$")

_REPORT_VERBS = frozenset(["report", "reporting"])
_BRIEF_VERBS = frozenset(["brief", "briefing"])
_DELIVER_VERBS = frozenset(
    ["submit", "provide", "present", "transmit", "deliver", "prepare", "share", "send",
     "issue", "produce", "make"]
)  # fmt: skip
_CONDUCT_VERBS = frozenset(["conduct", "undertake", "carry", "commission", "initiate", "launch"])
_OTHER_VERBS = frozenset(
    ["ensure", "continue", "keep", "inform", "include", "take", "support", "consult", "engage",
     "work", "assist", "help", "facilitate", "establish", "develop", "deploy", "implement",
     "strengthen", "enhance", "pursue", "explore", "identify", "monitor", "coordinate", "seek",
     "maintain", "use", "consider", "review", "assess", "examine", "study", "convene",
     "appoint", "designate", "redeploy", "reconfigure", "transfer", "begin", "start",
     "complete", "finalize", "finalise", "expedite", "accelerate", "mobilize", "mobilise",
     "promote", "encourage", "increase", "reduce", "adjust", "align", "address", "integrate",
     "mainstream", "apply", "adopt", "plan", "set", "put", "step", "give", "allocate",
     "utilize", "utilise", "draw", "bring", "reflect", "outline", "lay", "update"]
)  # fmt: skip
_VERBS = sorted(
    {*_REPORT_VERBS, *_BRIEF_VERBS, *_DELIVER_VERBS, *_CONDUCT_VERBS, *_OTHER_VERBS},
    key=len,
    reverse=True,
)
_ADVERB = (
    r"(?:also|further|then|thereafter|regularly|periodically|promptly|immediately|jointly"
    r"|subsequently|urgently|swiftly|expeditiously|duly|formally|publicly|continue\s+to"
    r"|continue(?=\s+[a-z]+ing\b))"
)
_VERB_AHEAD = rf"(?=(?i:(?:{_ADVERB}\s+)*(?:{'|'.join(_VERBS)}))\b)"
_ITEM_VERB = re.compile(rf"(?i:to\s+)?{_VERB_AHEAD}")
_TO_VERB = re.compile(rf"(?i:\bto\s+{_VERB_AHEAD})")
_LEAD_STOP = re.compile(r"[;:]|\.(?:\s|$)|\u2026")
_SUBJUNCTIVE = re.compile(rf"\s*(?:(?i:should|shall)\s+)?{_VERB_AHEAD}")
# Where the request's own words stop: the paragraph's end, a sentence's, the list it opens,
# or another Council verb ("..., and decides that ...", "and requests UNMISS to ...").
_COUNCIL_VERB = (
    r"(?:requests|decides|notes|urges|calls|encourages|emphasi[sz]es|stresses|underlines"
    r"|underscores|reiterates|reaffirms|expresses|welcomes|invites|demands|authori[sz]es"
    r"|affirms|recogni[sz]es|acknowledges|condemns|commends|looks\s+forward|takes\s+note)"
)
_SCOPE_END = re.compile(
    r";|\.(?=\s+[A-Z\"]|\s*$)|\u2026|:\s*$"
    r"|,?\s+and\s+(?:(?:further|also|in\s+this\s+regard,?)\s+)?"
    + _COUNCIL_VERB
    + r"\b(?=\s+(?:the|that|its|all|upon|on|to|further|also|with|[A-Z]))"
    r"|,\s+(?:further|also)\s+" + _COUNCIL_VERB + r"\b"
    r"|\s" + _ANCHOR.replace("?P<to>", "").replace("?P<that>", "")
)
# The next infinitive of the same request: "..., and to provide ...", ", as well as to brief".
_NEXT_CLAUSE = re.compile(
    r"(?:,\s*(?:and\s+(?:also\s+|further,?\s+|then\s+)?|as\s+well\s+as\s+)?"
    r"|\s+(?:and\s+(?:also\s+|further,?\s+|then\s+)?|as\s+well\s+as\s+))"
    rf"(?i:to)\s+{_VERB_AHEAD}"
)
_VERB_AT = re.compile(rf"(?i:(?:{_ADVERB}\s+)*(?P<verb>[a-z]+))(?P<rest>[^;]{{0,20}})")
_THE_COUNCIL = re.compile(r"\s+(?:the\s+)?(?:security\s+)?council\b")
# "... to conduct a review and to present it ...": the second infinitive delivers the first.
_FOLLOW_UP = re.compile(
    rf"(?i:(?:{_ADVERB}\s+)*(?:provide|submit|present|share|transmit|deliver)\s+"
    r"(?:it|them|its\s+(?:findings|results|conclusions|recommendations)"
    r"|the\s+(?:results?|findings|outcome|conclusions)|such\s+\w+))\b"
)

_ADJECTIVES = (
    r"(?:written|oral|comprehensive|detailed|full|short|brief|final|interim|progress|special"
    r"|further|public|joint|independent|strategic|thorough|technical|concise|first|new"
    r"|consolidated|substantive|dedicated|separate|formal|updated|annual|quarterly|monthly"
    r"|periodic|regular|mid-?term|analytical|integrated|needs|threat|conflict|situational"
    r"|overall|in-depth|concrete|specific|clear|realistic)"
)
_OBJECT = re.compile(
    r"\b(?:(?P<det>an?|his|its|one)\s+)?"
    rf"(?P<adj>(?:{_ADJECTIVES},?\s+(?:and\s+)?){{0,3}})"
    r"(?P<noun>reports?|updates?|letters?|briefings?|assessments?|reviews?|evaluations?"
    r"|recommendations|options)\b",
    re.I,
)
# Words before a noun phrase that make it something other than what is to be delivered:
# "as recommended in his report", "the findings of the review".
_NOT_OBJECT_BEFORE = frozenset(
    ["in", "of", "on", "by", "from", "to", "under", "through", "per", "the", "this", "that",
     "these", "those", "their", "such", "previous", "last", "latest", "recent", "said"]
)  # fmt: skip

# --- Dates and periods

_MONTH = "|".join(MONTHS)
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty five": 45, "sixty": 60, "ninety": 90,
    "one hundred and twenty": 120, "one hundred twenty": 120,
    "one hundred and eighty": 180, "one hundred eighty": 180,
}  # fmt: skip
_NUM = (
    r"(?:\d{1,3}|one\s+hundred(?:\s+and)?\s+(?:twenty|eighty)|forty[-\s]five|one|two|three"
    r"|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|sixty|ninety"
    r"|an?)(?:\s*\(\d{1,3}\))?"
)
_UNIT = r"(?:days?|weeks?|months?|years?)\b"
_WHEN = (
    rf"(?:the\s+end\s+of\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH})\s+\d{{4}}"
    rf"|(?:{_MONTH})\s+\d{{1,2}},?\s+\d{{4}}|(?:{_MONTH})\s+\d{{4}})"
    r"|the\s+end\s+of\s+\d{4}"
)
_DAY_MONTH_YEAR = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\s+(\d{{4}})")
_MONTH_DAY_YEAR = re.compile(rf"({_MONTH})\s+(\d{{1,2}}),?\s+(\d{{4}})")
_MONTH_YEAR = re.compile(rf"({_MONTH})\s+(\d{{4}})")
_YEAR = re.compile(r"(\d{4})")

_MANDATE = r"(?:the|its|this|[A-Z][\w-]*'s)\s+(?:current\s+|present\s+)?mandate"
_END_OF_MANDATE = rf"the\s+(?:end|expiry|expiration|termination)\s+of\s+{_MANDATE}"
_ADOPTION = (
    r"(?:the\s+|its\s+)?(?:date\s+of\s+)?(?:the\s+|its\s+)?"
    r"(?:adoption(?:\s+of\s+(?:this|the\s+present)\s+resolution)?"
    r"|(?:this|the\s+present)\s+resolution)"
)
_DEADLINE = re.compile(
    r"(?i:\b(?:by\s+no\s+later\s+than|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before"
    r"|by|before|due\s+(?:on|by)|starting(?:\s+(?:on|from|in))?|beginning(?:\s+(?:on|from|in))?"
    r"|commencing(?:\s+(?:on|from|in))?))\s+"
    rf"(?P<when>{_WHEN})"
)
_RELATIVE = re.compile(
    r"(?i:\b(?:(?:within|in|by\s+no\s+later\s+than|no\s+later\s+than|not\s+later\s+than)"
    rf"\s+(?:a\s+period\s+of\s+)?(?P<n>{_NUM})\s+(?P<unit>{_UNIT})(?:'s?\s+time)?"
    r"(?!\s+(?:before|prior\s+to)\b)"
    rf"|(?P<n2>{_NUM})\s+(?P<unit2>{_UNIT})(?=\s+(?:after|following|from)\s+{_ADOPTION})))"
    r"(?P<base>\s+(?:of|after|from|following)\s+(?P<what>[^,;.]{1,80}))?"
)
_ADOPTION_RE = re.compile(rf"(?i:{_ADOPTION})\b")
_BEFORE_END = re.compile(
    rf"(?i:\b(?P<n>{_NUM})\s+(?P<unit>{_UNIT})\s+(?:before|prior\s+to)\s+){_END_OF_MANDATE}"
)
_AT_END = re.compile(
    r"(?<!days\s)(?<!weeks\s)(?<!months\s)(?<!years\s)(?<!day\s)(?<!week\s)(?<!month\s)"
    rf"(?i:\b(?:by|before|no\s+later\s+than|not\s+later\s+than|at)\s+){_END_OF_MANDATE}"
)
_UNTIL = re.compile(rf"(?i:\buntil\s+)(?:(?P<when>{_WHEN})|(?P<end>{_END_OF_MANDATE}))")
_EVERY = re.compile(rf"(?i:\bevery\s+(?:(?P<n>{_NUM})\s+)?(?P<unit>{_UNIT})\b)")
_INTERVALS = re.compile(
    rf"(?i:\bat\s+(?P<n>{_NUM})[-\s](?P<unit>day|week|month)\s+intervals"
    rf"|\bat\s+intervals\s+of\s+(?P<n2>{_NUM})\s+(?P<unit2>{_UNIT}))"
)
_PERIOD_WORDS = (
    (re.compile(r"(?i:\b(?:quarterly|on\s+a\s+quarterly\s+basis|four\s+times\s+a\s+year)\b)"), 3),
    (re.compile(r"(?i:\b(?:monthly|on\s+a\s+monthly\s+basis|once\s+a\s+month)\b)"), 1),
    (
        re.compile(
            r"(?i:\b(?:twice\s+(?:a|per)\s+year|twice\s+(?:yearly|annually)|semi-?annual(?:ly)?"
            r"|bi-?annual(?:ly)?|on\s+a\s+semi-?annual\s+basis|every\s+half[-\s]year)\b)"
        ),
        6,
    ),
    (re.compile(r"(?i:\bthree\s+times\s+(?:a|per)\s+year\b)"), 4),
    (
        re.compile(
            r"(?i:\b(?:annually|yearly|once\s+a\s+year|on\s+an\s+annual\s+basis"
            r"|annual(?=\s+(?:reports?|updates?|briefings?|reviews?|assessments?)\b)))"
        ),
        12,
    ),
)
# "provide regular updates", not "in his regular reports" (reports already asked for).
_REGULAR_OBJECT = re.compile(
    r"(?<!\bhis\s)(?<!\bits\s)(?<!\bthe\s)(?<!\bher\s)"
    r"(?i:\b(?:regular|periodic)\s+(?:reports|updates|briefings)\b)"
)
_VAGUE = re.compile(r"(?i:\b(?:regularly|periodically|on\s+a\s+(?:regular|periodic)\s+basis)\b)")

_MONTH_NAMES = list(MONTHS)
_PERIOD_TITLES = {1: "every month", 2: "every two months", 3: "every three months",
                  4: "every four months", 6: "every six months", 12: "every year"}  # fmt: skip


# --- Reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Clause:
    head: str  # "Requests the Secretary-General to" (for the excerpt)
    body: str  # from the verb: "report to the Council every 90 days on ..."
    first: bool  # the request's first infinitive: the excerpt reads on from the head


@dataclass(frozen=True)
class _Timing:
    first_due: date | None
    every_months: int | None
    every_days: int | None
    until: date | None
    warnings: tuple[str, ...]


def reporting_requests(parsed: ParsedResolution) -> list[ReportingRequest]:
    """Every reporting request of the operative paragraphs, in document order."""
    flat = parsed.flat()
    # Lead-ins that hand the request down to their items, read once per list.
    heads = {p.reference: _hands_down(p) for p in flat if p.children}
    found: list[ReportingRequest] = []
    for paragraph in flat:
        text = _normal(paragraph.text)
        head = heads.get(paragraph.parent_reference or "")
        clauses = [*_handed_down(text, head), *_clauses(text)]
        for clause in clauses:
            request = _request(clause, paragraph.reference, parsed)
            if request:
                found.append(request)
    return found


def due_dates(request: ReportingRequest, *, limit: int = 40) -> list[date]:
    """Due dates from ``first_due`` to ``until`` (inclusive), at most ``limit``. The first is
    always given, even past ``until``: the text asks for it."""
    first = request.first_due
    if first is None or limit <= 0:
        return []
    if not request.every_days and not request.every_months:
        return [first]
    dates = [first]
    step = 1
    while len(dates) < limit:
        if request.every_days:
            upcoming = first + timedelta(days=step * request.every_days)
        else:
            upcoming = add_months(first, step * (request.every_months or 0))
        if request.until is not None and upcoming > request.until:
            break
        dates.append(upcoming)
        step += 1
    return dates


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, the day clamped to the month's end (31 Jan -> 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _normal(text: str) -> str:
    """One spacing and plain quotes, so the patterns need not allow for each typographic form."""
    return _SG_SPLIT.sub(_SG, _SPACES.sub(" ", text.translate(_NORMAL))).strip()


def _clauses(text: str) -> Iterator[_Clause]:
    for anchor in _ANCHOR_RE.finditer(text):
        if _RECALLED.search(text, max(0, anchor.start() - 30), anchor.start()):
            continue  # "Recalls its request to the Secretary-General": an earlier resolution's
        start = _infinitive(text, anchor)
        if start is None:
            continue
        end = _scope_end(text, start)
        head = text[anchor.start() : start].rstrip()
        yield from _split(text, start, end, head)


def _hands_down(paragraph: Paragraph) -> str | None:
    """The words "Requests the Secretary-General to:" when a list's lead-in ends on them."""
    lead = _normal(paragraph.text.split(LIST_GAP, 1)[0])
    anchor = _HANDS_DOWN.search(lead)
    return lead[anchor.start() :].rstrip() if anchor else None


def _handed_down(text: str, head: str | None) -> Iterator[_Clause]:
    """An item of a list whose lead-in is "Requests the Secretary-General to:" makes the request
    itself ("(a) Report to the Council ...")."""
    if head is None:
        return
    start = _ITEM_VERB.match(text)
    if start is None:
        return
    yield from _split(text, start.end(), _scope_end(text, start.end()), head)


def _infinitive(text: str, anchor: re.Match[str]) -> int | None:
    """Where the request's verb starts, after "requests the Secretary-General[, in consultation
    with ...,] to" (or "requests that the Secretary-General"); None when no verb follows."""
    limit = min(len(text), anchor.end() + _LEAD_WINDOW)
    stop = _LEAD_STOP.search(text, anchor.end(), limit)
    limit = stop.start() if stop else limit
    if anchor.group("that"):
        verb = _SUBJUNCTIVE.match(text, anchor.end(), limit)
        return verb.end() if verb else None
    to_verb = _TO_VERB.search(text, anchor.end(), limit)
    return to_verb.end() if to_verb else None


def _scope_end(text: str, start: int) -> int:
    limit = min(len(text), start + _SCOPE)
    end = _SCOPE_END.search(text, start, limit)
    return end.start() if end else limit


def _split(text: str, start: int, end: int, head: str) -> Iterator[_Clause]:
    """The request's infinitives, each a clause; one that only delivers the one before ("and to
    present it by ...") stays with it."""
    spans: list[tuple[int, int]] = []
    position = start
    for boundary in _NEXT_CLAUSE.finditer(text, start, end):
        if _FOLLOW_UP.match(text, boundary.end(), end):
            continue
        spans.append((position, boundary.start()))
        position = boundary.end()
    spans.append((position, end))
    for index, (begin, finish) in enumerate(spans):
        body = text[begin:finish].strip(" ,")
        if body:
            yield _Clause(head=head, body=body, first=index == 0)


def _request(clause: _Clause, reference: str, parsed: ParsedResolution) -> ReportingRequest | None:
    what = _what(clause.body)
    if what is None:
        return None
    kind, noun = what
    timing = _timing(clause.body, parsed)
    return ReportingRequest(
        reference=reference,
        kind=kind,
        title=_title(noun, timing),
        excerpt=_excerpt(clause),
        first_due=timing.first_due,
        every_months=timing.every_months,
        every_days=timing.every_days,
        until=timing.until,
        certain=not timing.warnings,
        warnings=timing.warnings,
    )


def _what(body: str) -> tuple[str, str] | None:
    """The kind of request and its title noun, or None when the verb asks for no report."""
    lead = _VERB_AT.match(body)
    if not lead:
        return None
    verb, rest = lead.group("verb").lower(), lead.group("rest").lower()
    if verb in _REPORT_VERBS:
        if rest.lstrip().startswith("orally"):
            return ReportKind.BRIEFING.value, "Briefing"
        return ReportKind.REPORT.value, "Report"
    if verb in _BRIEF_VERBS:
        return ReportKind.BRIEFING.value, "Briefing"
    if verb == "update" and _THE_COUNCIL.match(rest):
        return ReportKind.UPDATE.value, "Update"
    if verb in _DELIVER_VERBS or verb in _CONDUCT_VERBS:
        found = _object(body, lead.end("verb"))
        if found is None:
            return None
        kind, noun = found
        if verb in _CONDUCT_VERBS and kind != ReportKind.REVIEW:
            return None
        return kind, noun
    return None


def _object(body: str, start: int) -> tuple[str, str] | None:
    """What the verb asks to be delivered: "a written update", "an independent strategic
    review", "regular reports"; not "as recommended in his report"."""
    window = body[: start + _OBJECT_WINDOW]
    for match in _OBJECT.finditer(window, start):
        before = window[max(0, match.start() - 40) : match.start()].split()
        word = before[-1].strip(",;:()").lower() if before else ""
        noun, adjectives = match.group("noun").lower(), match.group("adj").lower()
        if word in _NOT_OBJECT_BEFORE:
            continue
        if not match.group("det") and not noun.endswith("s"):
            continue  # a singular noun without its article is no object ("review of the ...")
        return _kind_of(noun, adjectives)
    return None


def _kind_of(noun: str, adjectives: str) -> tuple[str, str]:
    singular = noun if noun in ("recommendations", "options") else noun.rstrip("s")
    if singular == "briefing" or (singular in ("report", "update") and "oral" in adjectives):
        return ReportKind.BRIEFING.value, "Briefing"
    if singular == "report":
        return ReportKind.REPORT.value, "Report"
    if singular in ("update", "letter"):
        return ReportKind.UPDATE.value, "Letter" if singular == "letter" else "Written update"
    kept = [w for w in adjectives.replace(",", " ").split() if w in ("independent", "strategic")]
    return ReportKind.REVIEW.value, " ".join([*kept, singular]).capitalize()


# --- Timing ----------------------------------------------------------------------------------


def _timing(body: str, parsed: ParsedResolution) -> _Timing:
    warnings: list[str] = []
    months, days = _period(body)
    recurring = bool(months or days)
    if not recurring and (_VAGUE.search(body) or _vague_object(body)):
        warnings.append(NO_PERIOD)
    until, until_doubt = _until(body, parsed)
    dated = [day for day in _dates(body, parsed, warnings) if day]
    first = dated[0] if dated else None
    if len(set(dated)) > 1:
        warnings.append(SEVERAL_DATES)
    if first is None and recurring:
        first = _step(parsed.adopted_on, months, days)
    if first is None and not {FROM_EVENT, BAD_DATE} & set(warnings):
        warnings.append(NO_DATE)
    if recurring and until_doubt:
        warnings.append(NO_MANDATE_END)
    return _Timing(
        first_due=first,
        every_months=months,
        every_days=days,
        until=until,
        warnings=tuple(dict.fromkeys(warnings)),
    )


def _step(day: date, months: int | None, days: int | None) -> date:
    return day + timedelta(days=days) if days else add_months(day, months or 0)


def _vague_object(body: str) -> bool:
    return bool(_REGULAR_OBJECT.search(body))


def _period(body: str) -> tuple[int | None, int | None]:
    """(every_months, every_days) the text sets, or (None, None) for a one-off."""
    every = _EVERY.search(body) or _INTERVALS.search(body)
    if every:
        n = _number(every.group("n") or _group(every, "n2") or "one")
        unit = (every.group("unit") or _group(every, "unit2") or "").lower().rstrip("s")
        if unit == "day":
            return max(1, round(n / 30.4375)), n
        if unit == "week":
            return max(1, round(7 * n / 30.4375)), 7 * n
        return (n if unit == "month" else 12 * n), None
    for pattern, months in _PERIOD_WORDS:
        if pattern.search(body):
            return months, None
    return None, None


def _group(match: re.Match[str], name: str) -> str | None:
    return match.groupdict().get(name)


def _number(text: str) -> int:
    text = _SPACES.sub(" ", re.sub(r"\s*\(\d+\)", "", text)).lower().replace("-", " ")
    return int(text) if text.isdigit() else _NUMBER_WORDS.get(text, 1)


def _dates(body: str, parsed: ParsedResolution, warnings: list[str]) -> list[date | None]:
    """Due dates the clause names, in the order written: deadlines ("by 30 September 2026"),
    periods from the adoption ("within 60 days"), and dates set by the mandate's end."""
    found: list[tuple[int, date | None]] = []
    for match in _DEADLINE.finditer(body):
        found.append((match.start(), _read_when(match.group("when"), warnings)))
    for match in _RELATIVE.finditer(body):
        n = _number(match.group("n") or match.group("n2"))
        unit = (match.group("unit") or match.group("unit2")).lower().rstrip("s")
        what = match.group("what")
        if match.group("base") and not _ADOPTION_RE.match(what or ""):
            warnings.append(FROM_EVENT)
            found.append((match.start(), None))
            continue
        found.append((match.start(), _shift(parsed.adopted_on, n, unit)))
    for match in _BEFORE_END.finditer(body):
        end = _mandate_end(parsed, warnings)
        n, unit = _number(match.group("n")), match.group("unit").lower().rstrip("s")
        found.append((match.start(), _shift(end, -n, unit)))
    for match in _AT_END.finditer(body):
        found.append((match.start(), _mandate_end(parsed, warnings)))
    found.sort(key=lambda item: item[0])
    return [day for _, day in found]


def _shift(day: date, n: int, unit: str) -> date:
    if unit == "day":
        return day + timedelta(days=n)
    if unit == "week":
        return day + timedelta(weeks=n)
    return add_months(day, n * (12 if unit == "year" else 1))


def _read_when(text: str, warnings: list[str]) -> date | None:
    if match := _DAY_MONTH_YEAR.search(text):
        day = _to_date(*match.groups())
    elif match := _MONTH_DAY_YEAR.search(text):
        day = _to_date(match.group(2), match.group(1), match.group(3))
    elif match := _MONTH_YEAR.search(text):
        month, year = MONTHS[match.group(1)], int(match.group(2))
        if not text.lower().startswith("the end of"):
            warnings.append(MONTH_ONLY)
        return date(year, month, calendar.monthrange(year, month)[1])
    elif match := _YEAR.search(text):
        return date(int(match.group(1)), 12, 31)
    else:
        day = None
    if day is None:
        warnings.append(BAD_DATE)
    return day


def _mandate_end(parsed: ParsedResolution, warnings: list[str]) -> date:
    if parsed.mandate_end is None:
        warnings.append(NO_MANDATE_END)
    return parsed.mandate_end or add_months(parsed.adopted_on, 12)


def _until(body: str, parsed: ParsedResolution) -> tuple[date, bool]:
    """The last date a recurrence runs to, and whether it was guessed (no mandate end)."""
    match = _UNTIL.search(body)
    if match and match.group("when"):
        day = _read_when(match.group("when"), [])
        if day:
            return day, False
    if parsed.mandate_end:
        return parsed.mandate_end, False
    return add_months(parsed.adopted_on, 12), True


# --- Wording ---------------------------------------------------------------------------------


def _title(noun: str, timing: _Timing) -> str:
    if timing.every_days:
        return f"{noun} every {timing.every_days} days"
    if timing.every_months:
        period = _PERIOD_TITLES.get(timing.every_months, f"every {timing.every_months} months")
        return f"{noun} {period}"
    if timing.first_due:
        return f"{noun} by {_english_date(timing.first_due)}"
    return noun


def _english_date(day: date) -> str:
    """D Month YYYY in English whatever the locale; the UI may retitle."""
    return f"{day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def _excerpt(clause: _Clause) -> str:
    text = f"{clause.head} {clause.body}" if clause.first else f"{clause.head} \u2026 {clause.body}"
    text = text.strip().rstrip(",;:")
    if len(text) <= EXCERPT_MAX:
        return text
    cut = text[: EXCERPT_MAX - 1].rsplit(" ", 1)[0]
    return f"{cut}\u2026"
