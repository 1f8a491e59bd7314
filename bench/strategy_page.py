"""Benchmark: the strategy overview's server time and queries at 5 and 200 objectives.

Compares the real page with a bare view that reads the same rows (the same selector) and
renders them as unstyled HTML, and prints the ratio. Runs in a throw-away database.
Usage: ``python scripts/embedded.py exec -- .venv/bin/python bench/strategy_page.py``.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strategy_app.settings")
os.environ.setdefault("APP_ENV", "test")

SIZES = [(5, 20, 150), (200, 20, 150)]  # objectives, components, tasks
REPEAT = 15


def build(mission, objectives: int, components: int, tasks: int) -> None:
    from tests.factories import (
        ComponentFactory,
        ContributionFactory,
        DriverFactory,
        ExitConditionFactory,
        MandateFactory,
        MarkerFactory,
        ObjectiveFactory,
        PositionFactory,
        StakeholderFactory,
        TaskFactory,
    )

    end_state = mission.current_end_state
    comps = [ComponentFactory(mission=mission) for _ in range(components)]
    mandate = MandateFactory(mission=mission)
    for _ in range(tasks):
        TaskFactory(mandate=mandate)
    stakeholders = [StakeholderFactory(mission=mission) for _ in range(10)]
    levels = [["international"], ["regional"], ["national"], ["local", "national"]]
    for i in range(objectives):
        objective = ObjectiveFactory(mission=mission, end_state=end_state, levels=levels[i % 4])
        ContributionFactory(objective=objective, component=comps[i % components])
        MarkerFactory(objective=objective)
        PositionFactory(stakeholder=stakeholders[i % 10], objective=objective)
    for _ in range(8):
        DriverFactory(mission=mission)
        ExitConditionFactory(end_state=end_state)


def bare_view(request, acronym: str):
    """Same rows as the overview, rendered as plain HTML with no template engine."""
    from django.http import HttpResponse

    from missions.policy import get_mission_for_user
    from strategies.selectors.overview import mission_overview

    ov = mission_overview(get_mission_for_user(request.user, acronym))
    parts = [f"<h1>{escape(ov.mission.name)}</h1>"]
    if ov.end_state:
        parts.append(f"<p>{escape(ov.end_state.statement)}</p>")
    parts += [f"<li>{escape(c.description)} {c.status}</li>" for c in ov.exit_conditions]
    for group in ov.levels:
        parts.append(f"<h2>{group.label}</h2>")
        parts += [
            f"<li>{escape(o.code)} {escape(o.title)} {o.priority} {o.phase} "
            f"{o.contribution_count} {o.marker_count}</li>"
            for o in group.objectives
        ]
    for c in ov.components:
        parts.append(
            f"<li>{escape(c.name)} " + " ".join(x.objective.code for x in c.cells) + "</li>"
        )
    parts += [f"<li>{escape(f.subject)}</li>" for f in ov.findings]
    return HttpResponse("".join(parts))


def measure(view, request, **kwargs) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert view(request, **kwargs).status_code == 200
    queries = len(ctx.captured_queries)
    timings = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        view(request, **kwargs)
        timings.append((time.perf_counter() - t0) * 1000)
    return statistics.median(timings), queries


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connections
    from django.test import RequestFactory
    from django.test.utils import get_runner, setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    connections["default"].settings_dict["TEST"]["NAME"] = "bench_strategy_page"
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        from strategies.views.overview import overview
        from tests.factories import EndStateFactory, MembershipFactory, MissionFactory

        print(
            f"{'objectives':>10} {'components':>10} {'tasks':>6} | {'page ms':>8} {'queries':>7} "
            f"| {'bare ms':>8} {'queries':>7} | {'ratio':>5}"
        )
        for objectives, components, tasks in SIZES:
            mission = MissionFactory()
            EndStateFactory(mission=mission)
            user = MembershipFactory(mission=mission, role="strategy_editor").user
            build(mission, objectives, components, tasks)
            request = RequestFactory().get(f"/missions/{mission.acronym}/")
            request.user = user
            request.session = {}
            from django.contrib.messages.storage.fallback import FallbackStorage

            request._messages = FallbackStorage(request)
            page_ms, page_q = measure(overview, request, acronym=mission.acronym)
            bare_ms, bare_q = measure(bare_view, request, acronym=mission.acronym)
            print(
                f"{objectives:>10} {components:>10} {tasks:>6} | {page_ms:>8.1f} {page_q:>7} "
                f"| {bare_ms:>8.1f} {bare_q:>7} | {page_ms / bare_ms:>5.2f}"
            )
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    main()
