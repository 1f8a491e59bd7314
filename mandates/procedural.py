"""Guess which operative paragraphs are procedural: the Council's own business, not a task.

A resolution's operative part mixes the mission's tasks with paragraphs that give it nothing to
do: the mandate is extended until a date, the troop and police ceilings are set, the
Secretary-General is asked to report or brief, the Council remains seized of the matter or
intends to review. Read as tasks, each of those would be a finding "aligned to no objective".

The guess is shown in the import preview, where the person corrects it, so it errs on the side
of a task: a paragraph is procedural only when every clause of it is one of the kinds below
and no clause gives anyone anything else to do. "Requests the Secretary-General to take the
necessary steps to ensure ... and to report on these steps" stays a task; so does an extension
that also says what the mission is to do ("... to support the implementation of ..."), and any
request to the mission itself.

Plain Python, like ``mandates.parsing``, which calls ``mark_procedural`` on every parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ProceduralReason", "mark_procedural", "procedural_reason"]


class ProceduralReason(models.TextChoices):
    """Why a paragraph was guessed procedural, as the preview says it."""

    EXTENSION = "extension", _("extends the mandate")
    CEILING = "ceiling", _("sets troop or police numbers")
    REPORTING = "reporting", _("asks the Secretary-General to report or brief")
    FOLLOW_UP = "follow_up", _("the Council's own follow-up")


class _Paragraph(Protocol):
    text: str
    children: list
    is_strategic_priority: bool
    is_procedural: bool
    procedural_reason: str


# Joins a list's lead-in to the words that close the paragraph after it (``parsing.LIST_GAP``).
_LIST_GAP = "\u2026"
_NORMAL = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u00ad": None,
})  # fmt: skip
_SPACES = re.compile(r"\s+")
_SG = r"(?:the\s+)?secretary\s*-\s*general"

# Clauses: at a semicolon, at the list gap, and where the Council resumes with a verb of its
# own (", and requests ...", " and decides to remain seized ...").
_COUNCIL_VERB = (
    r"(?:further\s+|also\s+)?(?:requests|decides|expresses|recalls|looks|reaffirms|affirms"
    r"|underlines|stresses|urges|calls|encourages|authori[sz]es|welcomes|invites|demands"
    r"|emphasi[sz]es|notes|reiterates|agrees|endorses|asks)\b"
)
_CLAUSE_BREAK = re.compile(
    r"\s*;\s*|\s*" + _LIST_GAP + r"\s*|,?\s+and\s+(?=" + _COUNCIL_VERB + r")", re.I
)
_CLAUSE_LEAD = re.compile(
    r"^(?:and\s+)?(?:(?:further|also|in\s+this\s+regard,?|to\s+this\s+end,?)\s+)*", re.I
)

_EXTENSION = re.compile(
    r"^(?:decides|agrees)(?:,\s*acting\s+under\s+chapter\s+vii[^,]{0,80},)?\s+to\s+"
    r"(?:extend|renew)\b(?=.*\bmandate\b)"
    r"|^decides\s+that\s+the\s+mandate\s+of\b[^;]{0,200}?\bshall\s+be\s+(?:extended|renewed)\b",
    re.I,
)
_CEILING_OPENING = re.compile(r"^(?:decides|authori[sz]es|endorses|agrees|approves)\b", re.I)
_CEILING_WORDS = re.compile(
    r"\b(?:troop|police|military|personnel|force|uniformed)\s+(?:ceilings?|levels?|strength)\b"
    r"|\bceilings?\b|\bauthori[sz]ed\s+(?:strength|levels?|troop|police|personnel)\b",
    re.I,
)
_REPORTING = re.compile(
    r"^(?:requests|asks|invites)\s+" + _SG + r"\b"
    r"|^reiterates\s+its\s+requests?\s+(?:to|that)\s+" + _SG + r"\b",
    re.I,
)
_SEIZED = re.compile(r"^(?:decides|resolves)\s+to\s+remain\s+(?:actively\s+)?seized\b", re.I)
_FOLLOW_UP = re.compile(
    r"^(?:expresses|reaffirms|affirms|recalls|underlines|declares|stresses|confirms|notes)\s+"
    r"its\s+(?:intention|readiness|willingness|determination)\s+to\s+"
    r"(?:review|consider|keep|reconsider|revisit|examine|assess|adjust|take|modify)\b"
    r"|^decides\s+to\s+(?:review|reconsider|consider|keep\b.{0,120}?\bunder\s+review)\b"
    r"|^looks\s+forward\s+to\s+(?:receiving\s+)?(?:the\s+|his\s+)?"
    r"(?:secretary\s*-\s*general's\s+)?(?:\w+\s+){0,2}"
    r"(?:report|reports|briefing|briefings|recommendations|assessment|review|update)\b",
    re.I,
)

# "to <verb>", lower case: "to the Council", "to MINUSCA" name no verb.
_INFINITIVE = re.compile(r"\bto\s+(?:(?:further|fully|also|regularly|promptly|orally)\s+)?([a-z]+)")
# Verbs that ask only for words: a report, a briefing, information.
_SAY = frozenset(["report", "brief", "inform", "update", "notify", "apprise"])
# Verbs that deliver something, procedural only when what they deliver is a report or the like.
_DELIVER = frozenset(
    ["provide", "submit", "present", "transmit", "deliver", "prepare", "share", "send", "issue",
     "include", "conduct", "undertake", "carry", "commission", "make"]
)  # fmt: skip
_DELIVERED = re.compile(
    r"\b(?:reports?|briefings?|updates?|assessments?|reviews?|recommendations?|options"
    r"|letters?|information|analys[ie]s|proposals|findings|observations|overview)\b",
    re.I,
)
_KEPT_INFORMED = re.compile(r"\b(?:informed|apprised|updated|abreast)\b", re.I)
# What the Council may say it will do about its own decisions.
_COUNCIL_OWN = frozenset(
    ["review", "consider", "keep", "reconsider", "revisit", "examine", "assess", "adjust",
     "take", "modify", "renew", "extend", "terminate", "reduce", "increase", "impose",
     "remain", "be"]
)  # fmt: skip
_NUMBERS = frozenset(
    ["maintain", "increase", "reduce", "decrease", "lower", "raise", "keep", "extend",
     "authorize", "authorise", "adjust", "comprise", "consist", "include", "be"]
)  # fmt: skip
# Verbs that give someone a task. Any of them in a clause makes the paragraph a task.
_TASK = frozenset(
    ["support", "protect", "assist", "help", "facilitate", "promote", "monitor", "deter",
     "prevent", "ensure", "use", "strengthen", "enhance", "coordinate", "implement", "deploy",
     "redeploy", "establish", "develop", "advance", "contribute", "work", "lead", "exercise",
     "advise", "build", "continue", "engage", "pursue", "explore", "identify", "seek",
     "convene", "appoint", "designate", "reconfigure", "transfer", "begin", "start",
     "complete", "finalize", "finalise", "expedite", "accelerate", "mobilize", "mobilise",
     "encourage", "align", "address", "integrate", "mainstream", "apply", "adopt", "plan",
     "set", "put", "step", "give", "allocate", "utilize", "utilise", "draw", "bring",
     "investigate", "document", "verify", "observe", "patrol", "secure", "disarm",
     "demobilize", "reintegrate", "train", "mentor", "mediate", "negotiate", "reconcile",
     "restore", "respond", "mitigate", "anticipate", "reinforce", "operate", "manage",
     "oversee", "enable", "empower", "combat", "fight", "counter", "tackle", "cooperate",
     "collaborate", "liaise", "consult", "act", "intervene", "enforce", "assess", "maintain",
     "take", "reduce", "increase", "adjust", "keep", "provide", "conduct", "undertake",
     "carry", "include", "deliver", "prepare", "share", "make", "present", "submit"]
)  # fmt: skip


def _normal(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_NORMAL)).strip()


def _infinitives(clause: str) -> list[tuple[str, str]]:
    """Each verb the clause puts after "to", with the words up to the next such verb."""
    found = [
        (match.start(), match.group(1))
        for match in _INFINITIVE.finditer(clause)
        if match.group(1) in _SAY | _DELIVER | _TASK | _COUNCIL_OWN | _NUMBERS
        or match.group(1).endswith("ing")  # "with a view to strengthening"
    ]
    if not found:
        return []
    ends = [start for start, _verb in found[1:]] + [len(clause)]
    return [(verb, clause[start:end]) for (start, verb), end in zip(found, ends, strict=True)]


def _only(clause: str, allowed: frozenset[str]) -> bool:
    return all(verb in allowed for verb, _words in _infinitives(clause))


def _asks_for_words(clause: str) -> bool:
    """A request to the Secretary-General that asks only for reports, briefings, information."""
    verbs = _infinitives(clause)
    if not verbs:  # "Requests the Secretary-General to:" hands its verbs down to a list
        return clause.rstrip().endswith(":")
    for verb, words in verbs:
        if verb in _SAY:
            continue
        if verb in _DELIVER and _DELIVERED.search(words):
            continue
        if verb == "keep" and _KEPT_INFORMED.search(words):
            continue
        return False
    return True


def _clause_kind(clause: str) -> ProceduralReason | None:
    if _SEIZED.match(clause):
        return ProceduralReason.FOLLOW_UP if _only(clause, _COUNCIL_OWN) else None
    if _FOLLOW_UP.match(clause):
        allowed = _COUNCIL_OWN | _SAY
        return ProceduralReason.FOLLOW_UP if _only(clause, allowed) else None
    if _EXTENSION.match(clause):
        return ProceduralReason.EXTENSION if _only(clause, frozenset(["extend", "renew"])) else None
    if _CEILING_OPENING.match(clause) and _CEILING_WORDS.search(clause):
        return ProceduralReason.CEILING if _only(clause, _NUMBERS) else None
    if _REPORTING.match(clause):
        return ProceduralReason.REPORTING if _asks_for_words(clause) else None
    return None


def procedural_reason(text: str, *, lead_in: str = "") -> ProceduralReason | None:
    """Why the paragraph reads as procedural (its first clause's kind), or None for a task.

    ``lead_in`` is the text of the list the paragraph is an item of ("Requests the
    Secretary-General to:"), which the item completes.
    """
    text = _normal(text)
    if lead_in:
        lead_in = _normal(lead_in).rstrip(":").rstrip()
        text = f"{lead_in} {text[:1].lower()}{text[1:]}" if text else lead_in
    clauses = [c for c in _CLAUSE_BREAK.split(text.rstrip(" .;")) if c.strip()]
    if not clauses:
        return None
    first: ProceduralReason | None = None
    previous: ProceduralReason | None = None
    for raw in clauses:
        clause = _CLAUSE_LEAD.sub("", raw.strip())
        kind = _clause_kind(clause)
        if kind is None and previous is not None and clause.lower().startswith("to "):
            # "...; and to include in these reports ..." goes on with the request before it.
            kind = _clause_kind(f"{_OPENING_OF[previous]} {clause}")
        if kind is None:
            return None
        first, previous = first or kind, kind
    return first


# What a clause that goes on with an earlier one ("and to brief ...") is read as.
_OPENING_OF = {
    ProceduralReason.EXTENSION: "Decides",
    ProceduralReason.CEILING: "Decides, on the troop ceiling,",
    ProceduralReason.REPORTING: "Requests the Secretary-General",
    ProceduralReason.FOLLOW_UP: "Expresses its intention",
}


def mark_procedural(paragraphs: Iterable[_Paragraph], *, lead_in: str = "") -> None:
    """Set ``is_procedural`` and ``procedural_reason`` on each paragraph of the tree.

    A strategic priority is never procedural. A paragraph with items is procedural when its own
    words are and every item is; an item is read as the completion of its list's lead-in.
    """
    for paragraph in paragraphs:
        own_lead = paragraph.text.split(_LIST_GAP, 1)[0] if paragraph.children else ""
        context = _normal(f"{lead_in.rstrip(':')} {own_lead}") if lead_in else own_lead
        mark_procedural(paragraph.children, lead_in=context)
        reason = None
        if not paragraph.is_strategic_priority:
            reason = procedural_reason(paragraph.text, lead_in=lead_in)
        if paragraph.children and not all(c.is_procedural for c in paragraph.children):
            reason = None
        paragraph.is_procedural = reason is not None
        paragraph.procedural_reason = reason.value if reason else ""
