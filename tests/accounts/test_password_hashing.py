"""Passwords are hashed with Argon2id at OWASP's minimum cost or above; a PBKDF2 hash made
before the switch still signs in, and is replaced by an Argon2id hash at that sign-in."""

from __future__ import annotations

import importlib
import os

import pytest
from django.contrib.auth.hashers import get_hasher, make_password
from django.utils.module_loading import import_string

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long pass phrase, 2026"
# OWASP Password Storage Cheat Sheet, Argon2id: (memory in KiB, passes), one lane.
OWASP_ARGON2ID = ((47104, 1), (19456, 2), (12288, 3), (9216, 4), (7168, 5))


def configured_hashers() -> list[str]:
    """PASSWORD_HASHERS as the settings module has it (the suite swaps in a fast one)."""
    return importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"]).PASSWORD_HASHERS


@pytest.fixture
def production_hashers(settings):
    settings.PASSWORD_HASHERS = configured_hashers()


def user_with_hash(encoded: str):
    """A user whose stored hash is ``encoded``, as an older release left it."""
    user = UserFactory(username="dana")
    user.password = encoded
    user.save(update_fields=["password"])
    return user


def sign_in(client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_the_hasher_in_use_is_argon2id_at_owasps_minimum_or_above():
    hasher = import_string(configured_hashers()[0])()
    params = hasher.params()

    assert hasher.algorithm == "argon2"
    assert params.type.name == "ID"
    assert params.parallelism >= 1
    assert any(
        params.memory_cost >= memory and params.time_cost >= passes
        for memory, passes in OWASP_ARGON2ID
    ), (params.memory_cost, params.time_cost)


def test_pbkdf2_is_still_listed_so_older_hashes_verify():
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in configured_hashers()[1:]


@pytest.mark.usefixtures("production_hashers")
def test_a_pbkdf2_user_signs_in_and_their_hash_becomes_argon2id(client):
    user = user_with_hash(make_password(PASSWORD, hasher="pbkdf2_sha256"))
    assert user.password.startswith("pbkdf2_sha256$")

    response = sign_in(client, "dana", PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    user.refresh_from_db()
    preferred = get_hasher("default")
    assert user.password.startswith(
        f"argon2$argon2id$v=19$m={preferred.memory_cost},t={preferred.time_cost},"
        f"p={preferred.parallelism}$"
    )
    client.logout()
    assert sign_in(client, "dana", PASSWORD).status_code == 302


@pytest.mark.usefixtures("production_hashers")
def test_a_wrong_password_leaves_the_old_hash_alone(client):
    old = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user = user_with_hash(old)

    response = sign_in(client, "dana", "not the pass phrase")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.password == old


@pytest.mark.usefixtures("production_hashers")
def test_an_argon2_hash_with_djangos_default_cost_is_rehashed_at_ours(client):
    django_default = import_string("django.contrib.auth.hashers.Argon2PasswordHasher")()
    user = user_with_hash(django_default.encode(PASSWORD, django_default.salt()))

    assert sign_in(client, "dana", PASSWORD).status_code == 302

    user.refresh_from_db()
    preferred = get_hasher("default")
    stored = preferred.decode(user.password)
    assert (stored["memory_cost"], stored["time_cost"], stored["parallelism"]) == (
        preferred.memory_cost,
        preferred.time_cost,
        preferred.parallelism,
    )
