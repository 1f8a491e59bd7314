"""Reading an input for its page and its documents: sections in order, paragraphs numbered
through the whole input as a report numbers them, each source with the page it lives on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from pghistory.models import Events

from council.models import InputComment, InputParagraph, ReportInput, Section
from mandates.models import ReportingObligation
from missions.models import Mission
from strategies.selectors.activity import Entry, entries_for

# Source kinds with a page of their own in the record history (strategies' TRACKED keys).
RECORD_PAGES = {"objective", "marker", "exitcondition", "position", "task", "stakeholder"}


@dataclass
class Source:
    kind: str
    label: str
    url: str


@dataclass
class Numbered:
    number: int
    paragraph: InputParagraph
    sources: list[Source]


@dataclass
class SectionBlock:
    key: str
    label: str
    numeral: str
    paragraphs: list[Numbered] = field(default_factory=list)


def source_url(mission: Mission, item: dict[str, Any]) -> str:
    """The page of the record a paragraph was drawn from ('' when it has none)."""
    kind, pk = item.get("kind"), item.get("pk")
    try:
        if kind in RECORD_PAGES:
            return reverse("strategies:record_history", args=[mission.acronym, kind, pk])
        if kind == "review":
            return reverse("reviews:detail", args=[mission.acronym, pk])
        if kind == "decision" and item.get("review"):
            url = reverse("reviews:detail", args=[mission.acronym, item["review"]])
            return f"{url}#decision-{pk}"
    except NoReverseMatch:
        return ""
    return ""


_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


def sections_of(report: ReportInput) -> list[SectionBlock]:
    """Every section (empty ones too: the page offers to write them), one query."""
    blocks = {
        value: SectionBlock(value, str(label), _NUMERALS[index])
        for index, (value, label) in enumerate(Section.choices)
    }
    paragraphs = InputParagraph.objects.filter(input=report).order_by("position", "pk")
    ordered = sorted(paragraphs, key=lambda p: (Section.values.index(p.section), p.position))
    for number, paragraph in enumerate(ordered, start=1):
        sources = [
            Source(
                item.get("kind", ""), str(item.get("label", "")), source_url(report.mission, item)
            )
            for item in paragraph.sources or []
        ]
        blocks[paragraph.section].paragraphs.append(Numbered(number, paragraph, sources))
    return list(blocks.values())


def comments_of(report: ReportInput) -> list[InputComment]:
    return list(
        InputComment.objects.filter(input=report)
        .select_related("author", "paragraph")
        .order_by("created_at", "pk")
    )


# The latest changes shown on the input's page.
HISTORY_SHOWN = 30


def history_of(report: ReportInput) -> list[Entry]:
    """The input's own changes and those of its paragraphs and comments, newest first; each
    paragraph named by its opening words. A paragraph the reader may not read is left out
    with its changes (its words are in them)."""
    readable = dict(InputParagraph.objects.filter(input=report).values_list("pk", "text"))
    events = Events.objects.references(report).order_by("-pgh_created_at", "-pgh_id")
    entries = [
        entry
        for entry in entries_for(events[: HISTORY_SHOWN * 2])
        if entry.kind != "inputparagraph" or entry.record_pk in readable
    ][:HISTORY_SHOWN]
    for entry in entries:
        if entry.kind == "reportinput":
            entry.subject = report.obligation.label
        elif entry.kind == "inputparagraph":
            entry.subject = Truncator(readable[entry.record_pk]).words(10)
    return entries


def get_input(mission: Mission, pk: int) -> ReportInput:
    found = (
        ReportInput.objects.filter(mission=mission, pk=pk)
        .select_related("obligation__mandate", "mission", "cleared_by", "approved_by", "created_by")
        .first()
    )
    if found is None:
        raise Http404(_("No such input."))
    return found


def get_obligation_input(
    mission: Mission, obligation_pk: int
) -> tuple[ReportingObligation, ReportInput | None]:
    obligation = (
        ReportingObligation.objects.filter(mandate__mission=mission, pk=obligation_pk)
        .select_related("mandate")
        .first()
    )
    if obligation is None:
        raise Http404(_("No such reporting obligation."))
    return obligation, ReportInput.objects.filter(obligation=obligation).first()


def get_paragraph(report: ReportInput, pk: int) -> InputParagraph:
    found = InputParagraph.objects.filter(input=report, pk=pk).first()
    if found is None:
        raise Http404(_("No such paragraph."))
    return found
