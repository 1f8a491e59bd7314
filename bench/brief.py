"""Benchmark: a PDF brief through our whole path against WeasyPrint alone on the same HTML.

"Ours" is what the worker runs for a queued brief (``briefs.services.brief_produce``): claim the
row, read the strategy (fixed number of queries), render the print template, lay out and write
the tagged PDF with WeasyPrint, store it with its checksum, mark it ready. "WeasyPrint alone"
takes the very HTML our template produced and the same print stylesheet and PDF options, and
only writes the PDF. The ratio of the two is the figure that matters (goal: at most 1.3).

Each side runs in fresh processes (so peak memory is its own), timed after imports. Medians
are printed of a process's first render (cold) and of the renders after it in the same process
(warm, as a running worker does them). Data is generated here, in a throw-away database: a
mission sized for about 10 pages and one for about 40.

Usage: ``python scripts/embedded.py exec -- .venv/bin/python bench/brief.py``
(or with DATABASE_URL set to a server where a test database may be created).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strategy_app.settings")
os.environ.setdefault("APP_ENV", "test")

# (label, build_strategy size): size n makes 2n+1 objectives, as many components, tasks,
# stakeholders and drivers, plus a rated review and long mandate text to fill pages.
CASES = [("~10 pages", 2), ("~40 pages", 18)]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


# Child processes -----------------------------------------------------------------------------


def child_ours(brief_ids: list[int]) -> dict[str, object]:
    import django

    django.setup()
    import weasyprint  # noqa: F401  (imported before timing, as in the other child)

    from briefs.models import Brief
    from briefs.services import brief_produce

    before = _rss_mb()
    seconds = []
    for brief_id in brief_ids:
        t0 = time.perf_counter()
        outcome = brief_produce(brief_id)
        seconds.append(time.perf_counter() - t0)
        assert outcome == "ready", outcome
    pages = Brief.objects.get(pk=brief_ids[0]).pages
    return {"seconds": seconds, "peak_mb": _rss_mb(), "grew_mb": _rss_mb() - before, "pages": pages}


def child_plain(html_path: str, css_path: str, runs: str) -> dict[str, object]:
    import weasyprint

    html = Path(html_path).read_text()
    before = _rss_mb()
    seconds = []
    for _ in range(int(runs)):
        t0 = time.perf_counter()
        document = weasyprint.HTML(string=html, base_url=str(ROOT)).render(
            stylesheets=[weasyprint.CSS(filename=css_path)], pdf_variant="pdf/ua-1"
        )
        pdf = document.write_pdf(pdf_variant="pdf/ua-1")
        seconds.append(time.perf_counter() - t0)
        assert pdf.startswith(b"%PDF-")
    return {
        "seconds": seconds,
        "peak_mb": _rss_mb(),
        "grew_mb": _rss_mb() - before,
        "pages": len(document.pages),
    }


def run_child(args: list[str], env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        raise SystemExit(f"child {args} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# Data ----------------------------------------------------------------------------------------


def build_case(size: int):
    from datetime import date

    from mandates.models import MandatedTask
    from tests.briefs.data import build_strategy, rate
    from tests.factories import EndStateFactory, MissionFactory

    mission = MissionFactory()
    EndStateFactory(mission=mission)
    made = build_strategy(mission, size=size)
    for n, task in enumerate(made["tasks"]):
        MandatedTask.objects.filter(pk=task.pk).update(
            text=(
                "Requests the mission to support the host State in extending its authority, "
                "protecting civilians and advancing the political process, in close "
                f"coordination with regional partners (task {n}). "
            )
            * 3
        )
    rate(
        mission,
        made["objectives"],
        period_start=date(2026, 1, 1),
        progress="at_risk",
        status="signed_off",
    )
    rate(
        mission,
        made["objectives"],
        period_start=date(2026, 4, 1),
        progress="on_track",
        status="concluded",
    )
    return mission


def database_url() -> str:
    from django.db import connection

    p = connection.settings_dict
    password = f":{p['PASSWORD']}" if p["PASSWORD"] else ""
    host = p["HOST"] or "127.0.0.1"
    if host.startswith("/"):
        return f"postgres://{p['USER']}{password}@/{p['NAME']}?host={host}"
    port = f":{p['PORT']}" if p["PORT"] else ""
    return f"postgres://{p['USER']}{password}@{host}{port}/{p['NAME']}"


# Main ----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=2, help="fresh processes per case")
    parser.add_argument("--renders", type=int, default=3, help="renders per process (>= 2)")
    options = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connections
    from django.test.utils import get_runner, setup_test_environment
    from django.utils import timezone

    from briefs.content import Subject
    from briefs.models import Brief
    from briefs.rendering import _print_css_path, render_html

    setup_test_environment()
    connections["default"].settings_dict["TEST"]["NAME"] = "bench_brief"
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    work = Path(tempfile.mkdtemp(prefix="bench-brief-"))
    env = dict(os.environ, DATABASE_URL=database_url(), MEDIA_ROOT=str(work / "media"))
    try:
        print(
            f"{'case':>10} {'pages':>5} {'run':>5} | {'ours s':>7} {'alone s':>7} {'time x':>6} "
            f"| {'ours MB':>7} {'alone MB':>8} {'peak x':>6}"
        )
        for label, size in CASES:
            mission = build_case(size)
            html_path = work / f"{mission.acronym}.html"
            html_path.write_text(render_html(Subject(mission)))
            ours, alone = [], []
            for _ in range(options.processes):
                ids = [
                    Brief.objects.create(mission=mission, queued_at=timezone.now()).pk
                    for _ in range(options.renders)
                ]
                ours.append(run_child(["ours", *map(str, ids)], env))
                alone.append(
                    run_child(
                        ["plain", str(html_path), str(_print_css_path()), str(options.renders)],
                        env,
                    )
                )
            pages = ours[0]["pages"]
            peak_o = statistics.median(r["peak_mb"] for r in ours)
            peak_a = statistics.median(r["peak_mb"] for r in alone)
            # Cold: the first brief a fresh worker renders. Warm: the ones after it.
            for run, pick in (
                ("cold", lambda r: r["seconds"][:1]),
                ("warm", lambda r: r["seconds"][1:]),
            ):
                o_s = statistics.median(t for r in ours for t in pick(r))
                a_s = statistics.median(t for r in alone for t in pick(r))
                print(
                    f"{label:>10} {pages:>5} {run:>5} | {o_s:>7.2f} {a_s:>7.2f} {o_s / a_s:>6.2f} "
                    f"| {peak_o:>7.0f} {peak_a:>8.0f} {peak_o / peak_a:>6.2f}"
                )
        print(
            "time x: our whole path (claim, read, template, WeasyPrint, store, checksum) over "
            "WeasyPrint alone on the same HTML, stylesheet and options (goal <= 1.3).\n"
            "cold: a fresh process's first render; warm: later renders in the same process, "
            "as a running worker does them. peak x: the processes' peak RSS, ours over alone."
        )
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        mode, *rest = sys.argv[2:]
        result = child_ours([int(x) for x in rest]) if mode == "ours" else child_plain(*rest)
        print(json.dumps(result))
    else:
        main()
