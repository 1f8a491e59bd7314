"""An approved version reads back as its frozen snapshot, read-only."""

from __future__ import annotations

import pytest

from strategies.models import Objective
from strategies.services.versions import version_approve
from tests.strategies.versions_support import build_strategy


@pytest.mark.django_db
def test_the_version_page_shows_the_snapshot_read_only(client, mission, hom, reader):
    build_strategy(mission)
    version_approve(mission=mission, by=hom, note="Our first strategy.")
    Objective.objects.filter(mission=mission, code="O1").update(title="Renamed after approval")
    client.force_login(reader)

    response = client.get("/missions/UNTEST/versions/1/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Version 1" in html
    assert "Our first strategy." in html
    assert "A political settlement" in html  # as approved, not as edited since
    assert "Renamed after approval" not in html
    assert "The parties stay at the table." in html
    assert "Civil Affairs" in html
    assert "Land disputes" in html
    assert "Elections held peacefully." in html
    assert "African Union" in html
    assert "<form" not in html.split('<main id="main"')[1].split("</main>")[0]


@pytest.mark.django_db
def test_a_missing_version_is_404(client, mission, reader):
    client.force_login(reader)
    assert client.get("/missions/UNTEST/versions/3/").status_code == 404
