"""The import preview marks procedural paragraphs (guessed, or carried from the previous
mandate's matching task); the person corrects the marks, and what they confirm is saved.
A renewal's matched tasks also keep their phase."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mandates.forms import MandateConfirmForm
from mandates.models import Mandate
from mandates.parsing import parse_resolution
from mandates.selectors import renewal_match
from mandates.services import mandate_import
from tests.mandates import resolutions
from tests.mandates.resolutions import RES_2729, RES_2775, as_text

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def import_url() -> str:
    return reverse("mandates:import", kwargs={"acronym": "UNTEST"})


def confirm_url() -> str:
    return reverse("mandates:import_confirm", kwargs={"acronym": "UNTEST"})


def checked(body: str, name: str) -> bool:
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', body)
    assert tag, name
    return " checked" in tag.group(0)


def row_of(body: str, key: str) -> str:
    start = body.index(f'id="{key}"')
    return body[start : body.index("</li>", start)]


def preview_data(mission, text: str, **changes: Any) -> dict[str, Any]:
    """What the preview posts back, as shown (with what a renewal carries), plus ``changes``."""
    parsed = parse_resolution(text)
    data = MandateConfirmForm.data_for(
        parsed,
        text=text,
        source_name="pasted text",
        renewal=renewal_match(mission=mission, parsed=parsed),
    )
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def procedural_refs(mandate: Mandate) -> set[str]:
    return set(mandate.tasks.filter(is_procedural=True).values_list("reference", flat=True))


def test_the_preview_marks_the_guessed_procedural_paragraphs(editor):
    body = client_for(editor).post(import_url(), {"text": as_text(RES_2729)}).content.decode()
    assert checked(body, "op-1-procedural")  # extends the mandate
    assert checked(body, "op-7-procedural")  # report every 90 days
    assert checked(body, "op-8-procedural")  # remains seized
    assert not checked(body, "op-3-a-i-procedural")
    assert not checked(body, "op-5-procedural")  # ensure capacities: work to do
    assert "Guessed procedural: extends the mandate." in row_of(body, "op-1")
    assert "Guessed procedural: asks the Secretary-General to report or brief." in row_of(
        body, "op-7"
    )
    # The checkbox is named for its paragraph and described by the guess.
    assert 'aria-describedby="op-1-procedural-help"' in row_of(body, "op-1")
    # The tasks counted are the ones that give the mission work; the procedural stand apart.
    tasks = len(resolutions.RES_2729_TREE) - 3
    assert re.search(rf"<dt>Mandated tasks</dt><dd>{tasks}</dd>", body)
    assert re.search(r"<dt>Procedural paragraphs</dt><dd>3</dd>", body)
    assert not Mandate.objects.exists()


def test_the_confirmed_marks_are_saved_not_the_guess(editor, mission):
    text = as_text(RES_2729)
    # The person unticks OP 7 (they will draft the input, they say) and ticks OP 6.
    data = preview_data(mission, text, **{"op-7-procedural": None, "op-6-procedural": "on"})
    response = client_for(editor).post(confirm_url(), data)
    assert response.status_code == 302
    mandate = Mandate.objects.get(mission=mission)
    assert procedural_refs(mandate) == {"1", "6", "8"}
    assert mandate.tasks.count() == len(resolutions.RES_2729_TREE)  # still on the mandate


def test_a_preview_sent_back_with_an_error_keeps_the_marks_chosen(editor, mission):
    text = as_text(RES_2729)
    data = preview_data(mission, text, symbol="", **{"op-1-procedural": None})
    response = client_for(editor).post(confirm_url(), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert not checked(body, "op-1-procedural") and checked(body, "op-8-procedural")
    # The counts follow the marks as the person left them, not the guess.
    assert re.search(r"<dt>Procedural paragraphs</dt><dd>2</dd>", body)
    assert not Mandate.objects.exists()


def test_a_renewal_carries_the_earlier_marks_and_phases_of_matched_tasks(editor, mission):
    client = client_for(editor)
    first_text = as_text(RES_2729)
    client.post(confirm_url(), preview_data(mission, first_text, **{"op-7-procedural": None}))
    first = Mandate.objects.get(mission=mission)
    first.tasks.filter(reference="3 (b) (iv)").update(phase=2)
    first.tasks.filter(reference="4 (a)").update(phase=3)

    # The renewal's OP 8 matches the first's OP 7, which the person made a task: the preview
    # shows it unticked, saying why; its other marks are as before or guessed.
    renewal_text = as_text(RES_2775)
    body = client.post(import_url(), {"text": renewal_text}).content.decode()
    assert not checked(body, "op-8-procedural")
    assert "A task, as OP 7 of S/RES/2729 (2024) was." in row_of(body, "op-8")
    assert checked(body, "op-9-procedural")
    assert "Procedural as OP 8 of S/RES/2729 (2024) was." in row_of(body, "op-9")
    assert "Guessed procedural" not in row_of(body, "op-9")

    response = client.post(confirm_url(), preview_data(mission, renewal_text))
    assert response.status_code == 302
    renewal = Mandate.objects.get(symbol="S/RES/2775 (2025)")
    assert procedural_refs(renewal) == {"1", "9"}
    phases = dict(renewal.tasks.exclude(phase=None).values_list("reference", "phase"))
    assert phases == {"4 (b) (iv)": 2, "5 (a)": 3}  # renumbered, matched by wording


def test_an_import_without_preview_keeps_the_earlier_corrections(editor, mission):
    """The command and the API import what was read: a matched task's earlier mark wins
    over the guess, as the preview would have shown it."""
    first = mandate_import(mission=mission, parsed=parse_resolution(as_text(RES_2729)), by=editor)
    first.tasks.filter(reference="7").update(is_procedural=False)
    first.tasks.filter(reference="6").update(is_procedural=True)
    renewal = mandate_import(mission=mission, parsed=parse_resolution(as_text(RES_2775)), by=editor)
    assert procedural_refs(renewal) == {"1", "7", "9"}  # old 6 is 7 now, old 7 is 8
    # A procedural task is not one to review, whatever the renewal did to its wording.
    assert not renewal.tasks.filter(is_procedural=True).exclude(review_reason="").exists()
