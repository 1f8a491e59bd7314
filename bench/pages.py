"""Benchmark: time and queries of the first screens and the API list on growing data.

Runs against DATABASE_URL in a throw-away database it creates and drops, so it never touches
the demo data.  Usage: ``make bench`` (or ``python bench/pages.py --missions 50``).
"""

from __future__ import annotations

import time

from common import measure, parse_args, throwaway_database


def main() -> None:
    args = parse_args(__doc__)
    with throwaway_database("bench_strategy"):
        from django.test import Client

        from tests.factories import MembershipFactory, MissionFactory, UserFactory
        from tests.portfolio.test_query_counts import fill_mission

        user = UserFactory(username="bench")
        started = time.perf_counter()
        missions = []
        for _ in range(args.missions):
            mission = MissionFactory()
            MembershipFactory(user=user, mission=mission, role="desk_officer")
            fill_mission(mission, args.objectives)
            missions.append(mission)
        print(
            f"data: {args.missions} missions x {args.objectives} objectives "
            f"(built in {time.perf_counter() - started:.1f} s)"
        )
        client = Client()
        client.force_login(user)
        pages = {
            "my missions  /": "/",
            "overview     /missions/<acronym>/": f"/missions/{missions[0].acronym}/",
            "api list     /api/v1/missions/": "/api/v1/missions/?limit=100",
        }
        measure(
            {label: (lambda url=url: client.get(url)) for label, url in pages.items()},
            repeat=args.repeat,
            heading="page",
        )


if __name__ == "__main__":
    main()
