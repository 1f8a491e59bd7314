"""The review-cycle screens (reviews, portfolio, briefs, notifications) read in French when
French is chosen."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from reviews.models import Review

NBSP = "\u00a0"


def _french_client(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    return client


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert '<html lang="fr"' in html
    return html


@pytest.mark.django_db
def test_review_screens_read_in_french(client, demo):
    french = _french_client(client, "chief")
    reviews = _page(french, "/missions/UNSMK/reviews/")
    assert "Examens de la stratégie" in reviews
    assert "Historique des examens" in reviews
    assert f"Tendances{NBSP}:" in reviews
    assert "Review history" not in reviews

    review = (
        Review.objects.filter(mission__acronym="UNSMK", status="signed_off")
        .order_by("-period_start")
        .first()
    )
    workspace = _page(french, review.get_absolute_url())
    assert "Évolutions depuis le dernier examen" in workspace
    assert "What the review concluded" not in workspace  # its summary, in French too
    assert "Cet examen est validé et en lecture seule." in workspace
    assert "What moved since the last review" not in workspace

    briefs = _page(french, "/missions/UNSMK/briefs/")
    assert "Notes d'information de cette mission" in briefs
    assert "Exporter la note d'information" in briefs

    notifications = _page(french, "/notifications/")
    assert "Toutes les notifications" in notifications


@pytest.mark.django_db
def test_portfolio_reads_in_french(client, demo):
    html = _page(_french_client(client, "desk"), "/portfolio/")
    assert "Alertes de pilotage automatique" in html
    assert "Dernière note d'information" in html
    assert "Autopilot flags" not in html
