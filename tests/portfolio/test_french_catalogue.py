"""The French catalogue is complete, well formed and compiled, and the review-cycle screens
(reviews, portfolio, briefs, notifications) read in French when French is chosen."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from reviews.models import Review

PO = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
NBSP = "\u00a0"


@pytest.fixture
def msgfmt():
    """GNU gettext's msgfmt reads the catalogue (.ci/run installs it): never a silent skip."""
    assert shutil.which("msgfmt"), "msgfmt not found: apt-get install gettext"


def test_every_message_is_translated_and_keeps_its_placeholders(msgfmt):
    result = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "translated messages" in result.stderr
    assert "fuzzy" not in result.stderr, result.stderr
    assert "untranslated" not in result.stderr, result.stderr


def test_the_committed_mo_is_compiled_from_the_po(msgfmt, tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(PO)], check=True)
    with fresh.open("rb") as f:
        expected = gettext.GNUTranslations(f)._catalog
    with MO.open("rb") as f:
        committed = gettext.GNUTranslations(f)._catalog
    assert committed == expected, "run manage.py compilemessages -l fr"


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
    assert "Ordre du jour" in workspace
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
