"""Benchmark: time and queries of the HQ portfolio and the autopilot detector at scale.

Runs against DATABASE_URL in a throw-away database it creates and drops, so it never touches
the demo data.  Usage: ``make bench`` (or ``python bench/portfolio.py --missions 60``).
"""

from __future__ import annotations

import time

from common import measure, parse_args, throwaway_database


def main() -> None:
    args = parse_args(__doc__)
    with throwaway_database("bench_portfolio"):
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

        measure(
            {
                "portfolio    /portfolio/": page("/portfolio/"),
                "portfolio    /portfolio/?sort=-flags": page("/portfolio/?sort=-flags"),
                "my missions  /": page("/"),
                "autopilot_flags() alone": lambda: autopilot_flags(missions),
            },
            repeat=args.repeat,
        )


if __name__ == "__main__":
    main()
