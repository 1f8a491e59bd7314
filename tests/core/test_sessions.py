"""Sessions read from the cache and kept in the database (``core.sessions``): a page reads no
session row once the session is cached, an unreachable cache costs a query and never an
error, and a cached copy lives minutes, not the session's weeks."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.sessions import CACHE_SECONDS

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.fixture
def cached_sessions(settings):
    settings.SESSION_ENGINE = "core.sessions"
    if not settings.REDIS_URL:  # the engine works over any shared cache
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return settings


def session_reads(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    reads = [q for q in ctx.captured_queries if 'FROM "django_session"' in q["sql"]]
    return response.status_code, len(reads)


def test_a_cached_session_is_not_read_from_the_database(cached_sessions, client, editor, mission):
    client.force_login(editor)  # written to the database and the cache
    caches["default"].clear()
    page = reverse("strategies:overview", kwargs={"acronym": mission.acronym})

    assert session_reads(client, page) == (200, 1)  # not cached yet: the database answers
    assert session_reads(client, page) == (200, 0)  # then the cache


def test_an_unreachable_cache_costs_a_query_never_an_error(
    cached_sessions, client, editor, mission
):
    client.force_login(editor)
    page = reverse("strategies:overview", kwargs={"acronym": mission.acronym})
    cached_sessions.CACHES = DEAD_REDIS

    assert session_reads(client, page) == (200, 1)
    client.post(reverse("logout"))  # the row goes, though the cache is away
    response = client.get(page)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_cached_copy_lives_minutes_not_weeks(cached_sessions, client, editor):
    if not cached_sessions.REDIS_URL:
        pytest.fail("REDIS_URL must name a Redis for this test (make test sets it).")
    client.force_login(editor)
    key = caches["default"].make_key(
        f"django.contrib.sessions.cached_db{client.session.session_key}"
    )
    seconds = caches["default"]._cache.get_client(key).ttl(key)

    assert 0 < seconds <= CACHE_SECONDS < cached_sessions.SESSION_COOKIE_AGE
