"""The login screen speaks the visitor's language: French when asked, English otherwise."""

import pytest

pytestmark = pytest.mark.django_db


def test_login_page_in_french(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert '<h1 id="login-title">Se connecter</h1>' in html
    assert '<button type="submit" class="button">Se connecter</button>' in html
    assert "Log in" not in html


def test_login_page_in_english(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert '<h1 id="login-title">Log in</h1>' in html
    assert '<button type="submit" class="button">Log in</button>' in html
    assert "Se connecter" not in html
