"""The "Sign-in security" page: see the second factor, make new recovery codes, remove it when
the role does not require it."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.second_factor_helpers import authenticator, current_code, recovery_codes
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

SECURITY = "/accounts/security/"


def verified(client, user, device) -> None:
    client.force_login(user)
    assert (
        client.post("/accounts/second-factor/", {"code": current_code(device)}).status_code == 302
    )


def test_the_user_menu_links_to_it(client, editor):
    client.force_login(editor)
    assert f'href="{SECURITY}"' in client.get("/").content.decode()


def test_without_a_second_factor_it_offers_to_set_one_up(client, editor):
    client.force_login(editor)
    html = client.get(SECURITY).content.decode()
    assert "No second factor is set up." in html
    assert 'href="/accounts/second-factor/set-up/"' in html


def test_it_shows_the_authenticator_and_the_codes_left(client, editor):
    device = authenticator(editor)
    recovery_codes(editor, ["aaaa2222", "bbbb3333", "cccc4444"])
    verified(client, editor, device)
    html = client.get(SECURITY).content.decode()
    assert "An authenticator app is set up" in html
    assert "3 recovery codes left." in html
    assert "Remove the second factor" in html


def test_new_recovery_codes_replace_the_old_and_are_shown_once(client, editor):
    device = authenticator(editor)
    recovery_codes(editor, ["aaaa2222"])
    verified(client, editor, device)
    response = client.post("/accounts/security/recovery-codes/")
    assert response.url == "/accounts/second-factor/recovery-codes/"
    codes = set(StaticToken.objects.values_list("token", flat=True))
    assert len(codes) == 10 and "aaaa2222" not in codes
    html = client.get(response.url).content.decode()
    assert all(f"{code[:4].upper()}-{code[4:].upper()}" in html for code in codes)


def test_it_refuses_get_on_actions(client, editor):
    client.force_login(editor)
    assert client.get("/accounts/security/recovery-codes/").status_code == 405
    assert client.get("/accounts/security/remove/").status_code == 405


def test_someone_not_required_removes_it(client, editor, settings):
    settings.REQUIRE_SECOND_FACTOR = True
    device = authenticator(editor)
    recovery_codes(editor, ["aaaa2222"])
    verified(client, editor, device)
    response = client.post("/accounts/security/remove/")
    assert response.url == SECURITY
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticToken.objects.exists()
    assert client.get("/").status_code == 200


def test_a_head_of_mission_cannot_remove_it(client, mission, settings):
    settings.REQUIRE_SECOND_FACTOR = True
    hom = MembershipFactory(mission=mission, role="head_of_mission").user
    device = authenticator(hom)
    verified(client, hom, device)
    html = client.get(SECURITY).content.decode()
    assert "Remove the second factor" not in html
    assert "Your role requires a second factor" in html
    assert client.post("/accounts/security/remove/").status_code == 403
    assert TOTPDevice.objects.filter(user=hom).exists()


def test_the_page_needs_the_code_first_for_someone_with_an_authenticator(client, editor):
    authenticator(editor)
    client.force_login(editor)
    assert client.get(SECURITY).url.startswith("/accounts/second-factor/")
    assert client.post("/accounts/security/recovery-codes/").status_code == 302
    assert not StaticToken.objects.exists()
