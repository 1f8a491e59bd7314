"""Cells of the large grids, rendered in Python.

A 40 x 12 window is 480 cells: an ``{% include %}`` per cell costs more than the rest of the
page, so a row's cells are one tag. The in-place editor's fragment renders its cell with the
same function, so the grid and the fragment cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from missions.templatetags.marking import marking
from strategies.selectors.matrix import Cell as ContributionCell
from strategies.selectors.matrix import Row as MatrixRowOfComponent
from strategies.selectors.stakeholders import Cell, MatrixRow

register = template.Library()

STANCE_ICONS = {"supports": "✓", "ambivalent": "~", "opposes": "✕"}


@register.simple_tag
def stance_badge(stance: str, label: Any, count: int | None = None) -> SafeString:
    """A stance with its icon (never colour alone), and a count for the register."""
    return format_html(
        '<span class="stance stance--{}"><span class="stance__icon" aria-hidden="true">{}</span>'
        " {}{}</span>",
        stance,
        STANCE_ICONS.get(stance, "?"),
        label,
        f": {count}" if count else "",
    )


@register.simple_tag(takes_context=True)
def position_cells(context: dict[str, Any], row: MatrixRow) -> SafeString:
    """A row of the position matrix: its cells, without a template per cell."""
    return format_html_join("", "{}", ((position_cell(context, cell),) for cell in row.cells))


@register.simple_tag(takes_context=True)
def position_cell(
    context: dict[str, Any], cell: Cell, *, refocus: bool = False, saved: bool = False
) -> SafeString:
    """One cell: the latest stance and its date, and the link to record a new one."""
    position = cell.position
    parts = []
    if position is not None:
        parts.append(stance_badge(position.stance, position.get_stance_display()))
        if position.classification:
            parts.append(mark_safe(" ") + marking(context, position))
        parts.append(
            format_html(
                ' <span class="stance-cell__date">{} <time datetime="{}">{}</time></span>',
                _("as of"),
                position.as_of.isoformat(),
                formats.date_format(position.as_of, "j M Y"),
            )
        )
        if cell.stale:
            parts.append(
                format_html(
                    ' <span class="stale-tag"><span aria-hidden="true">⚠</span> {}'
                    '<span class="visually-hidden">: {}</span></span>',
                    _("Stale"),
                    _("older than 180 days"),
                )
            )
    else:
        parts.append(format_html('<span class="stance-cell__none">{}</span>', _("Not recorded")))
    if context.get("can_edit"):
        url = reverse(
            "strategies:position_cell",
            args=[context["mission"].acronym, cell.stakeholder.pk, cell.objective.pk],
        )
        parts.append(
            format_html(
                ' <a class="cell-edit" href="{url}" hx-get="{url}" hx-target="closest td"'
                ' hx-swap="outerHTML"{focus}>{verb}'
                '<span class="visually-hidden"> {what}</span></a>',
                url=url,
                focus=mark_safe(" autofocus") if refocus else "",
                verb=_("Update") if position else _("Record"),
                what=_("the position of %(who)s on %(code)s")
                % {"who": cell.stakeholder.name, "code": cell.objective.code},
            )
        )
    if saved:
        parts.append(format_html(' <span class="saved-note" role="status">{}</span>', _("Saved.")))
    return format_html(
        '<td id="cell-{}-{}" class="stance-cell{}">{}</td>',
        cell.stakeholder.pk,
        cell.objective.pk,
        " stance-cell--stale" if cell.stale else "",
        format_html_join("", "{}", ((part,) for part in parts)),
    )


@register.simple_tag(takes_context=True)
def contribution_cells(context: dict[str, Any], row: MatrixRowOfComponent) -> SafeString:
    """A row of the contribution matrix: its cells, without a template per cell."""
    return format_html_join("", "{}", ((contribution_cell(context, cell),) for cell in row.cells))


@register.simple_tag
def contribution_cell_open(cell: ContributionCell, *, editing: bool = False) -> SafeString:
    """The cell's opening tag: its id and the classes its role and state give it."""
    contribution = cell.contribution
    return format_html(
        '<td id="{}" class="matrix__cell matrix__cell--{}{}">',
        cell.dom_id,
        contribution.role if contribution else "empty",
        " matrix__cell--editing" if editing else "",
    )


@register.simple_tag(takes_context=True)
def contribution_cell(
    context: dict[str, Any], cell: ContributionCell, *, focus: bool = False
) -> SafeString:
    """One cell: the component's role on the objective and the start of its narrative; a
    button that opens the editor in place when the reader may edit the row."""
    contribution = cell.contribution
    if contribution is not None:
        shown = format_html(
            '<span class="role-chip role-chip--{}">{}</span>',
            contribution.role,
            contribution.get_role_display(),
        )
        if contribution.narrative:
            shown += format_html(
                ' <span class="matrix__excerpt">{}</span>',
                Truncator(contribution.narrative).words(12),
            )
    if cell.can_edit:
        url = reverse(
            "strategies:matrix_cell",
            args=[context["mission"].acronym, cell.component.pk, cell.objective.pk],
        )
        body = format_html(
            '<form method="get" action="{url}" hx-get="{url}" hx-target="#{id}"'
            ' hx-swap="outerHTML" class="matrix__open"><input type="hidden" name="edit"'
            ' value="1"><button type="submit" class="matrix__button"{focus}>{shown}'
            '<span class="visually-hidden">{what}</span></button></form>',
            url=url,
            id=cell.dom_id,
            focus=mark_safe(" autofocus") if focus else "",
            shown=shown
            if contribution is not None
            else mark_safe('<span class="matrix__none" aria-hidden="true">+</span>'),
            what=_("Edit the contribution of %(component)s to %(code)s")
            % {"component": cell.component.name, "code": cell.objective.code},
        )
    elif contribution is not None:
        body = shown
    else:
        body = format_html(
            '<span class="matrix__none" aria-hidden="true">&ndash;</span>'
            '<span class="visually-hidden">{}</span>',
            _("No contribution"),
        )
    return contribution_cell_open(cell) + body + mark_safe("</td>")
