"""Each interface language's catalogue is complete, well formed and compiled."""

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
# Plural forms each language needs: Arabic has six (none, one, two, few, many, other).
PLURALS = {"fr": 2, "es": 2, "ar": 6}


def po(language: str) -> Path:
    return Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"


def test_every_offered_language_has_its_catalogue():
    assert {"fr", "es", "ar"} <= set(LANGUAGES)
    assert set(LANGUAGES) == set(PLURALS)
    for language in LANGUAGES:
        assert po(language).exists(), language


@pytest.fixture
def msgfmt():
    """GNU gettext's msgfmt reads the catalogue (.ci/run installs it): never a silent skip."""
    assert shutil.which("msgfmt"), "msgfmt not found: apt-get install gettext"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_keeps_its_placeholders(msgfmt, language):
    text = po(language).read_text()
    assert f"nplurals={PLURALS[language]};" in text
    result = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", "/dev/null", str(po(language))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "translated messages" in result.stderr
    assert "fuzzy" not in result.stderr, result.stderr
    assert "untranslated" not in result.stderr, result.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_is_compiled_from_the_po(msgfmt, tmp_path, language):
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(po(language))], check=True)
    with fresh.open("rb") as f:
        expected = gettext.GNUTranslations(f)._catalog
    with po(language).with_suffix(".mo").open("rb") as f:
        committed = gettext.GNUTranslations(f)._catalog
    assert committed == expected, f"run manage.py compilemessages -l {language}"
