"""One brief per version and language: exporting a version in French makes the French brief
(the English one stays), written in French whatever language is active where it renders."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from briefs.models import Brief
from briefs.services import brief_produce, brief_request
from strategies.services.versions import version_approve
from tests.briefs.conftest import pdf_text

pytestmark = pytest.mark.django_db

FOR_HQ = {"subject": "version-1", "audience": "hq", "recipient": "DPPO desk"}


@pytest.fixture
def version(mission, strategy, hom):
    return version_approve(mission=mission, by=hom, note="The strategy HQ will read.")


def export(client, mission, headers=None, **data):
    return client.post(
        reverse("briefs:export", args=[mission.acronym]), {**FOR_HQ, **data}, headers=headers
    )


def test_english_and_french_exports_of_one_version_are_two_briefs_each_in_its_language(
    client, mission, version, desk, brief_media, tmp_path
):
    client.force_login(desk)
    export(client, mission, language="en")
    export(client, mission, language="fr")
    english = Brief.objects.get(requested_by=desk, language="en")
    french = Brief.objects.get(requested_by=desk, language="fr")
    assert english.pk != french.pk and english.version == french.version == version

    # Asked again, each language returns its own brief: made once per language.
    response = export(client, mission, language="fr")
    assert response["Location"] == reverse("briefs:detail", args=[mission.acronym, french.pk])
    assert Brief.objects.filter(version=version).count() == 2

    # The worker writes each in its own language, whatever language is active where it runs.
    with translation.override("en"):
        assert brief_produce(french.pk) == "ready"
    with translation.override("fr"):
        assert brief_produce(english.pk) == "ready"
    french.refresh_from_db()
    english.refresh_from_db()
    french_text = pdf_text(french.file.path, tmp_path)
    english_text = pdf_text(english.file.path, tmp_path)
    assert "Pays hôte" in french_text and "Quartier général" in french_text
    assert "Objectifs stratégiques" in french_text and "Page 2 sur" in french_text
    assert "Strategic objectives" not in french_text
    assert "Host country" in english_text and "Headquarters" in english_text
    assert "Strategic objectives" in english_text and "Page 2 of" in english_text
    assert "Objectifs stratégiques" not in english_text

    # The list says which brief is in which language, each named in its own.
    page = client.get(reverse("briefs:list", args=[mission.acronym])).content.decode()
    assert '<span lang="fr">Français</span>' in page
    assert '<span lang="en">English</span>' in page
    detail = client.get(reverse("briefs:detail", args=[mission.acronym, french.pk]))
    assert '<span lang="fr">Français</span>' in detail.content.decode()


def test_a_reader_of_the_french_interface_exports_in_french_unless_they_choose(
    client, mission, version, desk
):
    client.force_login(desk)
    french = {"accept-language": "fr"}
    form = client.get(reverse("briefs:list", args=[mission.acronym]), headers=french)
    assert '<option value="fr" lang="fr" selected>Français</option>' in form.content.decode()

    export(client, mission, headers=french)
    export(client, mission, headers=french, language="en")
    assert sorted(Brief.objects.values_list("language", flat=True)) == ["en", "fr"]


def test_a_language_not_offered_is_refused_beside_its_field(client, mission, version, desk):
    client.force_login(desk)
    response = export(client, mission, language="xx")
    assert response.status_code == 400
    assert 'id="brief-language-error"' in response.content.decode()
    assert not Brief.objects.exists()


def test_the_database_holds_one_live_brief_per_version_language_audience_and_reader(
    mission, version, desk
):
    english = brief_request(mission=mission, by=desk, version=version, language="en")
    french = brief_request(mission=mission, by=desk, version=version, language="fr-ca")
    assert french.brief.language == "fr" and not french.reused
    assert brief_request(mission=mission, by=desk, version=version, language="en").reused
    with pytest.raises(IntegrityError), transaction.atomic():
        Brief.objects.create(
            mission=mission,
            version=version,
            requested_by=desk,
            language="fr",
            audience=english.brief.audience,
        )
