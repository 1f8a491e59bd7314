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
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from missions.templatetags.marking import marking
from strategies.models import Contribution, StakeholderPosition
from strategies.selectors.matrix import Cell as ContributionCell
from strategies.selectors.matrix import Row as MatrixRowOfComponent
from strategies.selectors.stakeholders import Cell, MatrixRow

register = template.Library()

ADD = '<span class="matrix__none" aria-hidden="true">+</span>'
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


class _PositionWords:
    """What every cell of a position matrix says, translated and reversed once per page."""

    _ONE, _TWO = 987654321, 987654322  # stand-ins for the pks in the reversed address

    def __init__(self, acronym: str) -> None:
        self.as_of = escape(_("as of"))
        self.stale = format_html(
            ' <span class="stale-tag"><span aria-hidden="true">⚠</span> {}'
            '<span class="visually-hidden">: {}</span></span>',
            _("Stale"),
            _("older than 180 days"),
        )
        self.none = format_html('<span class="stance-cell__none">{}</span>', _("Not recorded"))
        self.update, self.record = escape(_("Update")), escape(_("Record"))
        self.what = _("the position of %(who)s on %(code)s")
        self.saved = format_html(' <span class="saved-note" role="status">{}</span>', _("Saved."))
        self.badges = {
            value: stance_badge(value, label) for value, label in StakeholderPosition.Stance.choices
        }
        self.url = reverse("strategies:position_cell", args=[acronym, self._ONE, self._TWO])

    def url_for(self, cell: Cell) -> str:
        return self.url.replace(str(self._ONE), str(cell.stakeholder.pk)).replace(
            str(self._TWO), str(cell.objective.pk)
        )

    @classmethod
    def of(cls, context: Any) -> _PositionWords:
        """One per page render (``render_context``), whatever the number of cells."""
        store = getattr(context, "render_context", {})
        if "position_words" not in store:
            store["position_words"] = cls(context["mission"].acronym)
        return store["position_words"]


@register.simple_tag(takes_context=True)
def position_cells(context: Any, row: MatrixRow) -> SafeString:
    """A row of the position matrix: its cells, without a template per cell."""
    return mark_safe("".join(position_cell(context, cell) for cell in row.cells))


@register.simple_tag(takes_context=True)
def position_cell(
    context: Any, cell: Cell, *, refocus: bool = False, saved: bool = False
) -> SafeString:
    """One cell: the latest stance and its date, and the link to record a new one. Built as
    a string (every value escaped): a window is hundreds of cells."""
    words = _PositionWords.of(context)
    position = cell.position
    parts = []
    if position is not None:
        parts.append(words.badges.get(position.stance) or stance_badge(position.stance, ""))
        if position.classification:
            parts.append(" " + marking(context, position))
        parts.append(
            f' <span class="stance-cell__date">{words.as_of} <time datetime='
            f'"{position.as_of.isoformat()}">{formats.date_format(position.as_of)}'
            "</time></span>"
        )
        if cell.stale:
            parts.append(words.stale)
    else:
        parts.append(words.none)
    if context.get("can_edit"):
        url = escape(words.url_for(cell))
        what = escape(words.what % {"who": cell.stakeholder.name, "code": cell.objective.code})
        parts.append(
            f' <a class="cell-edit" href="{url}" hx-get="{url}" hx-target="closest td"'
            f' hx-swap="outerHTML"{" autofocus" if refocus else ""}>'
            f"{words.update if position else words.record}"
            f'<span class="visually-hidden"> {what}</span></a>'
        )
    if saved:
        parts.append(words.saved)
    stale = " stance-cell--stale" if cell.stale else ""
    return mark_safe(
        f'<td id="cell-{cell.stakeholder.pk}-{cell.objective.pk}" class="stance-cell{stale}">'
        f"{''.join(parts)}</td>"
    )


class _ContributionWords:
    """What every cell of a contribution matrix says, translated and reversed once a page."""

    _ONE, _TWO = 987654321, 987654322

    def __init__(self, acronym: str) -> None:
        self.chips = {
            value: format_html('<span class="role-chip role-chip--{}">{}</span>', value, label)
            for value, label in Contribution.Role.choices
        }
        self.what = _("Edit the contribution of %(component)s to %(code)s")
        self.nothing = format_html(
            '<span class="matrix__none" aria-hidden="true">&ndash;</span>'
            '<span class="visually-hidden">{}</span>',
            _("No contribution"),
        )
        self.url = reverse("strategies:matrix_cell", args=[acronym, self._ONE, self._TWO])

    def url_for(self, cell: ContributionCell) -> str:
        return self.url.replace(str(self._ONE), str(cell.component.pk)).replace(
            str(self._TWO), str(cell.objective.pk)
        )

    @classmethod
    def of(cls, context: Any) -> _ContributionWords:
        store = getattr(context, "render_context", {})
        if "contribution_words" not in store:
            store["contribution_words"] = cls(context["mission"].acronym)
        return store["contribution_words"]


@register.simple_tag(takes_context=True)
def contribution_cells(context: Any, row: MatrixRowOfComponent) -> SafeString:
    """A row of the contribution matrix: its cells, without a template per cell."""
    return mark_safe("".join(contribution_cell(context, cell) for cell in row.cells))


@register.simple_tag
def contribution_cell_open(cell: ContributionCell, *, editing: bool = False) -> SafeString:
    """The cell's opening tag: its id and the classes its role and state give it."""
    contribution = cell.contribution
    role = escape(contribution.role) if contribution else "empty"
    editing_class = " matrix__cell--editing" if editing else ""
    return mark_safe(
        f'<td id="{cell.dom_id}" class="matrix__cell matrix__cell--{role}{editing_class}">'
    )


@register.simple_tag(takes_context=True)
def contribution_cell(context: Any, cell: ContributionCell, *, focus: bool = False) -> SafeString:
    """One cell: the component's role on the objective and the start of its narrative; a
    button that opens the editor in place when the reader may edit the row. Built as a
    string (every value escaped): a window is hundreds of cells."""
    words = _ContributionWords.of(context)
    contribution = cell.contribution
    shown = ""
    if contribution is not None:
        shown = words.chips.get(contribution.role) or escape(contribution.role)
        if contribution.narrative:
            excerpt = escape(Truncator(contribution.narrative).words(12))
            shown += f' <span class="matrix__excerpt">{excerpt}</span>'
    if cell.can_edit:
        url = escape(words.url_for(cell))
        what = escape(words.what % {"component": cell.component.name, "code": cell.objective.code})
        body = (
            f'<form method="get" action="{url}" hx-get="{url}" hx-target="#{cell.dom_id}"'
            ' hx-swap="outerHTML" class="matrix__open"><input type="hidden" name="edit"'
            f' value="1"><button type="submit" class="matrix__button"'
            f"{' autofocus' if focus else ''}>"
            f"{shown or ADD}"
            f'<span class="visually-hidden">{what}</span></button></form>'
        )
    else:
        body = shown or words.nothing
    return mark_safe(f"{contribution_cell_open(cell)}{body}</td>")
