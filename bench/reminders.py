"""Benchmark: the hourly reminders job on many missions with every rule due (issue 15).

Seeds ``--missions`` missions of ``--people`` members each (``tests/reminders/crowd.py``), then
times one run of the job (claims, in-app notifications, outbox rows, the send tasks published),
the outbox sent to Django's in-memory mail backend (what a worker does), and a second run, where
everything is "already sent". Prints the time and the number of queries of each step, and of
each run the share of the rules engine (``due_reminders``: reads only, before anything is
claimed) apart from the delivery's. Runs in a
throw-away database; the send tasks go to a queue of their own on the configured broker, deleted
at the end, so no worker picks them up.

Usage: ``python bench/reminders.py`` (200 missions of 30 people: about a minute to build).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from common import throwaway_database

TODAY = date(2026, 11, 26)
QUEUE = "bench-reminders"


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missions", type=int, default=200)
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--participants", type=int, default=8)
    return parser.parse_args()


@contextmanager
def counting() -> Iterator[list[int]]:
    """Count the queries run inside (cheaper than capturing their text)."""
    from django.db import connection

    count = [0]

    def wrapper(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield count


def timed(label: str, call: Callable[[], Any]) -> tuple[Any, float]:
    with counting() as queries:
        started = time.perf_counter()
        result = call()
        seconds = time.perf_counter() - started
    print(f"{label:40} {seconds:>8.2f} s {queries[0]:>8} queries")
    return result, seconds


@contextmanager
def engine_timed() -> Iterator[list[tuple[float, int]]]:
    """The time and queries of each call of the rules engine made by the job."""
    from reviews.reminders import delivery

    calls: list[tuple[float, int]] = []
    engine = delivery.due_reminders

    def due_reminders(**kwargs: Any) -> Any:
        with counting() as queries:
            started = time.perf_counter()
            found = engine(**kwargs)
        calls.append((time.perf_counter() - started, queries[0]))
        return found

    delivery.due_reminders = due_reminders
    try:
        yield calls
    finally:
        delivery.due_reminders = engine


def run(label: str) -> tuple[Any, float, float]:
    """One run of the job, printed with its engine's share: the result, the run's time and the
    engine's."""
    from reviews.reminders.delivery import send_reminders

    with engine_timed() as engine:
        result, seconds = timed(label, lambda: send_reminders(today=TODAY))
    ((engine_s, engine_q),) = engine
    print(f"{'  of which the rules engine':40} {engine_s:>8.2f} s {engine_q:>8} queries")
    return result, seconds, engine_s


def main() -> None:
    args = _args()
    with throwaway_database("bench_reminders"):
        from celery import current_app
        from django.conf import settings
        from django.core import mail

        from core.models import OutboxEmail
        from core.outbox import outbox_deliver_due
        from notifications.models import Notification
        from reviews.models import Reminder
        from tests.reminders.crowd import crowd

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        mail.outbox = []
        current_app.conf.task_default_queue = QUEUE
        try:
            started = time.perf_counter()
            crowd(args.missions, today=TODAY, people=args.people, participants=args.participants)
            print(
                f"data: {args.missions} missions x {args.people} people, every rule due "
                f"(built in {time.perf_counter() - started:.0f} s); broker "
                f"{settings.CELERY_BROKER_URL.split('://')[0]}"
            )
            first, claim_s, engine_1 = run("run 1: claim, notify, queue emails")
            sent, send_s = timed("outbox: send to the locmem backend", outbox_deliver_due)
            second, again_s, engine_2 = run("run 2: everything already sent")
            figures = first.summary()
            print()
            print(f"reminders claimed        {Reminder.objects.count():>8}")
            print(f"  emailed                {figures['emailed']:>8}")
            print(f"  for the weekly digest  {figures['queued_for_digest']:>8}")
            print(f"notifications            {Notification.objects.count():>8}")
            print(f"outbox rows              {OutboxEmail.objects.count():>8}")
            print(f"emails sent              {sent:>8} ({len(mail.outbox)} in the locmem outbox)")
            print(f"run 2 already sent       {second.summary()['already_sent']:>8}")
            print(f"run 1 and sending          {claim_s + send_s:>8.2f} s (goal: 5 s)")
            print(f"  less the rules engine    {claim_s + send_s - engine_1:>8.2f} s")
            print(f"run 2                      {again_s:>8.2f} s")
            print(f"  less the rules engine    {again_s - engine_2:>8.2f} s")
        finally:
            with current_app.connection_for_write() as conn:
                conn.default_channel.queue_delete(QUEUE)


if __name__ == "__main__":
    main()
