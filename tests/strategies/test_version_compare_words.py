"""The version compare marks the words that changed in a text, not the whole paragraph."""

from __future__ import annotations

import re

import pytest

from strategies.models import Objective
from strategies.selectors.version_compare import word_diff
from strategies.services.versions import version_approve
from tests.strategies.versions_support import build_strategy

PARAGRAPH = (
    "The parties return to the table in Karsh.\n"
    "Talks resume under African Union auspices, with the guarantors present."
)
SENTENCE = "A ceasefire holds in the north."
WITH_SENTENCE = PARAGRAPH.replace("Karsh.", f"Karsh. {SENTENCE}")


def marked(runs, op: str) -> list[str]:
    return [text for kind, text in runs if kind == op]


def test_a_sentence_added_to_a_paragraph_is_the_only_insertion():
    before, after = word_diff(PARAGRAPH, WITH_SENTENCE)

    assert marked(after, "insert") == [SENTENCE]
    assert marked(before, "delete") == []
    # Both sides read back exactly as written, line break included.
    assert "".join(text for _, text in before) == PARAGRAPH
    assert "".join(text for _, text in after) == WITH_SENTENCE


def test_a_word_replaced_mid_sentence_is_the_only_word_marked():
    before, after = word_diff(PARAGRAPH, PARAGRAPH.replace("resume", "restart"))

    assert marked(before, "delete") == ["resume"]
    assert marked(after, "insert") == ["restart"]


def test_a_rewrite_with_little_in_common_is_marked_whole():
    before, after = word_diff("Medium", "High")

    assert before == (("delete", "Medium"),)
    assert after == (("insert", "High"),)


def test_an_empty_side_is_shown_as_it_is():
    before, after = word_diff("—", "Donors stay.")

    assert before == (("equal", "—"),)
    assert after == (("insert", "Donors stay."),)


HIDDEN = re.compile(r'<span class="visually-hidden">[^<]*</span>')


def description_row(html: str) -> tuple[str, str]:
    """The before and after cells of the Description row of the compare page."""
    row = re.search(
        r'<th scope="row">Description</th>\s*'
        r'<td class="change__before">(.*?)</td>\s*<td class="change__after">(.*?)</td>',
        html,
        re.S,
    )
    assert row, "the compare page has no Description row"
    return row.group(1), row.group(2)


def marks(cell: str, tag: str) -> list[str]:
    return [HIDDEN.sub("", inner) for inner in re.findall(rf"<{tag}>(.*?)</{tag}>", cell, re.S)]


@pytest.mark.django_db
def test_the_compare_page_marks_only_the_added_sentence(client, mission, hom, reader):
    objectives = build_strategy(mission)
    Objective.objects.filter(pk=objectives["o1"].pk).update(description=PARAGRAPH)
    version_approve(mission=mission, by=hom, note="One.")
    Objective.objects.filter(pk=objectives["o1"].pk).update(description=WITH_SENTENCE)
    client.force_login(reader)

    html = client.get("/missions/UNTEST/versions/compare/?from=1&to=draft").content.decode()

    before, after = description_row(html)
    assert marks(after, "ins") == [SENTENCE]
    assert "<del" not in before and "<del" not in after
    # Screen readers hear what is marked, not only see it.
    assert '<ins><span class="visually-hidden">inserted: </span>' in after
    # The untouched text is there, line break kept, unmarked.
    assert "in Karsh.<br>" in before
    assert "Talks resume under African Union auspices" in after


@pytest.mark.django_db
def test_the_compare_page_escapes_the_words_it_marks(client, mission, hom, reader):
    objectives = build_strategy(mission)
    Objective.objects.filter(pk=objectives["o1"].pk).update(description=PARAGRAPH)
    version_approve(mission=mission, by=hom, note="One.")
    hostile = PARAGRAPH.replace("Karsh.", 'Karsh. <script>alert("x")</script> & <b>more</b>')
    Objective.objects.filter(pk=objectives["o1"].pk).update(description=hostile)
    client.force_login(reader)

    html = client.get("/missions/UNTEST/versions/compare/?from=1&to=draft").content.decode()

    _, after = description_row(html)
    assert "<script>" not in after and "<b>" not in after
    assert marks(after, "ins") == [
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;more&lt;/b&gt;"
    ]
