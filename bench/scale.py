"""Benchmark: the main pages of a small mission and of a large one, side by side, with years
of other missions' history in the database (issue 15's figures).

For each page: queries, median and 95th percentile time, and the HTML's size. The activity
feed is measured on the small mission, whose own history stays small while the database's
grows: its time should not follow the database. Runs in a throw-away database.

Usage: ``python bench/scale.py`` (moderate sizes), or the issue's sizes with
``python bench/scale.py --stakeholders 200 --objectives 200 --components 40 --reviews 20
--events 200000`` (minutes to build).
"""

from __future__ import annotations

import argparse
import time

from common import measure, throwaway_database


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stakeholders", type=int, default=60)
    parser.add_argument("--objectives", type=int, default=60)
    parser.add_argument("--components", type=int, default=20)
    parser.add_argument("--reviews", type=int, default=8)
    parser.add_argument("--events", type=int, default=20_000, help="Other missions' history.")
    parser.add_argument("--repeat", type=int, default=5)
    return parser.parse_args()


def _history_elsewhere(events: int) -> None:
    """``events`` history events on other missions: objectives created and renamed."""
    from strategies.models import Objective
    from tests.factories import EndStateFactory, MissionFactory

    per_mission = 500
    made = 0
    while made < events:
        mission = MissionFactory()
        end_state = mission.current_end_state or EndStateFactory(mission=mission)
        rows = Objective.objects.bulk_create(
            Objective(
                mission=mission,
                end_state=end_state,
                code=f"O{n}",
                title=f"Objective {n}",
                levels=["national"],
            )
            for n in range(1, per_mission // 2 + 1)
        )
        for row in rows:
            row.title += " (renamed)"
        Objective.objects.bulk_update(rows, ["title"])
        made += 2 * len(rows)


def main() -> None:
    args = _args()
    with throwaway_database("bench_scale"):
        from django.db import connection
        from django.test import Client

        from tests.big_mission import build_large_mission
        from tests.factories import MembershipFactory, MissionFactory, UserFactory
        from tests.portfolio.test_query_counts import fill_mission

        user = UserFactory(username="bench")
        small = MissionFactory(acronym="UNSMALL")
        MembershipFactory(user=user, mission=small, role="chief_of_staff")
        fill_mission(small, 8)
        started = time.perf_counter()
        big = build_large_mission(
            user,
            acronym="UNBIG",
            stakeholders=args.stakeholders,
            objectives=args.objectives,
            components=args.components,
            reviews=args.reviews,
        ).acronym
        _history_elsewhere(args.events)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum does after a load: plans from real counts
        print(
            f"data: {args.stakeholders} stakeholders x {args.objectives} objectives, "
            f"{args.components} components, {args.reviews} reviews; about {args.events:,} "
            f"history events elsewhere (built in {time.perf_counter() - started:.0f} s)"
        )
        client = Client()
        client.force_login(user)
        sizes: dict[str, int] = {}

        def get(url: str):
            response = client.get(url)
            sizes[url] = len(response.content)
            return response

        pages = {
            f"{name:14} {acronym}": f"/missions/{acronym}/{path}"
            for acronym in ("UNSMALL", big)
            for name, path in (
                ("overview", ""),
                ("positions", "stakeholders/positions/"),
                ("contributions", "contributions/"),
                ("trends", "reviews/trends/"),
                ("activity", "activity/"),
            )
        }
        measure(
            {label: (lambda url=url: get(url)) for label, url in pages.items()},
            repeat=args.repeat,
            heading="page",
        )
        print()
        print(f"{'page':40} {'HTML KB':>8}")
        for label, url in pages.items():
            print(f"{label:40} {sizes[url] / 1024:>8.0f}")


if __name__ == "__main__":
    main()
