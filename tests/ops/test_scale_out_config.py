"""The scale-out stack as written (docker-compose.yml, ops/nginx/nginx.conf, gunicorn.conf.py,
the Dockerfile): no Docker engine here, so what the files say is checked, and gunicorn.conf.py
and the settings are run. tests/ops/test_two_replicas.py runs two real replicas."""

from __future__ import annotations

import json
import re
import runpy
import urllib.parse
from pathlib import Path

import pytest
import yaml

from tests.ops.test_deploy_check import ROOT, VARIABLE, run_as_web_service

APP_SERVICES = ("web", "worker", "beat")


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def default(value: str) -> str:
    """``value`` as compose resolves it with only the required variables set."""
    given = {"SECRET_KEY": "k", "POSTGRES_PASSWORD": "p"}
    return VARIABLE.sub(lambda m: given.get(m.group(1), m.group(3) or ""), str(value))


def nginx_conf() -> str:
    text = (ROOT / "ops" / "nginx" / "nginx.conf").read_text()
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def test_web_replicas_are_reached_only_through_the_proxy():
    services = compose()["services"]
    web, proxy = services["web"], services["proxy"]
    assert "ports" not in web, "web publishes a port: requests would bypass the proxy"
    assert default(web["deploy"]["replicas"]) == "2"
    assert "WEB_REPLICAS" in str(web["deploy"]["replicas"])
    assert [default(p) for p in proxy["ports"]] == ["8000:80"]
    assert "./ops/nginx/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    # The TLS proxy and this nginx both append to X-Forwarded-For.
    assert default(web["environment"]["PROXY_COUNT"]) == "2"


def test_the_app_goes_through_pgbouncer_and_only_migrate_migrates():
    services = compose()["services"]
    pgbouncer = services["pgbouncer"]["environment"]
    assert pgbouncer["POOL_MODE"] == "transaction"
    assert urllib.parse.urlsplit(default(pgbouncer["DATABASE_URL"])).hostname == "postgres"
    for name in APP_SERVICES:
        service = services[name]
        url = urllib.parse.urlsplit(default(service["environment"]["DATABASE_URL"]))
        assert (url.hostname, url.path) == ("pgbouncer", "/strategy"), name
        assert service["environment"]["DATABASE_POOLER"] == "pgbouncer", name
        assert service["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }, name
        assert "migrate" not in json.dumps(service["command"]), name
    migrate = services["migrate"]
    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    url = urllib.parse.urlsplit(default(migrate["environment"]["DATABASE_URL"]))
    assert url.hostname == "postgres" and not migrate["environment"]["DATABASE_POOLER"]
    assert migrate["restart"] == "no" and set(migrate["depends_on"]) == {"postgres"}
    # Apart from the database, migrate has the app's environment.
    same = set(migrate["environment"]) - {"DATABASE_URL", "DATABASE_POOLER"}
    assert {k: migrate["environment"][k] for k in same} == {
        k: services["web"]["environment"][k] for k in same
    }


def test_web_runs_gunicorn_from_gunicorn_conf_py():
    web = compose()["services"]["web"]
    assert web["command"] == [
        "gunicorn",
        "--config",
        "gunicorn.conf.py",
        "strategy_app.wsgi:application",
    ]
    dockerfile = (ROOT / "Dockerfile").read_text()
    [cmd] = re.findall(r"^CMD (.+)$", dockerfile, flags=re.M)
    assert json.loads(cmd) == web["command"]
    assert "--workers" not in dockerfile
    # Requests in flight get gunicorn's graceful_timeout before compose kills the container.
    assert int(web["stop_grace_period"].removesuffix("s")) > 30


def test_nginx_spreads_over_the_replicas_and_passes_the_client_on():
    conf = nginx_conf()
    assert re.search(r"resolver 127\.0\.0\.11\b", conf), "Docker's DNS, re-read at run time"
    [(variable, target)] = re.findall(r"set (\$\w+) (http://[^;]+);", conf)
    assert target == "http://web:8000"
    assert f"proxy_pass {variable};" in conf
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf
    assert re.search(r"proxy_set_header X-Forwarded-Proto \$\w+;", conf)
    assert "proxy_set_header Host $http_host;" in conf


def test_the_proxy_refuses_uploads_a_little_above_the_apps_limit():
    environment = compose()["services"]["web"]["environment"]
    app_limit = max(
        int(default(environment[name])) for name in ("MANDATE_UPLOAD_MAX_MB", "EVIDENCE_MAX_MB")
    )
    [size] = re.findall(r"client_max_body_size (\d+)m;", nginx_conf())
    assert app_limit < int(size) <= app_limit + 10


def gunicorn_settings(monkeypatch, **env: str) -> dict:
    for name in ("WEB_CONCURRENCY", "WEB_THREADS", "WEB_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_is_sized_from_the_cores_unless_told(monkeypatch):
    conf = gunicorn_settings(monkeypatch)
    assert conf["worker_class"] == "gthread"
    assert conf["workers"] == 2 * conf["usable_cores"]() + 1
    assert conf["threads"] == 1  # threads of one process queue on the GIL (bench/load.py)
    assert conf["timeout"] == 60 > 30  # not gunicorn's 30 s
    assert conf["bind"] == ["0.0.0.0:8000"]
    assert conf["accesslog"] == "-"
    assert conf["max_requests"] > 0 and conf["max_requests_jitter"] > 0

    conf = gunicorn_settings(monkeypatch, WEB_CONCURRENCY="7", WEB_THREADS="2", WEB_TIMEOUT="90")
    assert (conf["workers"], conf["threads"], conf["timeout"]) == (7, 2, 90)
    # Compose passes WEB_CONCURRENCY empty when it is not set.
    assert gunicorn_settings(monkeypatch, WEB_CONCURRENCY="")["workers"] >= 2


def test_gunicorn_respects_a_cpu_quota(monkeypatch, tmp_path):
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    cpu_max = tmp_path / "cpu.max"
    real_path = Path

    def fake_path(name, *args):
        return cpu_max if str(name) == "/sys/fs/cgroup/cpu.max" else real_path(name, *args)

    monkeypatch.setitem(conf["usable_cores"].__globals__, "Path", fake_path)
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(8)))
    cpu_max.write_text("150000 100000\n")  # --cpus 1.5
    assert conf["usable_cores"]() == 2
    cpu_max.write_text("max 100000\n")
    assert conf["usable_cores"]() == 8


SHOW_DATABASE = """
import json
import django

django.setup()
from django.conf import settings

print(json.dumps({
    "cursors": settings.DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"],
    "session": settings.SESSION_ENGINE,
    "cache": settings.CACHES["default"]["BACKEND"],
}))
"""


@pytest.mark.parametrize(
    ("pooler", "cursors_off"), [("pgbouncer", True), ("", False)], ids=["pgbouncer", "direct"]
)
def test_behind_pgbouncer_server_side_cursors_are_off(pooler, cursors_off):
    result = run_as_web_service("-c", SHOW_DATABASE, DATABASE_POOLER=pooler)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["cursors"] is cursors_off
    # What replicas share: sessions kept in the database and read from Redis (core.sessions),
    # the cache in Redis (never per process).
    assert shown["session"] == "core.sessions"
    assert shown["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_an_unknown_pooler_is_refused():
    result = run_as_web_service("-c", SHOW_DATABASE, DATABASE_POOLER="pgpool")
    assert result.returncode != 0
    assert "DATABASE_POOLER must be pgbouncer or empty" in result.stderr
