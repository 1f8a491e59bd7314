"""Whatever is typed in the box, the page answers: quotes and operators are words, a search
too long or holding a NUL is refused with a message, an empty box shows what can be found."""

from __future__ import annotations

import pytest

from tests.factories import ObjectiveFactory
from tests.search.conftest import as_role, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(mission, people):
    ObjectiveFactory(mission=mission, code="O1", title="Ceasefire holds in the north")
    return as_role("viewer")


@pytest.mark.parametrize(
    "words",
    [
        "'",
        '"',
        '"ceasefire',
        "ceasefire'; DROP TABLE strategies_objective; --",
        "ceasefire & | ! <-> :* ( ) \\",
        "!!!",
        "-",
        "or",
        "ceasefire or",
        "-ceasefire",
        "ceas:*",
        "é" * 200,
        "%_%",
        "\ue000ceasefire\ue001",
        "ceasefire\u200b",
        "🙂 ceasefire",
    ],
)
def test_odd_words_never_fail(viewer, words):
    response = search(viewer, words)
    assert response.status_code == 200
    assert "Search UNTEST" in response.content.decode()


def test_operators_are_read_as_a_web_search(viewer):
    assert "O1 Ceasefire holds" in search(viewer, "ceasefire or nonsense").content.decode()
    assert "O1 Ceasefire holds" not in search(viewer, "ceasefire -north").content.decode()


def test_a_search_too_long_is_refused_next_to_the_box(viewer):
    response = search(viewer, "ceasefire " * 30)  # 299 once stripped
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="field field--invalid"' in page
    assert "Search for at most 200 characters (this is 299)." in page
    assert "O1 Ceasefire holds" not in page


def test_a_nul_byte_is_refused(viewer):
    assert search(viewer, "cease\x00fire").status_code == 400


def test_an_empty_box_shows_what_can_be_found(viewer):
    for words in ("", "   "):
        response = search(viewer, words)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Type words to find in UNTEST" in page
        assert "Stakeholder positions" in page


def test_only_common_words_say_so(viewer):
    for words in ("the", "de la", "the and of"):
        page = search(viewer, words).content.decode()
        assert "only words too common to search for" in page
        assert "O1 Ceasefire" not in page


def test_an_unknown_kind_reads_as_every_kind(viewer):
    for kind in ("nope", "x" * 40, "objectives'"):
        response = search(viewer, "ceasefire", kind=kind)
        assert response.status_code == 200
        assert "O1 Ceasefire holds" in response.content.decode()


def test_what_was_searched_is_said_when_nothing_matches(viewer):
    page = search(viewer, "<img src=x onerror=alert(1)> zebra").content.decode()
    assert "Nothing in UNTEST that you may read matches" in page
    assert "&lt;img src=x onerror=alert(1)&gt; zebra" in page
    assert "<img src=x" not in page
