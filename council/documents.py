"""The input as Headquarters receives it: a Word document drafters can keep working in, and a
PDF through the brief renderer. Both hold the paragraphs their reader may read, numbered as on
the page, in the reader's language; the paragraphs stay as written."""

from __future__ import annotations

import io
from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Pt

from briefs.rendering import html_to_pdf, page_css
from council.models import InputStatus, ReportInput
from council.selectors import SectionBlock, sections_of
from missions.classification import Classification
from missions.need_to_know import level_label
from strategies.selectors.exit_conditions import current_exit_conditions

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _person(user: object) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()  # type: ignore[attr-defined]


def _day(value: object) -> str:
    return date_format(value, "j M Y")


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
            "who": _person(report.approved_by),
            "day": _day(timezone.localtime(report.approved_at, report.mission.zone)),
        }
    if report.status == InputStatus.CLEARED:
        return _("Draft cleared by %(who)s on %(day)s, awaiting the head of mission") % {
            "who": _person(report.cleared_by),
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
    document = Document()
    properties = document.core_properties
    properties.title = f"{title_of(report)}: {report.mission.acronym}"
    properties.author = report.mission.name
    properties.language = get_language() or "en"
    properties.subject = report.obligation.label
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)

    marking = document.add_paragraph(_marking(sections, report))
    marking.runs[0].bold = True
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
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        headers = (_("Condition"), _("Kind"), _("Status"), _("Last assessed"))
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for condition in conditions:
            cells = table.add_row().cells
            cells[0].text = condition.description
            cells[1].text = str(condition.get_kind_display())
            cells[2].text = str(condition.get_status_display())
            cells[3].text = _day(condition.last_assessed_on) if condition.last_assessed_on else "—"

    drawn = [n for s in sections for n in s.paragraphs if n.sources]
    if drawn:
        document.add_heading(_("Annex II. Sources of each paragraph"), level=1)
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, (_("Paragraph"), _("Drawn from")), strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for numbered in drawn:
            cells = table.add_row().cells
            cells[0].text = str(numbered.number)
            cells[1].text = "; ".join(source.label for source in numbered.sources)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


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
