"""Refusals are pages of the app, in the reader's language, not the server's bare defaults."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_member_without_the_right_gets_the_apps_403_page(client, mission, reader):
    client.force_login(reader)
    response = client.get(f"/missions/{mission.acronym}/objectives/new/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "You may not do this" in html
    assert 'href="/"' in html  # back to My missions, inside the app's layout


def test_an_outsider_gets_the_apps_404_page(client, mission, outsider):
    client.force_login(outsider)
    response = client.get(f"/missions/{mission.acronym}/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
