"""Planning reviews ahead: once per period whoever runs it and however often, on the
mission's calendar and in its time zone."""

import threading
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from missions.models import Mission
from reviews import tasks
from reviews.models import Review
from reviews.planning import create_planned_reviews, period_containing, plan_reviews
from tests.conftest import wait_for
from tests.factories import MembershipFactory, MissionFactory, ReviewFactory, UserFactory

TODAY = date(2026, 11, 25)


def periods(mission: Mission) -> list[tuple[date, date, date | None, date]]:
    return list(
        mission.reviews.order_by("period_start").values_list(
            "period_start", "period_end", "opens_on", "due_on"
        )
    )


@pytest.mark.django_db
def test_running_it_twice_creates_each_review_once():
    missions = [MissionFactory() for _ in range(3)]
    assert plan_reviews(today=TODAY) == 6
    assert plan_reviews(today=TODAY) == 0
    for mission in missions:
        assert periods(mission) == [
            (date(2026, 10, 1), date(2026, 12, 31), date(2026, 12, 17), date(2027, 1, 14)),
            (date(2027, 1, 1), date(2027, 3, 31), date(2027, 3, 17), date(2027, 4, 14)),
        ]
        assert all(r.status == Review.Status.PLANNED for r in mission.reviews.all())


@pytest.mark.django_db
def test_a_review_under_way_is_left_as_it_is():
    mission = MissionFactory()
    opened = ReviewFactory(
        mission=mission,
        period_start=date(2026, 10, 1),
        period_end=date(2026, 12, 31),
        due_on=date(2027, 1, 30),
        status=Review.Status.OPEN,
    )
    assert plan_reviews(today=TODAY) == 1
    opened.refresh_from_db()
    assert opened.status == Review.Status.OPEN
    assert opened.due_on == date(2027, 1, 30)
    assert mission.reviews.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("months", "current", "following"),
    [
        (1, (date(2026, 11, 1), date(2026, 11, 30)), (date(2026, 12, 1), date(2026, 12, 31))),
        (3, (date(2026, 10, 1), date(2026, 12, 31)), (date(2027, 1, 1), date(2027, 3, 31))),
        (6, (date(2026, 7, 1), date(2026, 12, 31)), (date(2027, 1, 1), date(2027, 6, 30))),
        (12, (date(2026, 1, 1), date(2026, 12, 31)), (date(2027, 1, 1), date(2027, 12, 31))),
    ],
)
def test_periods_follow_the_cadence_on_the_calendar(months, current, following):
    mission = MissionFactory(review_cadence_months=months)
    plan_reviews(today=TODAY)
    planned = periods(mission)
    assert [(start, end) for start, end, _, _ in planned] == [current, following]
    for start, end, opens_on, due_on in planned:
        assert (end - opens_on).days == 14
        assert (due_on - end).days == 14
        assert period_containing(start, months).end == end


@pytest.mark.django_db
def test_due_dates_follow_each_missions_time_zone_at_a_period_boundary():
    """At 22:30 UTC on 31 December it is already 1 January in Nairobi (UTC+3) but still
    31 December in Bogotá (UTC-5): each mission plans from its own date."""
    nairobi = MissionFactory(time_zone="Africa/Nairobi")
    bogota = MissionFactory(time_zone="America/Bogota")
    plan_reviews(now=datetime(2026, 12, 31, 22, 30, tzinfo=UTC))
    assert [(s, d) for s, _, _, d in periods(nairobi)] == [
        (date(2027, 1, 1), date(2027, 4, 14)),
        (date(2027, 4, 1), date(2027, 7, 14)),
    ]
    assert [(s, d) for s, _, _, d in periods(bogota)] == [
        (date(2026, 10, 1), date(2027, 1, 14)),
        (date(2027, 1, 1), date(2027, 4, 14)),
    ]
    # Five hours later it is 1 January in Bogotá too: the quarter after next is planned.
    assert plan_reviews(now=datetime(2027, 1, 1, 5, 30, tzinfo=UTC)) == 1
    assert periods(bogota)[-1][0] == date(2027, 4, 1)


@pytest.mark.django_db
def test_a_changed_cadence_never_plans_a_period_overlapping_an_existing_review():
    mission = MissionFactory(review_cadence_months=3)
    plan_reviews(today=TODAY)  # Oct-Dec 2026 and Jan-Mar 2027
    Mission.objects.filter(pk=mission.pk).update(review_cadence_months=6)
    # Jan-Jun 2027 overlaps the planned Jan-Mar review and is skipped; Jul-Dec is planned.
    assert plan_reviews(today=date(2027, 2, 1)) == 1
    assert plan_reviews(today=date(2027, 5, 1)) == 0
    assert [(s, e) for s, e, _, _ in periods(mission)] == [
        (date(2026, 10, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 3, 31)),
        (date(2027, 7, 1), date(2027, 12, 31)),
    ]


@pytest.mark.django_db
def test_only_running_missions_are_planned():
    active = MissionFactory(status=Mission.Status.ACTIVE)
    drawdown = MissionFactory(status=Mission.Status.DRAWDOWN)
    closed = MissionFactory(status=Mission.Status.CLOSED)
    plan_reviews(today=TODAY)
    assert active.reviews.count() == 2
    assert drawdown.reviews.count() == 2
    assert not closed.reviews.exists()


@pytest.mark.django_db
def test_participants_carry_over_while_they_still_hold_a_role():
    mission = MissionFactory()
    stays, leaves = UserFactory(), UserFactory()
    MembershipFactory(mission=mission, user=stays, role="chief_of_staff")
    gone = MembershipFactory(mission=mission, user=leaves, role="strategy_editor")
    last = ReviewFactory(
        mission=mission,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        due_on=date(2026, 10, 14),
        status=Review.Status.SIGNED_OFF,
        opened_at=datetime(2026, 9, 20, tzinfo=UTC),
    )
    last.participants.set([stays, leaves])
    gone.delete()
    plan_reviews(today=TODAY)
    for review in mission.reviews.exclude(pk=last.pk):
        assert list(review.participants.all()) == [stays]


@pytest.mark.django_db
def test_the_command_prints_what_it_planned_and_nothing_the_second_time():
    MissionFactory(acronym="UNAAA")
    MissionFactory(acronym="UNBBB", review_cadence_months=6)
    out = StringIO()
    call_command("plan_reviews", "--today", "2026-11-25", "--mission", "unbbb", stdout=out)
    assert out.getvalue().splitlines() == [
        "UNBBB: planned the review of 2026-07-01 to 2026-12-31, due 2027-01-14.",
        "UNBBB: planned the review of 2027-01-01 to 2027-06-30, due 2027-07-14.",
        "2 reviews planned.",
    ]
    out = StringIO()
    call_command("plan_reviews", "--today", "2026-11-25", stdout=out)
    assert out.getvalue().count("UNAAA: planned") == 2
    assert "UNBBB" not in out.getvalue()
    out = StringIO()
    call_command("plan_reviews", "--today", "2026-11-25", stdout=out)
    assert out.getvalue().strip() == "0 reviews planned."


def _in_thread(target, *args):
    """Run ``target`` in a thread with its own database connection; return its result box."""
    box: dict = {}

    def run():
        try:
            box["result"] = target(*args)
        except BaseException as exc:  # re-raised in the test thread
            box["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, box


@pytest.mark.django_db(transaction=True)
def test_a_run_racing_another_for_the_same_rows_creates_nothing_twice():
    """Run A has inserted but not committed; run B read no rows, so it inserts the same
    periods, waits on the unique index, and gives way when A commits."""
    mission = MissionFactory()
    a_inserted, a_may_commit = threading.Event(), threading.Event()

    def run_a():
        with transaction.atomic():
            count = plan_reviews(today=TODAY, missions=[mission])
            a_inserted.set()
            assert a_may_commit.wait(30)
        return count

    thread_a, box_a = _in_thread(run_a)
    assert a_inserted.wait(30)
    thread_b, box_b = _in_thread(lambda: plan_reviews(today=TODAY, missions=[mission]))
    with connection.cursor() as cursor:

        def b_is_waiting() -> bool:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            return cursor.fetchone()[0] > 0

        wait_for(b_is_waiting, timeout=30, interval=0.05)
    a_may_commit.set()
    thread_a.join(30)
    thread_b.join(30)
    assert "error" not in box_a and "error" not in box_b, (box_a, box_b)
    assert (box_a["result"], box_b["result"]) == (2, 0)
    assert mission.reviews.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_over_many_missions_create_each_review_once():
    missions = [MissionFactory() for _ in range(12)]
    start = threading.Barrier(4)

    def run():
        start.wait(10)
        return len(create_planned_reviews(today=TODAY))

    runs = [_in_thread(run) for _ in range(4)]
    for thread, _box in runs:
        thread.join(60)
    assert all("error" not in box for _t, box in runs), runs
    assert sum(box["result"] for _t, box in runs) == 24
    assert Review.objects.filter(mission__in=missions).count() == 24


@pytest.mark.worker
def test_the_periodic_task_plans_in_a_real_worker(celery_worker_process):
    mission = MissionFactory()
    tasks.plan_reviews.delay()
    try:
        wait_for(lambda: mission.reviews.count() == 2, timeout=60)
    except AssertionError:
        celery_worker_process.terminate()
        output = celery_worker_process.communicate(timeout=15)[0]
        raise AssertionError(f"the worker did not plan; its output:\n{output}") from None
    current = period_containing(mission.today(), mission.review_cadence_months)
    assert mission.reviews.order_by("period_start").first().period_start == current.start
