"""In an Arabic brief, a block written in English (an objective, a marker, a decision's
rationale) is laid out left to right, so its full stop stays at its end; Arabic words, headers
and codes keep the page's right-to-left direction. An English brief is left as it is."""

from __future__ import annotations

import pytest
from django.utils import translation
from weasyprint import HTML

from briefs.bidi import orient_blocks, runs_left_to_right
from briefs.content import Subject
from briefs.rendering import render_html
from strategies.models import Objective

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "left_to_right"),
    [
        ("O3 adjusted: priority, phase.", True),
        ("O3 · تعديل الأولوية", False),  # the code before Arabic words does not count
        ("الأحدث 3140 combatants؛ الغاية 6500 combatants", False),  # first words decide
        ("  2.1 (2026) — Local agreements", True),
        ("12 / 14", False),  # digits alone: the page's direction
        ("", False),
    ],
)
def test_the_first_words_decide_the_direction(text, left_to_right):
    assert runs_left_to_right(text) is left_to_right


def blocks(html: str):
    root = HTML(string=html).etree_element
    orient_blocks(root)
    return root


def test_english_content_in_an_arabic_brief_runs_left_to_right(mission, strategy):
    objective = Objective.objects.filter(mission=mission).order_by("code").first()
    with translation.override("ar"):
        root = blocks(render_html(Subject(mission)))
    cells = [
        td for td in root.iter("td") if "".join(td.itertext()).strip().startswith(objective.title)
    ]
    assert cells and all(td.get("dir") == "ltr" for td in cells)
    headers = list(root.iter("th"))
    assert headers and all(th.get("dir") is None for th in headers)
    arabic = [p for p in root.iter("p") if runs_left_to_right("".join(p.itertext())) is False]
    assert arabic and all(p.get("dir") is None for p in arabic)


def test_an_english_brief_is_left_as_it_is(mission, strategy):
    with translation.override("en"):
        root = blocks(render_html(Subject(mission)))
    assert all(element.get("dir") is None for element in root.iter() if element.tag != "html")
