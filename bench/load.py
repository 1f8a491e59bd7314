"""Benchmark: many people at once on the app as production runs it (issue 15).

Builds a throw-away database with the demo missions (plus, if asked, generated ones), makes
``--users`` accounts, each strategy editor of one mission and holding other roles in up to two
more, and serves the app with gunicorn (``gunicorn.conf.py`` when present) in production
settings over plain HTTP. Locust (``bench/locustfile.py``) then signs everyone in over
``--ramp`` seconds and keeps them clicking through the main pages for ``--seconds`` more,
0.5 to 1.5 s apart, about 7% of clicks saving an objective or a position through its form.

Prints the sign-ins apart from the pages, the pages' 50th/95th/99th percentile once everyone
is signed in ("after the logins"), requests per second, and every error with its reason. Exits
1 if there was any error. The database is dropped at the end; the Redis databases of REDIS_URL
(the cache: flushed first) and CELERY_BROKER_URL (writes queue tasks there; no worker runs)
must be ones the bench may use.

Production, except: SECURE_COOKIES, SSL_REDIRECT and HSTS off (no TLS here), PROXY_COUNT=0 (no
proxy), mail to nowhere. REQUIRE_SECOND_FACTOR stays on: no account holds a role that needs
one (head of mission, chief of staff). ``--env NAME=VALUE`` changes any setting for a run.

Usage: ``DATABASE_URL=postgres://... REDIS_URL=redis://.../12 CELERY_BROKER_URL=redis://.../13
python bench/load.py --users 50 --seconds 60``. ``--old-hashes`` stores the passwords with
PBKDF2 as before the switch to Argon2id: the sign-in storm of the first day after it.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

from common import ROOT, throwaway_database

PASSWORD = "load-test pass phrase 2026"
SIGN_IN_NAMES = ("sign-in page", "sign-in")
SAVE_NAMES = ("position save", "objective save")
# Roles of the second and third missions of each account; none needs a second factor.
OTHER_ROLES = ("viewer", "desk_officer", "component_lead", "strategy_editor")


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="People using the app at once.")
    parser.add_argument(
        "--seconds", type=int, default=60, help="How long they go on after the ramp."
    )
    parser.add_argument(
        "--ramp", type=float, default=10, help="Seconds over which they sign in (0: at once)."
    )
    parser.add_argument("--workers", type=int, help="gunicorn processes (default: its config).")
    parser.add_argument("--threads", type=int, help="Threads per process (default: its config).")
    parser.add_argument(
        "--extra-missions", type=int, default=0, help="Generated missions besides the demo's."
    )
    parser.add_argument(
        "--old-hashes", action="store_true", help="Passwords stored with PBKDF2 (before Argon2id)."
    )
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="A setting for the app."
    )
    parser.add_argument(
        "--sign-ins-only",
        action="store_true",
        help="Only the sign-in storm: everyone signs in (over --ramp, 0: at once) and stops.",
    )
    parser.add_argument("--verbose", action="store_true", help="Print the server's log too.")
    parser.add_argument(
        "--samples", type=Path, help="Write every request (name, start, ms, status) to this JSON."
    )
    return parser.parse_args()


# --- The data


def _prepare(args: argparse.Namespace) -> dict[str, Any]:
    """The demo, the accounts and their memberships; returns the plan locustfile.py follows."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db.models import Case, IntegerField, Value, When

    from missions.models import Component, Membership, Mission, Stakeholder
    from portfolio.demo import demo_seed
    from reviews.models import Review
    from strategies.models import Objective
    from tests.factories import MissionFactory
    from tests.portfolio.test_query_counts import fill_mission

    demo_seed()
    for _ in range(args.extra_missions):
        fill_mission(MissionFactory(), 12)
    missions: dict[str, dict[str, Any]] = {}
    for mission in Mission.objects.order_by("acronym"):
        review = (
            Review.objects.filter(mission=mission)
            .annotate(
                first=Case(
                    When(status="open", then=Value(0)), default=1, output_field=IntegerField()
                )
            )
            .order_by("first", "-period_start")
            .first()
        )
        # Unclassified only: every role may open them, so a 404 is a fault, not the rules.
        objectives = Objective.objects.filter(mission=mission, classification=0)
        stakeholders = Stakeholder.objects.filter(mission=mission, classification=0)
        component = Component.objects.filter(mission=mission).order_by("pk").first()
        if review and objectives.exists() and stakeholders.exists() and component:
            missions[mission.acronym] = {
                "id": mission.pk,
                "objectives": list(objectives.values_list("pk", flat=True)),
                "stakeholders": list(stakeholders.values_list("pk", flat=True)),
                "review": review.pk,
                "component": component.pk,
            }
    acronyms = list(missions)
    hasher = "pbkdf2_sha256" if args.old_hashes else "default"
    encoded = make_password(PASSWORD, hasher=hasher)  # once: the same cost to verify for all
    User = get_user_model()
    users = User.objects.bulk_create(
        User(
            username=f"load{n:03}",
            email=f"load{n:03}@example.org",
            first_name="Load",
            last_name=f"Tester {n}",
            password=encoded,
        )
        for n in range(1, args.users + 1)
    )
    plan_users, memberships = [], []
    for n, user in enumerate(users):
        roles = {acronyms[n % len(acronyms)]: "strategy_editor"}
        for k in range(1, 1 + n % 3):
            roles.setdefault(acronyms[(n + k) % len(acronyms)], OTHER_ROLES[(n + k) % 4])
        for acronym, role in roles.items():
            lead = role == "component_lead"
            memberships.append(
                Membership(
                    user=user,
                    mission_id=missions[acronym]["id"],
                    role=role,
                    component_id=missions[acronym]["component"] if lead else None,
                )
            )
        plan_users.append({"username": user.username, "missions": roles})
    Membership.objects.bulk_create(memberships)
    return {
        "password": PASSWORD,
        "users": plan_users,
        "missions": missions,
        "sign_in_only": args.sign_ins_only,
    }


def _database_url() -> str:
    """The throw-away database's URL, for the server's processes."""
    from django.db import connection

    s = connection.settings_dict
    who = quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        who += ":" + quote(s["PASSWORD"], safe="")
    host = s["HOST"] or "127.0.0.1"
    if host.startswith("/"):
        return f"postgres://{who}@/{s['NAME']}?host={quote(host, safe='')}"
    return f"postgres://{who}@{host}:{s['PORT'] or 5432}/{s['NAME']}"


# --- The server


def _app_env(args: argparse.Namespace, var_dir: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_XDIST_WORKER"}
    env.update(
        APP_ENV="production",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{port}",
        DATABASE_URL=_database_url(),
        VAR_DIR=str(var_dir),
        STATIC_ROOT=str(var_dir / "static"),
        # No TLS and no proxy in front of gunicorn here.
        SECURE_COOKIES="false",
        SSL_REDIRECT="false",
        HSTS_SECONDS="0",
        PROXY_COUNT="0",
        EMAIL_URL="dummymail://",
        LOG_LEVEL="WARNING",
    )
    for pair in args.env:
        name, _, value = pair.partition("=")
        env[name] = value
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(args: argparse.Namespace, env: dict[str, str], port: int, log) -> tuple[Any, str]:
    """gunicorn, started in its own process group; returns it and how it was configured."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}"]
    workers, threads = args.workers, args.threads
    if (ROOT / "gunicorn.conf.py").exists():
        command += ["--config", "gunicorn.conf.py"]
        how = "gunicorn.conf.py"
    else:
        command += ["strategy_app.wsgi:application", "--worker-class", "gthread"]
        workers, threads = workers or 3, threads or 4
        how = "no gunicorn.conf.py"
    command += ["--workers", str(workers)] if workers else []
    command += ["--threads", str(threads)] if threads else []
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5):
                break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    else:
        raise RuntimeError("gunicorn did not answer within 60 s")
    shape = f"{len(_worker_pids(server.pid))} worker processes"
    return server, f"{how} ({shape}{f' x {threads} threads' if threads else ''})"


def _stop(server) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def _server_cpu(master: int) -> float:
    """CPU seconds gunicorn used so far: the master, its live workers and the ones it reaped."""

    def times(pid: int, reaped: bool) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        ticks = sum(int(f) for f in fields[11 : 15 if reaped else 13])
        return ticks / os.sysconf("SC_CLK_TCK")

    return times(master, True) + sum(times(pid, False) for pid in _worker_pids(master))


def _machine_busy() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


# --- The run


def _run_locust(args: argparse.Namespace, port: int, work: Path, log) -> dict[str, Any]:
    plan, out = work / "plan.json", work / "samples.json"
    env = {**os.environ, "BENCH_LOAD_PLAN": str(plan), "BENCH_LOAD_OUT": str(out)}
    spawn_rate = args.users / args.ramp if args.ramp > 0 else args.users
    run_time = math.ceil(args.ramp) + args.seconds
    command = [
        *(sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py")),
        *("--headless", "--host", f"http://127.0.0.1:{port}"),
        *("--users", str(args.users), "--spawn-rate", f"{spawn_rate:g}"),
        *("--run-time", f"{run_time}s", "--stop-timeout", "5", "--only-summary"),
        *("--loglevel", "WARNING", "--exit-code-on-error", "0"),
    ]
    subprocess.run(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=run_time + 120
    )
    if not out.exists():
        raise RuntimeError("locust wrote no results")
    return json.loads(out.read_text())


def _percentile(ordered: list[float], p: float) -> float:
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else 0.0


def _table(samples: list[list[Any]], names: list[str], total: str | None = None) -> None:
    print(f"  {'':26} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    by_name: dict[str, list[list[Any]]] = defaultdict(list)
    for sample in samples:
        by_name[sample[0]].append(sample)
    rows = [(name, by_name[name]) for name in names if by_name.get(name)]
    if total:
        rows.append((total, samples))
    for name, rows_of in rows:
        times = sorted(s[2] for s in rows_of)
        errors = sum(1 for s in rows_of if s[4])
        print(
            f"  {name:26} {len(rows_of):>8} {errors:>6} {_percentile(times, 50):>7.0f} "
            f"{_percentile(times, 95):>7.0f} {_percentile(times, 99):>7.0f}"
        )


def _report(result: dict[str, Any], args: argparse.Namespace) -> int:
    samples = result["samples"]
    sign_ins = [s for s in samples if s[0] in SIGN_IN_NAMES]
    pages = [s for s in samples if s[0] not in (*SIGN_IN_NAMES, "locustfile")]
    if not samples:
        print("no requests were made")
        return 1
    start = min(s[1] for s in samples)
    end = max(s[1] + s[2] / 1000 for s in samples)
    done = result["sign_ins_done_at"] or max((s[1] for s in sign_ins), default=start)
    print()
    print(
        f"Sign-ins: {args.users} people over {args.ramp:g} s, all done {done - start:.1f} s "
        "after the first began"
    )
    _table(sign_ins, list(SIGN_IN_NAMES))
    after = [s for s in pages if s[1] >= done]
    if not pages:
        return _errors(samples)
    names = sorted({s[0] for s in pages}, key=lambda n: (n in SAVE_NAMES, n))
    print()
    print(f"Pages after the logins ({end - done:.0f} s):")
    _table(after, names, total="all requests")
    if end > done:
        print(f"  throughput: {len(after) / (end - done):.1f} requests/s")
    saves = [s for s in after if s[0] in SAVE_NAMES]
    conflicts = sum(1 for s in saves if s[3] == 409)
    share = 100 * len(saves) / max(len(after), 1)
    print(
        f"  saves: {len(saves)} of {len(after)} requests ({share:.1f}%), {conflicts} refused as "
        "stale (409: someone saved the record since it was read)"
    )
    during = sorted(s[2] for s in pages if s[1] < done)
    if during:
        print(
            f"  during the sign-ins: {len(during)} page requests, p50 {_percentile(during, 50):.0f}"
            f" ms, p95 {_percentile(during, 95):.0f} ms, p99 {_percentile(during, 99):.0f} ms"
        )
    return _errors(samples)


def _errors(samples: list[list[Any]]) -> int:
    """Print the errors by page and reason; 1 if there were any."""
    errors: dict[tuple[str, str], int] = defaultdict(int)
    for sample in samples:
        if sample[4]:
            errors[(sample[0], sample[4])] += 1
    print()
    if not errors:
        print("Errors: none")
        return 0
    print(f"Errors: {sum(errors.values())}")
    for (name, reason), count in sorted(errors.items(), key=lambda e: -e[1]):
        print(f"  {count:>5}  {name}: {reason}")
    return 1


def main() -> int:
    args = _args()
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        work = Path(tmp)
        log = (work / "server.log").open("w")
        started = time.perf_counter()
        with throwaway_database("bench_load"):
            from django.core.cache import cache

            print(f"database: migrated in {time.perf_counter() - started:.0f} s")
            started = time.perf_counter()
            cache.clear()
            plan = _prepare(args)
            (work / "plan.json").write_text(json.dumps(plan))
            print(
                f"data: {len(plan['missions'])} missions ({', '.join(plan['missions'])}), "
                f"{args.users} accounts with {sum(len(u['missions']) for u in plan['users'])} "
                f"roles, passwords {'PBKDF2' if args.old_hashes else 'as configured'} "
                f"(built in {time.perf_counter() - started:.0f} s)"
            )
            port = _free_port()
            env = _app_env(args, work, port)
            server = None
            try:
                server, how = _serve(args, env, port, log)
                print(f"app: gunicorn with {how}, APP_ENV=production, http://127.0.0.1:{port}")
                print(
                    f"load: {args.users} people, sign-ins over {args.ramp:g} s, then "
                    f"{args.seconds} s; machine load before: {os.getloadavg()[0]:.1f}"
                )
                cpu0, busy0 = _server_cpu(server.pid), _machine_busy()
                child0 = resource.getrusage(resource.RUSAGE_CHILDREN)
                result = _run_locust(args, port, work, log)
                child1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu1, busy1 = _server_cpu(server.pid), _machine_busy()
            finally:
                if server is not None:
                    _stop(server)
                log.close()
                if args.verbose or server is None or server.returncode not in (0, None):
                    print((work / "server.log").read_text()[-20_000:])
        code = _report(result, args)
        if args.samples:
            args.samples.write_text(json.dumps(result["samples"]))
        wall = max(1.0, (busy1[1] - busy0[1]) / os.sysconf("SC_CLK_TCK") / (os.cpu_count() or 1))
        locust_cpu = (child1.ru_utime + child1.ru_stime) - (child0.ru_utime + child0.ru_stime)
        requests = sum(1 for s in result["samples"] if s[0] != "locustfile")
        print()
        print(
            f"CPU over the run ({wall:.0f} s, {os.cpu_count()} cores): app {cpu1 - cpu0:.0f} s "
            f"({1000 * (cpu1 - cpu0) / max(requests, 1):.0f} ms per request), locust "
            f"{locust_cpu:.0f} s; the whole machine was "
            f"{100 * (busy1[0] - busy0[0]) / max(busy1[1] - busy0[1], 1):.0f}% busy"
        )
        return code


if __name__ == "__main__":
    sys.exit(main())
