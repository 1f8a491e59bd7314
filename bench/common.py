"""What the page benchmarks share: the command line, a throw-away database, and the table of
queries and timings they print.

Imported by the scripts in this folder (``python bench/pages.py``): importing it puts the
project on the path and picks the settings, before Django is set up.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strategy_app.settings")
os.environ.setdefault("APP_ENV", "test")


def parse_args(doc: str) -> argparse.Namespace:
    """How many missions and objectives to build, and how many timed runs of each call."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--missions", type=int, default=30)
    parser.add_argument("--objectives", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=20)
    return parser.parse_args()


@contextmanager
def throwaway_database(name: str) -> Iterator[None]:
    """Django set up as for tests, in a database ``name`` created here and dropped after, so
    the demo data is never touched."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connections
    from django.test.utils import get_runner, setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    # As Django's TestCase does: keep one connection so queries can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    connections["default"].settings_dict["TEST"]["NAME"] = name
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        yield
    finally:
        runner.teardown_databases(old)


def measure(
    measured: dict[str, Callable[[], Any]], *, repeat: int, heading: str = "measured"
) -> None:
    """Print each call's queries (counted on a first run, which must answer 200 if it is a
    response) and its median and 95th percentile time over ``repeat`` more runs.
    ``BENCH_SHOW_SQL=1`` prints the five slowest queries of each call too."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    print(f"{heading:40} {'queries':>8} {'median ms':>10} {'p95 ms':>8}")
    for label, call in measured.items():
        timings = []
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = call()
        if hasattr(response, "status_code"):
            assert response.status_code == 200, (label, response.status_code)
        queries = len(ctx.captured_queries)
        if os.environ.get("BENCH_SHOW_SQL"):
            for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:5]:
                print(f"   {float(q['time']) * 1000:7.1f} ms  {q['sql'][:150]}")
        for _ in range(repeat):
            t0 = time.perf_counter()
            call()
            timings.append((time.perf_counter() - t0) * 1000)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(f"{label:40} {queries:>8} {statistics.median(timings):>10.1f} {p95:>8.1f}")
