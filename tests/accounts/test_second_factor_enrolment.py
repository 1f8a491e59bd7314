"""Setting up the authenticator: a QR code drawn on the server (and the key in text), confirmed
by a first code, then recovery codes shown once."""

from __future__ import annotations

import re
from base64 import b32encode

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.second_factor_helpers import (
    authenticator,
    current_code,
    end_throttle,
    wrong_code,
)

pytestmark = pytest.mark.django_db

ENROL = "/accounts/second-factor/set-up/"


def test_the_page_shows_a_qr_code_and_the_key_and_keeps_them_on_reload(client, hom):
    client.force_login(hom)
    html = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=hom, confirmed=False)
    secret = b32encode(device.bin_key).decode()
    assert re.search(r'<svg width="\d+" height="\d+"[^>]*><title>', html)
    assert "<title>QR code for your authenticator app</title>" in html
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html
    assert "Your role lets you approve or sign off" in html
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=hom).count() == 1


def test_a_first_code_confirms_and_recovery_codes_are_shown_once(client, hom):
    client.force_login(hom)
    client.get(f"{ENROL}?next=/missions/UNTEST/")
    device = TOTPDevice.objects.get(user=hom)

    refused = client.post(ENROL, {"code": wrong_code(device), "next": "/missions/UNTEST/"})
    assert refused.status_code == 200
    assert '<p class="field__error">That code is not right.' in refused.content.decode()
    assert client.get("/").status_code == 302
    end_throttle(device)

    response = client.post(ENROL, {"code": current_code(device), "next": "/missions/UNTEST/"})
    assert response.status_code == 302
    assert response.url == "/accounts/second-factor/recovery-codes/?next=%2Fmissions%2FUNTEST%2F"
    device.refresh_from_db()
    assert device.confirmed

    html = client.get(response.url).content.decode()
    codes = set(StaticToken.objects.filter(device__user=hom).values_list("token", flat=True))
    assert len(codes) == 10
    # Shown in capitals in two groups of four, for reading aloud or copying by hand.
    assert all(f"<code>{code[:4].upper()}-{code[4:].upper()}</code>" in html for code in codes)
    assert 'href="/missions/UNTEST/"' in html
    # Shown once: a second look shows none.
    again = client.get(response.url).content.decode()
    assert not any(code[4:].upper() in again for code in codes)
    assert "shown only once" in again
    # The session that enrolled is verified.
    assert client.get("/missions/UNTEST/").status_code == 200


def test_a_password_alone_cannot_replace_an_authenticator(client, hom):
    authenticator(hom)
    client.force_login(hom)
    response = client.get(ENROL)
    assert response.status_code == 302 and response.url == "/accounts/second-factor/?next=%2F"
    assert client.post(ENROL, {"code": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=hom).count() == 1


def test_moving_to_another_phone_replaces_the_old_authenticator(client, hom):
    old = authenticator(hom)
    client.force_login(hom)
    client.post("/accounts/second-factor/", {"code": current_code(old)})
    client.get(ENROL)
    new = TOTPDevice.objects.get(user=hom, confirmed=False)
    assert client.post(ENROL, {"code": current_code(new)}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=hom).values_list("pk", flat=True)) == [new.pk]
