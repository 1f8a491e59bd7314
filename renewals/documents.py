"""The recommendations as Headquarters and the drafters take them away: a Word document (a
heading and a table per operative paragraph, then the proposed new tasks) and an Excel workbook
(a row per task, a sheet of proposed tasks). Headings, labels and ratings are in the reader's
language; what people wrote stays as written. Both read what the reader may read, as the
workspace does, in a fixed number of queries."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.word import day as _day
from core.word import mark_pages, person, word_bytes, word_document, word_table
from mandates.models import Mandate
from missions.need_to_know import level_label
from renewals.models import ProposedTask, Recommendation, RecommendationAction, Renewal
from renewals.selectors import TaskRow, Workspace, renewal_of, workspace

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")


def title_of() -> str:
    return _("Recommendations on the renewal of the mandate")


def subtitle_of(mandate: Mandate) -> str:
    return _("%(mission)s · %(symbol)s, adopted %(adopted)s, expires %(expires)s") % {
        "mission": f"{mandate.mission.name} ({mandate.mission.acronym})",
        "symbol": mandate.symbol,
        "adopted": _day(mandate.adopted_on),
        "expires": _day(mandate.expires_on),
    }


def status_line(renewal: Renewal | None) -> str:
    if renewal is not None and not renewal.is_editable:
        return _("Approved by %(who)s on %(day)s") % {
            "who": person(renewal.approved_by),
            "day": _day(timezone.localtime(renewal.approved_at, renewal.mission.zone)),
        }
    return _("Draft, not yet approved by the head of mission")


def recommendation_text(recommendation: Recommendation | None) -> str:
    """ "Resequence: phase 3", "Reword: <the wording>", "Drop"; a dash when none."""
    if recommendation is None:
        return "—"
    label = recommendation.get_action_display()
    if recommendation.action == RecommendationAction.RESEQUENCE:
        return _("%(action)s: phase %(n)s") % {"action": label, "n": recommendation.phase}
    if recommendation.action == RecommendationAction.REWORD:
        return _("%(action)s: %(wording)s") % {"action": label, "wording": recommendation.wording}
    return str(label)


def alignment_text(row: TaskRow) -> str:
    if not row.objectives:
        return _("Procedural") if row.task.is_procedural else _("Aligned to no objective")
    return "\n".join(f"{line.objective.code} {line.objective.title}" for line in row.objectives)


def rating_text(row: TaskRow) -> str:
    """Each objective's latest rating and its trend, one per line."""
    return "\n".join(
        _("%(code)s: %(rating)s (%(trend)s)")
        % {"code": line.objective.code, "rating": line.rating_label, "trend": line.trend_label}
        for line in row.objectives
    )


def objectives_text(proposed: ProposedTask) -> str:
    return "\n".join(f"{o.code} {o.title}" for o in proposed.served) or "—"


def _marking(space: Workspace) -> str:
    levels = [space.mandate.mission.default_classification]
    levels += [line.objective.classification for row in space.rows for line in row.objectives]
    levels += [o.classification for p in space.proposed for o in p.served]
    return level_label(max(levels), space.mandate.mission).upper()


def _groups(rows: list[TaskRow]) -> list[list[TaskRow]]:
    """The tasks by operative paragraph: each top-level paragraph with its sub-paragraphs."""
    groups: list[list[TaskRow]] = []
    for row in rows:
        if row.depth == 0 or not groups:
            groups.append([])
        groups[-1].append(row)
    return groups


def _counts_line(space: Workspace) -> str:
    counts = space.counts
    line = _("%(tasks)s paragraphs; %(done)s with a recommendation.") % {
        "tasks": counts.tasks,
        "done": counts.recommended,
    }
    details = ", ".join(
        _("%(action)s: %(n)s") % {"action": label, "n": n} for _value, label, n in counts.actions
    )
    return f"{line} {details}" if details else line


# Word ---------------------------------------------------------------------------------------


def renewal_docx(mandate: Mandate) -> bytes:
    """A .docx: title, status, covering note, then a heading and a table per operative
    paragraph, then the proposed new tasks; landscape, for six columns."""
    renewal = renewal_of(mandate)
    space = workspace(mandate, renewal)
    document = word_document(
        title=f"{title_of()}: {mandate.symbol}",
        author=mandate.mission.name,
        subject=mandate.symbol,
        font_size=10,
        landscape=True,
    )
    mark_pages(document, _marking(space))
    document.add_heading(title_of(), level=0)
    document.add_paragraph(subtitle_of(mandate))
    document.add_paragraph(status_line(renewal)).runs[0].italic = True
    if renewal is not None and renewal.note:
        document.add_heading(_("Covering note"), level=1)
        for paragraph in renewal.note.split("\n\n"):
            document.add_paragraph(paragraph.strip())

    document.add_heading(_("Recommendations on the mandated tasks"), level=1)
    document.add_paragraph(_counts_line(space))
    headers = (
        _("Paragraph"),
        _("Task"),
        _("Aligned to"),
        _("Latest rating and trend"),
        _("Recommendation"),
        _("Rationale"),
    )
    for group in _groups(space.rows):
        head = group[0].task
        document.add_heading(
            _("OP %(ref)s: %(text)s")
            % {"ref": head.reference, "text": Truncator(head.text).words(12)},
            level=2,
        )
        word_table(
            document,
            headers,
            (
                (
                    row.task.reference,
                    row.task.text,
                    alignment_text(row),
                    rating_text(row),
                    recommendation_text(row.recommendation),
                    row.recommendation.rationale if row.recommendation else "",
                )
                for row in group
            ),
            widths=(2, 5, 3.3, 2.7, 3.1, 3.5),
        )

    document.add_heading(_("Proposed new tasks"), level=1)
    if space.proposed:
        word_table(
            document,
            (_("No."), _("Proposed task"), _("Objectives it would serve"), _("Rationale")),
            (
                (str(n), p.text, objectives_text(p), p.rationale)
                for n, p in enumerate(space.proposed, start=1)
            ),
            widths=(1, 7, 4, 5),
        )
    else:
        document.add_paragraph(_("The mission proposes no new task.")).runs[0].italic = True
    return word_bytes(document)


# Excel --------------------------------------------------------------------------------------


def _sheet(book: Workbook, title: str, columns: Sequence[tuple[str, int]], rows) -> None:
    ws = book.create_sheet(title[:31])
    ws.append([header for header, _width in columns])
    for index, (_header, width) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = width
    for values in rows:
        ws.append(list(values))
        for cell in ws[ws.max_row]:
            # Text as written, never a formula, whatever it starts with.
            if isinstance(cell.value, str):
                cell.data_type = "s"
            cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions


def renewal_xlsx(mandate: Mandate) -> bytes:
    """A workbook: a row per task (in document order), and a sheet of proposed new tasks."""
    renewal = renewal_of(mandate)
    space = workspace(mandate, renewal)
    book = Workbook()
    book.remove(book.active)
    yes, no = _("Yes"), _("No")
    _sheet(
        book,
        _("Recommendations"),
        [
            (_("Paragraph"), 12),
            (_("Task"), 60),
            (_("Strategic priority"), 10),
            (_("Aligned to"), 30),
            (_("Latest rating and trend"), 30),
            (_("Recommendation"), 22),
            (_("Proposed phase"), 10),
            (_("Proposed wording"), 50),
            (_("Rationale"), 50),
        ],
        (
            (
                row.task.reference,
                row.task.text,
                yes if row.task.is_strategic_priority else no,
                alignment_text(row),
                rating_text(row),
                row.recommendation.get_action_display() if row.recommendation else "",
                row.recommendation.phase if row.recommendation else None,
                row.recommendation.wording if row.recommendation else "",
                row.recommendation.rationale if row.recommendation else "",
            )
            for row in space.rows
        ),
    )
    _sheet(
        book,
        _("Proposed tasks"),
        [
            (_("No."), 6),
            (_("Proposed task"), 60),
            (_("Objectives it would serve"), 30),
            (_("Rationale"), 50),
        ],
        (
            (n, p.text, objectives_text(p), p.rationale)
            for n, p in enumerate(space.proposed, start=1)
        ),
    )
    about = book.create_sheet(_("About")[:31])
    for label, value in (
        (_("Document"), title_of()),
        (_("Mandate"), subtitle_of(mandate)),
        (_("Status"), status_line(renewal)),
        (_("Classification"), _marking(space)),
        (_("Covering note"), renewal.note if renewal else ""),
    ):
        about.append([label, value])
        about.cell(row=about.max_row, column=2).data_type = "s"
        about.cell(row=about.max_row, column=1).font = Font(bold=True)
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filename(mandate: Mandate, extension: str) -> str:
    number = "".join(ch for ch in mandate.symbol.split("(")[0] if ch.isdigit()) or str(mandate.pk)
    return f"{mandate.mission.acronym}-renewal-recommendations-{number}.{extension}"
