"""The compose stack's web service passes `check --deploy --fail-level WARNING`, and in production
plain HTTP is sent to HTTPS (with HSTS and the Content-Security-Policy on the answers) except the
healthcheck, which the compose file calls over plain HTTP on localhost."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
# ${NAME}, ${NAME:-default} and ${NAME:?message}, as compose interpolates them.
VARIABLE = re.compile(r"\$\{(\w+)(?::?([-?])([^}]*))?\}")


def compose_web_environment(**given: str) -> dict[str, str]:
    """The web service's environment as docker compose resolves it when only `given` is set."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())

    def resolve(match: re.Match) -> str:
        name, kind, default = match.groups()
        if name in given:
            return given[name]
        assert kind == "-", f"docker-compose.yml requires {name}: pass it"
        return default

    environment = compose["services"]["web"]["environment"]
    return {name: VARIABLE.sub(resolve, str(value)) for name, value in environment.items()}


def run_as_web_service(*args: str, **overrides: str) -> subprocess.CompletedProcess:
    """Run in a fresh process with nothing of this test run's environment but the paths."""
    env = compose_web_environment(
        SECRET_KEY=secrets.token_urlsafe(50), POSTGRES_PASSWORD=secrets.token_urlsafe(24)
    )
    env.update(overrides)
    env.update(
        {
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", "/tmp"),
            "DJANGO_SETTINGS_MODULE": "strategy_app.settings",
        }
    )
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_compose_environment_is_production_with_secure_cookies():
    env = compose_web_environment(SECRET_KEY="x", POSTGRES_PASSWORD="y")
    assert env["APP_ENV"] == "production"
    assert env["SECURE_COOKIES"] == "true"
    assert env["SITE_URL"] == "http://localhost:8000"


def test_deploy_check_is_clean_with_the_compose_environment():
    # The compose DATABASE_URL names the host "postgres", which does not resolve here: the
    # deployment checks need no database.
    result = run_as_web_service("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


REQUESTS = """
import json
import django

django.setup()
from django.test import Client

client = Client(HTTP_HOST="localhost")
answers = {}
for name, path, proxied in [
    ("http_home", "/", False),
    ("http_healthz", "/healthz", False),
    ("https_home", "/", True),
]:
    extra = {"HTTP_X_FORWARDED_PROTO": "https"} if proxied else {}
    response = client.get(path, **extra)
    answers[name] = {
        "status": response.status_code,
        "location": response.headers.get("Location", ""),
        "hsts": response.headers.get("Strict-Transport-Security", ""),
        "csp": response.headers.get("Content-Security-Policy", ""),
        "body": response.content.decode()[:200] if path == "/healthz" else "",
    }
print(json.dumps(answers))
"""


def test_production_redirects_plain_http_to_https_except_the_healthcheck():
    # Nothing listens on these ports: /healthz answers 503 at once, which is still an answer.
    result = run_as_web_service(
        "-c",
        REQUESTS,
        DATABASE_URL="postgres://strategy:unused@127.0.0.1:1/strategy",
        REDIS_URL="redis://127.0.0.1:1/0",
        CELERY_BROKER_URL="redis://127.0.0.1:1/1",
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])

    home = answers["http_home"]
    assert home["status"] == 301
    assert home["location"] == "https://localhost/"

    healthz = answers["http_healthz"]
    assert healthz["status"] in {200, 503}, healthz
    assert '"failing"' in healthz["body"]  # the health view answered, not a redirect

    # Through the TLS proxy: served (the login page is next), with HSTS and the policy.
    proxied = answers["https_home"]
    assert proxied["status"] == 302
    assert proxied["location"].startswith("/accounts/login/")
    assert proxied["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'self'" in proxied["csp"]
    assert "'unsafe-inline'" not in proxied["csp"]
