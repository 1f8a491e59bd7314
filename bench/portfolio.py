"""Benchmark: time and queries of the HQ portfolio and the autopilot detector at scale.

Runs against DATABASE_URL in a throw-away database it creates and drops, so it never touches
the demo data.  Usage: ``make bench`` (or ``python bench/portfolio.py --missions 60``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strategy_app.settings")
os.environ.setdefault("APP_ENV", "test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missions", type=int, default=30)
    parser.add_argument("--objectives", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test.utils import get_runner

    # As Django's TestCase does: keep one connection so queries can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    from django.db import connections

    connections["default"].settings_dict["TEST"]["NAME"] = "bench_portfolio"
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        from django.test import Client

        from missions.models import Mission
        from reviews.autopilot import autopilot_flags
        from tests.factories import MembershipFactory, MissionFactory, UserFactory
        from tests.portfolio.test_hq import fill_portfolio_mission

        user = UserFactory(username="bench")
        started = time.perf_counter()
        for i in range(args.missions):
            mission = MissionFactory()
            MembershipFactory(user=user, mission=mission, role="desk_officer")
            fill_portfolio_mission(mission, args.objectives, overdue_days=i % 3)
        print(
            f"data: {args.missions} missions x {args.objectives} objectives, two concluded "
            f"reviews each (built in {time.perf_counter() - started:.1f} s)"
        )
        client = Client()
        client.force_login(user)
        missions = list(Mission.objects.all())

        def page(url: str):
            return lambda: client.get(url)

        measured = {
            "portfolio    /portfolio/": page("/portfolio/"),
            "portfolio    /portfolio/?sort=-flags": page("/portfolio/?sort=-flags"),
            "my missions  /": page("/"),
            "autopilot_flags() alone": lambda: autopilot_flags(missions),
        }
        print(f"{'measured':40} {'queries':>8} {'median ms':>10} {'p95 ms':>8}")
        for label, call in measured.items():
            timings = []
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as ctx:
                response = call()
            if hasattr(response, "status_code"):
                assert response.status_code == 200, (label, response.status_code)
            queries = len(ctx.captured_queries)
            if os.environ.get("BENCH_SHOW_SQL"):
                for q in ctx.captured_queries:
                    print("   ", q["sql"][:150])
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                call()
                timings.append((time.perf_counter() - t0) * 1000)
            timings.sort()
            p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
            print(f"{label:40} {queries:>8} {statistics.median(timings):>10.1f} {p95:>8.1f}")
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    main()
