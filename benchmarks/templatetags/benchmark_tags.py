"""``{% benchmark_trends mission as rows %}``: the mission's measured benchmarks for the
readiness summary, which lives in a lower app and so cannot ask for them itself."""

from __future__ import annotations

from django import template

from benchmarks.selectors import Benchmark, benchmarks_for
from missions.models import Mission
from strategies.selectors.exit_conditions import current_exit_conditions

register = template.Library()


@register.simple_tag
def benchmark_trends(mission: Mission) -> list[Benchmark]:
    """Each exit condition with indicators, in the page's order (three queries)."""
    conditions = list(current_exit_conditions(mission))
    found = benchmarks_for(conditions)
    return [found[c.pk] for c in conditions if found[c.pk].rows]
