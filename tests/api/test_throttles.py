"""API rate limits: reads and writes each have their own rate per user; over it the API answers
429 with Retry-After in the usual JSON error shape; a dead throttle cache lets requests through."""

from __future__ import annotations

import logging

import pytest
import redis
from django.core.cache import caches
from rest_framework.test import APIClient

from tests.api.tokens import api_token_for

pytestmark = pytest.mark.django_db

MISSIONS = "/api/v1/missions/"
OBJECTIVES = "/api/v1/objectives/"


@pytest.fixture
def rates(settings):
    settings.API_READ_RATE = "3/minute"
    settings.API_WRITE_RATE = "2/minute"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(user)}")
    return client


def assert_throttled(response) -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["errors"] == {}
    assert body["detail"].startswith("Request was throttled.")


def test_reads_beyond_the_rate_get_429_with_retry_after(rates, member):
    api = client_for(member("viewer"))
    assert [api.get(MISSIONS).status_code for _ in range(3)] == [200] * 3
    assert_throttled(api.get(MISSIONS))
    assert_throttled(api.get(f"{MISSIONS}UNTEST/"))


def test_writes_have_their_own_lower_rate(rates, member):
    api = client_for(member("strategy_editor"))
    # Empty bodies: rejected by validation, but each one is a write all the same.
    assert [api.post(OBJECTIVES, {}, format="json").status_code for _ in range(2)] == [400] * 2
    assert_throttled(api.post(OBJECTIVES, {}, format="json"))
    assert_throttled(api.patch(f"{OBJECTIVES}1/", {}, format="json"))
    # Reads are counted apart: the same user still reads.
    assert api.get(MISSIONS).status_code == 200


def test_a_session_user_is_throttled_as_well(rates, client, member):
    client.force_login(member("viewer"))
    assert [client.get(MISSIONS).status_code for _ in range(3)] == [200] * 3
    assert_throttled(client.get(MISSIONS))


def test_one_users_throttle_does_not_hold_back_another(rates, member):
    busy, other = client_for(member("viewer")), client_for(member("viewer"))
    for _ in range(3):
        busy.get(MISSIONS)
    assert_throttled(busy.get(MISSIONS))
    assert other.get(MISSIONS).status_code == 200


def test_the_default_rates_are_generous_for_a_script(settings, member):
    assert settings.API_READ_RATE == "600/minute"
    assert settings.API_WRITE_RATE == "120/minute"
    api = client_for(member("viewer"))
    assert {api.get(MISSIONS).status_code for _ in range(20)} == {200}


@pytest.fixture
def dead_cache(settings):
    """The throttle cache on a Redis address nobody listens on."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    caches.close_all()
    yield
    caches.close_all()


def test_a_dead_cache_lets_requests_through_and_is_logged(rates, dead_cache, member, caplog):
    with pytest.raises(redis.ConnectionError):  # the cache really is down
        caches["default"].get("probe")
    api = client_for(member("strategy_editor"))
    with caplog.at_level(logging.WARNING, logger="core.throttles"):
        reads = [api.get(MISSIONS).status_code for _ in range(5)]
        writes = [api.post(OBJECTIVES, {}, format="json").status_code for _ in range(3)]
    assert reads == [200] * 5
    assert writes == [400] * 3
    assert "API throttle skipped, its cache failed" in caplog.text
