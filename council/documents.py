"""The input as Headquarters receives it: a Word document drafters can keep working in, and a
PDF through the brief renderer. Both hold the paragraphs their reader may read, numbered as on
the page, in the reader's language; the paragraphs stay as written."""

from __future__ import annotations

from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx.enum.table import WD_TABLE_ALIGNMENT

from briefs.rendering import html_to_pdf, page_css
from core.word import day as _day
from core.word import mark_pages, person, word_bytes, word_document, word_table
from council.models import InputStatus, ReportInput
from council.selectors import SectionBlock, sections_of
from missions.classification import Classification
from missions.need_to_know import level_label
from strategies.selectors.exit_conditions import current_exit_conditions

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def title_of(report: ReportInput) -> str:
    return _("Input to the report of the Secretary-General")


def subtitle_of(report: ReportInput) -> str:
    obligation = report.obligation
    return _("%(mission)s · %(report)s due %(due)s · covering %(start)s to %(end)s") % {
        "mission": f"{report.mission.name} ({report.mission.acronym})",
        "report": obligation.label,
        "due": _day(obligation.due_on),
        "start": _day(report.period_start),
        "end": _day(report.period_end),
    }


def status_line(report: ReportInput) -> str:
    if report.status == InputStatus.APPROVED:
        return _("Approved by %(who)s on %(day)s") % {
            "who": person(report.approved_by),
            "day": _day(timezone.localtime(report.approved_at, report.mission.zone)),
        }
    if report.status == InputStatus.CLEARED:
        return _("Draft cleared by %(who)s on %(day)s, awaiting the head of mission") % {
            "who": person(report.cleared_by),
            "day": _day(timezone.localtime(report.cleared_at, report.mission.zone)),
        }
    return _("Draft, not yet cleared")


def _marking(sections: list[SectionBlock], report: ReportInput) -> str:
    level = max(
        (n.paragraph.classification for s in sections for n in s.paragraphs),
        default=Classification.UNCLASSIFIED,
    )
    return level_label(level, report.mission).upper()


def input_docx(report: ReportInput) -> bytes:
    """A .docx with a title, the status, a heading per section, numbered paragraphs (Word's
    own numbering), the benchmarks as a table and the sources of each paragraph."""
    sections = sections_of(report)
    document = word_document(
        title=f"{title_of(report)}: {report.mission.acronym}",
        author=report.mission.name,
        subject=report.obligation.label,
    )
    mark_pages(document, _marking(sections, report))
    document.add_heading(title_of(report), level=0)
    document.add_paragraph(subtitle_of(report))
    document.add_paragraph(status_line(report)).runs[0].italic = True

    for section in sections:
        document.add_heading(f"{section.numeral}. {section.label}", level=1)
        if not section.paragraphs:
            document.add_paragraph(_("Nothing to report in this period.")).runs[0].italic = True
        for numbered in section.paragraphs:
            document.add_paragraph(numbered.paragraph.text, style="List Number")

    conditions = list(current_exit_conditions(report.mission).order_by("kind", "pk"))
    if conditions:
        document.add_heading(_("Annex I. Benchmarks: the exit conditions"), level=1)
        table = word_table(
            document,
            (_("Condition"), _("Kind"), _("Status"), _("Last assessed")),
            (
                (
                    condition.description,
                    str(condition.get_kind_display()),
                    str(condition.get_status_display()),
                    _day(condition.last_assessed_on),
                )
                for condition in conditions
            ),
        )
        table.alignment = WD_TABLE_ALIGNMENT.CENTER

    drawn = [n for s in sections for n in s.paragraphs if n.sources]
    if drawn:
        document.add_heading(_("Annex II. Sources of each paragraph"), level=1)
        word_table(
            document,
            (_("Paragraph"), _("Drawn from")),
            (
                (str(numbered.number), "; ".join(source.label for source in numbered.sources))
                for numbered in drawn
            ),
            widths=(1, 6),
        )
    return word_bytes(document)


def input_pdf(report: ReportInput, *, now: datetime | None = None) -> bytes:
    """The same content laid out by the brief renderer (WeasyPrint, PDF/UA)."""
    sections = sections_of(report)
    moment = timezone.localtime(now or timezone.now(), report.mission.zone)
    marking = _marking(sections, report)
    with timezone.override(report.mission.zone):
        context = {
            "report": report,
            "mission": report.mission,
            "sections": sections,
            "title": title_of(report),
            "subtitle": subtitle_of(report),
            "status_line": status_line(report),
            "marking": marking,
            "language": get_language() or "en",
            "conditions": list(current_exit_conditions(report.mission).order_by("kind", "pk")),
            "page_css": page_css(
                running_title=f"{report.mission.acronym} · {title_of(report)}",
                marking=marking,
                footer=_("Printed %(date)s")
                % {"date": f"{date_format(moment, 'DATETIME_FORMAT')} {moment:%Z}"},
            ),
        }
        html = render_to_string("council/pdf/input.html", context)
    return html_to_pdf(html).pdf


def filename(report: ReportInput, extension: str) -> str:
    return (
        f"{report.mission.acronym}-SG-report-input-{report.obligation.due_on:%Y-%m-%d}.{extension}"
    )
