"""Word documents as the Secretariat drafts them (python-docx): a marking at the head and foot
of every page with the page number, real headings, tables with a bold header row. One place,
so the input to the Secretary-General's report and the renewal recommendations look alike."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph


def person(user: object) -> str:
    """A person as documents name them; a dash for a former member."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()  # type: ignore[attr-defined]


def day(value: object) -> str:
    return date_format(value) if value else "—"


def word_document(
    *, title: str, author: str, subject: str, font_size: float = 11, landscape: bool = False
) -> DocxDocument:
    """A blank document with its properties set, in the reader's language."""
    document = Document()
    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.subject = subject
    properties.language = get_language() or "en"
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(font_size)
    if landscape:
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        section.left_margin = section.right_margin = Cm(1.8)
    return document


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A field Word and LibreOffice compute when they lay the page out (PAGE, NUMPAGES)."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind is None:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        if kind == "separate":
            placeholder = OxmlElement("w:t")
            placeholder.text = "1"
            run._r.append(placeholder)


def mark_pages(document: DocxDocument, marking: str) -> None:
    """The marking at the head and the foot of every page, as on a classified paper, and the
    page number (n / total) at the foot."""
    for section in document.sections:
        head = section.header.paragraphs[0]
        head.text = marking
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        head.runs[0].bold = True
        foot = section.footer.paragraphs[0]
        foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
        foot.add_run(marking).bold = True
        foot.add_run(" · " + _("Page") + " ")
        _field(foot, "PAGE")
        foot.add_run(" / ")
        _field(foot, "NUMPAGES")


def word_table(
    document: DocxDocument,
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    widths: Sequence[float] = (),
) -> Table:
    """A grid with a bold header row repeated at the top of each page it runs onto; ``widths``
    are the columns' shares of the line (Word otherwise splits it evenly)."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    header = table.rows[0]
    for cell, text in zip(header.cells, headers, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    if widths:
        section = document.sections[-1]
        line = section.page_width - section.left_margin - section.right_margin
        table.autofit = False
        for column, share in zip(table.columns, widths, strict=True):
            width = int(line * share / sum(widths))
            column.width = width  # the grid, which LibreOffice reads
            for cell in column.cells:  # the cells, which Word reads
                cell.width = width
    return table


def word_bytes(document: DocxDocument) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
