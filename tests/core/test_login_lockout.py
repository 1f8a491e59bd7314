"""Password guessing is stopped: after LOGIN_FAILURE_LIMIT wrong passwords (the setting
AXES_FAILURE_LIMIT) for one username, or from one address, the login form and the admin login
refuse even the right password with a lockout page, until the cool-off ends or an administrator
deletes the attempts in the admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client

from tests.factories import UserFactory

LOGIN = "/accounts/login/"
RIGHT = "pass-word-123"  # every factory user's password


def post_login(client: Client, username: str, password: str, url: str = LOGIN, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def fail(client: Client, username: str, times: int, url: str = LOGIN, **extra) -> list[int]:
    return [post_login(client, username, "wrong", url, **extra).status_code for _ in range(times)]


def assert_lockout_page(response, minutes: int = 15) -> None:
    assert response.status_code == 429
    assert response["Retry-After"] == str(minutes * 60)
    html = response.content.decode()
    assert '<h1 id="lockout-title">Too many failed logins</h1>' in html
    assert f"Try again in {minutes} minutes." in html
    assert "ask an administrator to unlock your account" in html
    assert 'class="site-header"' in html  # the app's own layout, not a bare message


def test_the_right_password_is_refused_after_five_wrong_ones(client, editor):
    assert fail(client, "alice", 4) == [200] * 4
    # The fifth failure locks, and says so at once.
    assert_lockout_page(post_login(client, "alice", "wrong"))
    assert_lockout_page(post_login(client, "alice", RIGHT))
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_four_wrong_passwords_still_let_the_right_one_in(client, editor):
    page = post_login(client, "alice", "wrong")
    assert "Please enter a correct username and password" in page.content.decode()
    fail(client, "alice", 3)
    response = post_login(client, "alice", RIGHT)
    assert response.status_code == 302 and response.url == "/"


def test_the_limit_and_the_cool_off_come_from_settings(client, editor, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.LOGIN_LOCKOUT_MINUTES = 3
    assert fail(client, "alice", 1) == [200]
    assert_lockout_page(post_login(client, "alice", "wrong"), minutes=3)


def test_one_address_is_locked_out_whatever_usernames_it_tries(editor):
    attacker = Client(REMOTE_ADDR="203.0.113.5")
    for name in ["root", "admin", "editor", "hom", "chief"]:
        post_login(attacker, name, "wrong")
    assert_lockout_page(post_login(attacker, "alice", RIGHT))
    # Alice herself, from her own address, is not the one being guessed at.
    colleague = Client(REMOTE_ADDR="198.51.100.7")
    assert post_login(colleague, "alice", RIGHT).status_code == 302


def test_one_username_is_locked_out_from_every_address(editor):
    for n in range(5):
        post_login(Client(REMOTE_ADDR=f"203.0.113.{n + 1}"), "alice", "wrong")
    assert_lockout_page(post_login(Client(REMOTE_ADDR="198.51.100.7"), "alice", RIGHT))
    bob = UserFactory(username="bob")
    assert post_login(Client(REMOTE_ADDR="198.51.100.7"), bob.username, RIGHT).status_code == 302


def test_behind_the_proxy_a_forged_forwarded_for_does_not_hide_the_address(settings, editor):
    """Production: the proxy appends the address it saw to X-Forwarded-For; what a client put in
    front of it changes nothing."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    client = Client(REMOTE_ADDR="10.0.0.2")  # the proxy
    for n, name in enumerate(["root", "admin", "editor", "hom", "chief"]):
        post_login(client, name, "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    forged = post_login(client, "alice", RIGHT, HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.5")
    assert_lockout_page(forged)
    # Someone else behind the same proxy logs in.
    other = post_login(client, "alice", RIGHT, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert other.status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, editor, settings):
    fail(client, "alice", 5)
    assert post_login(client, "alice", RIGHT).status_code == 429
    # Fifteen minutes and a second later (the refused right password counted too).
    earlier = timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES, seconds=1)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= earlier
        attempt.save(update_fields=["attempt_time"])
    response = post_login(client, "alice", RIGHT)
    assert response.status_code == 302 and response.url == "/"


def test_an_attempt_during_the_lockout_starts_the_wait_again(client, editor, settings):
    fail(client, "alice", 5)
    almost = timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES - 1)
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= almost
        attempt.save(update_fields=["attempt_time"])
    assert_lockout_page(post_login(client, "alice", "wrong"))
    # A minute later the first failures have aged out, but the new one has not.
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=1, seconds=1)
        attempt.save(update_fields=["attempt_time"])
    assert post_login(client, "alice", RIGHT).status_code == 429


@pytest.fixture
def administrator(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_an_administrator_unlocks_the_user_in_the_admin(client, editor, administrator):
    fail(client, "alice", 5)
    assert post_login(client, "alice", RIGHT).status_code == 429

    admin = Client(REMOTE_ADDR="198.51.100.7")
    admin.force_login(administrator)
    listing = admin.get("/admin/axes/accessattempt/?q=alice")
    assert listing.status_code == 200
    assert "Locked Out" in listing.content.decode()
    pks = list(AccessAttempt.objects.filter(username="alice").values_list("pk", flat=True))
    done = admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
    )
    assert done.status_code == 302
    assert not AccessAttempt.objects.filter(username="alice").exists()

    response = post_login(client, "alice", RIGHT)
    assert response.status_code == 302 and response.url == "/"


def test_the_admin_login_is_locked_out_too(client, administrator):
    url = "/admin/login/?next=/admin/"
    assert fail(client, "root", 4, url=url) == [200] * 4
    assert_lockout_page(post_login(client, "root", "wrong", url=url))
    assert_lockout_page(post_login(client, "root", RIGHT, url=url))
    assert client.get("/admin/").status_code == 302


def test_a_lockout_on_the_admin_login_also_closes_the_login_form(client, administrator):
    fail(client, "root", 5, url="/admin/login/")
    assert_lockout_page(post_login(client, "root", RIGHT))
