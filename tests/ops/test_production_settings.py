"""Production settings refuse to start with DEBUG on, without a real secret key, without the
address people use (SITE_URL), without a database or without Redis."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-a-real-random-production-secret-of-some-length"


def start(**overrides: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "APP_ENV", "SITE_URL"}
    }
    env.update(
        {
            "APP_ENV": "production",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
            "ALLOWED_HOSTS": "strategy.example.org",
            "SECRET_KEY": GOOD_KEY,
            "SITE_URL": "https://strategy.example.org",
            "REDIS_URL": "redis://127.0.0.1:6379/0",  # named, never reached by the check
        }
    )
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "strategy_app.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_starts_with_debug_off_and_a_real_key():
    result = start()
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_production_refuses_to_run_without_redis():
    result = start(REDIS_URL="")
    assert result.returncode != 0
    assert "Set REDIS_URL" in result.stderr


def test_production_refuses_debug_on():
    result = start(DEBUG="1")
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_refuses_the_development_key_or_none():
    for key in ("insecure-development-key-never-use-in-production", "", "short"):
        result = start(SECRET_KEY=key)
        assert result.returncode != 0
        assert "SECRET_KEY" in result.stderr


def test_production_reads_the_key_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text(GOOD_KEY + "\n")
    result = start(SECRET_KEY="", SECRET_KEY_FILE=str(secret))
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_site_url():
    result = start(SITE_URL="")
    assert result.returncode != 0
    assert "Set SITE_URL" in result.stderr


def test_a_missing_database_url_fails_at_startup_in_production():
    result = start(DATABASE_URL="")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_make_run_links_follow_the_port_it_serves():
    """The launcher's SITE_URL default: emails and calendars link to the port people use."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.argv = ['x']; sys.path.insert(0, 'scripts'); import embedded;"
            "print(embedded.run_env(8123)['SITE_URL'])",
        ],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "SITE_URL"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "http://127.0.0.1:8123", result.stderr
