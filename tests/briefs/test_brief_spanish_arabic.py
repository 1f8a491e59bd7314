"""Spanish and Arabic briefs: written in their language, Arabic laid out right to left, times
in the mission's zone with its label on the cover and at the foot of every page alike."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from briefs.models import Brief
from briefs.services import brief_produce
from strategies.services.versions import version_approve
from tests.briefs.conftest import pdf_text
from tests.briefs.test_brief_languages import export

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(mission, strategy, hom):
    return version_approve(mission=mission, by=hom, note="The strategy HQ will read.")


@pytest.mark.parametrize(
    ("language", "words", "direction"),
    [
        ("es", ["País anfitrión", "Objetivos estratégicos", "Página 2 de"], "ltr"),
        ("ar", ["البلد المضيف", "الصفحة"], "rtl"),
    ],
)
def test_a_brief_in_spanish_or_arabic(
    client, mission, version, desk, brief_media, tmp_path, language, words, direction
):
    client.force_login(desk)
    export(client, mission, language=language)
    brief = Brief.objects.get(requested_by=desk, language=language)
    with translation.override("en"):
        assert brief_produce(brief.pk) == "ready"
    brief.refresh_from_db()
    text = pdf_text(brief.file.path, tmp_path)
    for expected in words:
        assert expected in text, expected
    assert "Strategic objectives" not in text and "Host country" not in text
    # The cover and the foot of each page give the same time, with the mission's zone label.
    zone = brief.created_at.astimezone(mission.zone).tzname()
    # pdftotext marks right-to-left runs with bidi controls and may put the zone first.
    plain = re.sub("[\u202a-\u202e]", "", text)
    stamps = re.findall(r"\d{2}:\d{2}", plain)
    assert len(stamps) >= 3 and plain.count(zone) >= len(stamps), plain[:2000]
    assert len(set(stamps)) == 1, stamps

    from briefs.content import Subject
    from briefs.rendering import render_html

    with translation.override(language):
        html = render_html(Subject(mission, version=version))
    assert f'<html lang="{language}" dir="{direction}">' in html
