"""Measures for pages of lower apps, which cannot ask for them themselves:
``{% benchmark_trends mission as rows %}`` for the readiness summary, ``{% marker_series
markers as rows %}`` for an objective's page and a review's objective sheet."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from benchmarks.forms import indicator_reading_form, marker_value_form
from benchmarks.marker_series import MarkerRow, marker_rows
from benchmarks.selectors import Benchmark, benchmarks_for
from missions.models import Mission
from missions.policy import Action, can
from reviews.models import Review
from strategies.models import ProgressMarker
from strategies.selectors.exit_conditions import current_exit_conditions

register = template.Library()


@register.simple_tag
def benchmark_trends(mission: Mission) -> list[Benchmark]:
    """Each exit condition with indicators, in the page's order (three queries)."""
    conditions = list(current_exit_conditions(mission))
    found = benchmarks_for(conditions)
    return [found[c.pk] for c in conditions if found[c.pk].rows]


@register.simple_tag
def marker_series(
    items: Iterable[Any], mission: Mission | None = None, review: Review | None = None
) -> list[tuple[ProgressMarker, MarkerRow | None]]:
    """Each marker (``items``: markers, or a review sheet's rows of them) with its series, or
    None for one read in words (two queries). With a ``review``, each series carries the form
    that enters a value in it."""
    markers = [getattr(item, "marker", item) for item in items]
    rows = marker_rows(markers)
    if review is not None and mission is not None:
        for row in rows.values():
            row.form = marker_value_form(
                measure=row.measure, mission=mission, initial={"review": review.pk}
            )
    return [(m, rows.get(m.pk)) for m in markers]


@register.simple_tag
def review_benchmarks(mission: Mission, review: Review) -> list[Benchmark]:
    """The measured benchmarks, each indicator with the form that enters a reading in the
    review (three queries)."""
    measured = benchmark_trends(mission)
    for bench in measured:
        for row in bench.rows:
            row.form = indicator_reading_form(
                indicator=row.indicator, mission=mission, initial={"review": review.pk}
            )
    return measured


@register.filter
def measured(series: list[tuple[ProgressMarker, MarkerRow | None]]) -> list[tuple[Any, MarkerRow]]:
    """Only the markers measured as series."""
    return [(marker, row) for marker, row in series if row is not None]


@register.simple_tag(takes_context=True)
def may_edit_strategy(context: template.Context, mission: Mission) -> bool:
    """For panels on pages that do not say (the policy caches the reader's seats)."""
    return can(context["request"].user, Action.EDIT_STRATEGY, mission)
