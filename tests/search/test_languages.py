"""A French word is found in a French note by another inflection, an English word in an English
text by its stem, whatever the accents; the match is marked in the snippet, and nothing the
record says becomes markup."""

from __future__ import annotations

import pytest

from search.selectors import snippet_html
from tests.factories import ObjectiveFactory, PositionFactory, StakeholderFactory
from tests.search.conftest import as_role, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(mission, people):
    objective = ObjectiveFactory(
        mission=mission,
        code="O1",
        title="Civilians are protected",
        description="The mediators keep the parties talking in the east.",
    )
    stakeholder = StakeholderFactory(mission=mission, name="Union des forces du Nord")
    PositionFactory(
        stakeholder=stakeholder,
        objective=objective,
        note="Les négociations reprennent à Goma après la trêve.",
    )
    return objective, stakeholder


@pytest.mark.parametrize("words", ["négociation", "negociation", "NÉGOCIATIONS"])
def test_a_french_inflection_finds_the_french_note(records, words):
    response = search(as_role("viewer"), words)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Stakeholder positions" in page
    assert "Union des forces du Nord on O1" in page
    assert "<mark>négociations</mark>" in page
    assert "Civilians are protected</a>" not in page  # the objective does not match


def test_an_english_stem_finds_the_english_text(records):
    page = search(as_role("viewer"), "mediation").content.decode()
    assert 'href="/missions/UNTEST/objectives/' in page
    assert "<mark>mediators</mark>" in page
    assert "Stakeholder positions" not in page


def test_a_phrase_and_an_excluded_word(records):
    client = as_role("viewer")
    assert "<mark>" in search(client, '"parties talking"').content.decode()
    assert "<mark>" not in search(client, '"talking parties"').content.decode()
    assert "<mark>" not in search(client, "mediators -east").content.decode()


def test_what_the_record_says_is_escaped(mission, people):
    ObjectiveFactory(
        mission=mission,
        title='<script>alert("x")</script> ceasefire',
        description="<b>ceasefire</b> \ue000held\ue001 &amp;",
    )
    page = search(as_role("viewer"), "ceasefire").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    assert "<b>" not in page
    assert "<mark>ceasefire</mark>" in page


def test_only_the_markers_become_markup():
    marked = snippet_html('<b>x</b> & \ue000y\ue001 \ue001z\ue000 "\ue000')
    assert marked == "&lt;b&gt;x&lt;/b&gt; &amp; <mark>y</mark> z &quot;"
