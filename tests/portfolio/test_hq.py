"""The HQ portfolio: the desk officer's missions in one sortable table, scoped to their desk,
in a number of queries that does not grow with missions or objectives."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from briefs.models import Brief
from reviews.models import Decision, ObjectiveAssessment, Progress, Review
from strategies.models import Assumption, StrategyVersion
from tests.factories import (
    EndStateFactory,
    MandateFactory,
    MembershipFactory,
    MissionFactory,
    ObjectiveFactory,
    ReviewFactory,
    UserFactory,
)
from tests.querycount import page_queries

pytestmark = pytest.mark.django_db

URL = "/portfolio/"


def fill_portfolio_mission(mission, objectives: int, *, overdue_days: int = 0) -> None:
    """A mission with ``objectives`` objectives rated in two concluded reviews, a planned
    review (``overdue_days`` late), a mandate, a version, a broken assumption and a brief."""
    today = mission.today()
    end_state = mission.current_end_state or EndStateFactory(mission=mission)
    MandateFactory(mission=mission, expires_on=today + timedelta(days=90))
    made = [ObjectiveFactory(mission=mission, end_state=end_state) for _ in range(objectives)]
    for n, start in enumerate((date(2026, 4, 1), date(2026, 7, 1))):
        review = ReviewFactory(
            mission=mission,
            period_start=start,
            period_end=start + timedelta(days=90),
            due_on=start + timedelta(days=104),
            status=Review.Status.SIGNED_OFF,
            signed_off_at=datetime(2026, 10, 10, 15, tzinfo=UTC),
        )
        for i, objective in enumerate(made):
            ObjectiveAssessment.objects.create(
                review=review, objective=objective, progress=Progress.values[(i + n) % 5]
            )
        Decision.objects.create(
            review=review, kind=Decision.Kind.KEEP, objective=made[0], rationale="Kept."
        )
    ReviewFactory(
        mission=mission,
        period_start=date(2026, 10, 1),
        period_end=date(2026, 12, 31),
        due_on=today - timedelta(days=overdue_days),
    )
    assumption = Assumption.objects.create(objective=made[-1], statement="Talks hold.")
    assumption.rating = Assumption.Rating.BROKEN
    assumption.save()
    StrategyVersion.objects.create(
        mission=mission,
        number=1,
        end_state=end_state,
        approved_by=UserFactory(),
        approved_at=timezone.now() - timedelta(days=30),
        snapshot={},
    )
    ready_brief(mission, timezone.now() - timedelta(days=3))


def ready_brief(mission, finished_at) -> Brief:
    return Brief.objects.create(
        mission=mission,
        status=Brief.Status.READY,
        file=f"briefs/{mission.acronym}.pdf",
        checksum="a" * 64,
        finished_at=finished_at,
    )


def desk_with(*missions):
    user = UserFactory()
    for mission in missions:
        MembershipFactory(user=user, mission=mission, role="desk_officer")
    return user


def rows_of(client, query: str = "") -> list[str]:
    html = client.get(URL + query).content.decode()
    return re.findall(r'<tr role="row" data-mission="([^"]+)"', html)


def test_it_lists_only_the_users_missions(client):
    mine = MissionFactory(acronym="UNMINE")
    MissionFactory(acronym="UNTHEIRS")
    client.force_login(desk_with(mine))
    assert rows_of(client) == ["UNMINE"]
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert set(rows_of(client)) == {"UNMINE", "UNTHEIRS"}


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_each_column_says_where_the_mission_stands(client):
    mission = MissionFactory(acronym="UNROW", established_on=date(2010, 1, 1))
    today = mission.today()
    MandateFactory(mission=mission, symbol="S/RES/9999 (2026)", expires_on=today + timedelta(20))
    o1, o2, o3 = (ObjectiveFactory(mission=mission, code=c) for c in ("O1", "O2", "O3"))
    older = ReviewFactory(
        mission=mission,
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        status=Review.Status.SIGNED_OFF,
    )
    latest = ReviewFactory(
        mission=mission,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        status=Review.Status.CONCLUDED,
        concluded_at=datetime(2026, 10, 9, 12, tzinfo=UTC),
    )
    ObjectiveAssessment.objects.create(review=older, objective=o1, progress=Progress.OFF_TRACK)
    ObjectiveAssessment.objects.create(review=latest, objective=o1, progress=Progress.ON_TRACK)
    ObjectiveAssessment.objects.create(review=latest, objective=o2, progress=Progress.AT_RISK)
    ObjectiveAssessment.objects.create(review=latest, objective=o3, progress=Progress.OFF_TRACK)
    late = ReviewFactory(
        mission=mission,
        period_start=date(2026, 10, 1),
        due_on=today - timedelta(days=5),
        status=Review.Status.OPEN,
    )
    ready_brief(mission, datetime(2026, 11, 2, 9, tzinfo=UTC))
    Brief.objects.create(mission=mission, status=Brief.Status.FAILED)  # newer, not ready
    client.force_login(desk_with(mission))
    response = client.get(URL)
    [row] = response.context["rows"]
    assert row.last_review == latest
    assert row.last_review_on == date(2026, 10, 9)
    assert row.next_review == late
    assert row.overdue_days == 5
    assert [(o.code, o.progress) for o in row.at_risk] == [("O2", "at_risk"), ("O3", "off_track")]
    assert [f.code for f in row.flags] == ["review_overdue", "no_recent_version"]
    assert row.days_to_expiry == 20
    assert row.brief_on == date(2026, 11, 2)
    html = response.content.decode()
    assert "5 days" in html
    assert "O2, O3" in html
    assert f'href="/missions/{mission.acronym}/reviews/trends/"' in html
    assert "20 days left" in html
    assert "2 flags" in html
    try:
        brief_url = reverse("briefs:download", args=[mission.acronym, row.brief_id])
    except NoReverseMatch:
        brief_url = None
    if brief_url:
        assert f'href="{brief_url}"' in html


def test_a_mission_with_nothing_yet_shows_empty_cells(client):
    mission = MissionFactory(acronym="UNNEW", established_on=date.today())
    client.force_login(desk_with(mission))
    [row] = client.get(URL).context["rows"]
    assert (row.last_review, row.next_review, row.overdue_days, row.brief_on) == (
        None,
        None,
        None,
        None,
    )
    assert row.at_risk == [] and row.flags == []


def sortable_missions():
    """Three missions whose values differ in every column (and one has none at all)."""
    alpha = MissionFactory(acronym="UNALPHA")
    bravo = MissionFactory(acronym="UNBRAVO")
    charlie = MissionFactory(acronym="UNCHARLIE", established_on=date.today())
    fill_portfolio_mission(alpha, 2, overdue_days=3)
    fill_portfolio_mission(bravo, 6, overdue_days=0)
    Review.objects.filter(mission=bravo, status=Review.Status.PLANNED).update(
        due_on=bravo.today() + timedelta(days=10)
    )
    Brief.objects.filter(mission=bravo).update(finished_at=timezone.now() - timedelta(days=1))
    alpha.mandates.update(expires_on=alpha.today() + timedelta(days=400))
    return desk_with(alpha, bravo, charlie)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["UNALPHA", "UNBRAVO", "UNCHARLIE"]),
        ("-mission", ["UNCHARLIE", "UNBRAVO", "UNALPHA"]),
        ("overdue", ["UNBRAVO", "UNCHARLIE", "UNALPHA"]),
        ("-overdue", ["UNALPHA", "UNBRAVO", "UNCHARLIE"]),
        ("next_due", ["UNALPHA", "UNBRAVO", "UNCHARLIE"]),
        ("-next_due", ["UNBRAVO", "UNALPHA", "UNCHARLIE"]),
        ("-at_risk", ["UNBRAVO", "UNALPHA", "UNCHARLIE"]),
        ("-flags", ["UNALPHA", "UNBRAVO", "UNCHARLIE"]),
        ("mandate", ["UNBRAVO", "UNALPHA", "UNCHARLIE"]),
        ("-mandate", ["UNALPHA", "UNBRAVO", "UNCHARLIE"]),
        ("-brief", ["UNBRAVO", "UNALPHA", "UNCHARLIE"]),
        ("brief", ["UNALPHA", "UNBRAVO", "UNCHARLIE"]),
        ("-last_review", ["UNALPHA", "UNBRAVO", "UNCHARLIE"]),
        ("nonsense", ["UNALPHA", "UNBRAVO", "UNCHARLIE"]),
    ],
)
def test_every_column_sorts_with_missing_values_last(client, sort, expected):
    client.force_login(sortable_missions())
    assert rows_of(client, f"?sort={sort}") == expected


def test_headers_say_how_the_table_is_sorted_and_link_to_the_other_way(client):
    client.force_login(sortable_missions())
    html = client.get(URL + "?sort=-flags").content.decode()
    headers = re.findall(
        r"<th scope=\"col\"[^>]*>\s*<a class=\"sort-link\" href=\"([^\"]+)\"", html
    )
    assert headers == [
        "?sort=mission",
        "?sort=last_review",
        "?sort=next_due",
        "?sort=-overdue",
        "?sort=-at_risk",
        "?sort=flags",  # the sorted column flips
        "?sort=mandate",
        "?sort=-brief",
    ]
    assert html.count("aria-sort=") == 1
    assert 'class="hq-col--flags" aria-sort="descending"' in html
    assert '<option value="-flags" selected>' in html


def test_the_primary_navigation_links_to_the_portfolio(client):
    client.force_login(desk_with(MissionFactory()))
    html = client.get(URL).content.decode()
    assert f'<a href="{URL}" aria-current="page">Portfolio</a>' in html


def count_queries(client) -> int:
    return len(page_queries(client, URL))


def test_the_portfolio_costs_the_same_for_2_and_30_missions(client):
    missions = [MissionFactory() for _ in range(30)]
    user = desk_with(*missions[:2])
    for mission in missions[:2]:
        fill_portfolio_mission(mission, 2, overdue_days=4)
    client.force_login(user)
    small = count_queries(client)
    for mission in missions[2:]:
        MembershipFactory(user=user, mission=mission, role="desk_officer")
        fill_portfolio_mission(mission, 8, overdue_days=4)
    client.force_login(user)
    large = count_queries(client)
    rows = client.get(URL).context["rows"]
    assert len(rows) == 30
    assert all(r.overdue_days == 4 and r.flags and r.at_risk for r in rows)
    assert large == small <= 20
