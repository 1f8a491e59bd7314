"""Drafting: a recommendation on a task (in place with htmx or on its own page), bad input told
next to its field with nothing saved, a stale save told (409) and not overwritten, proposed
tasks, the covering note, and the approval that makes it all read-only until reopened."""

from __future__ import annotations

import re

import pytest

from renewals.models import ProposedTask, Recommendation, Renewal
from renewals.selectors import content_stamp
from tests.renewals.conftest import as_role, task

pytestmark = pytest.mark.django_db

URL = "/missions/UNTEST/renewal/"


def _post(client, target, data, **headers):
    return client.post(f"{URL}tasks/{target.pk}/", data, **headers)


def _error_after(page: str, field_id: str) -> str:
    """The error messages shown in the (invalid) field block holding ``field_id``."""
    blocks = re.split(r'(?=<(?:div|fieldset) class="field[ "])', page)
    block = next((b for b in blocks if f'id="{field_id}' in b), "")
    assert 'class="field field--invalid"' in block, f"no invalid field around {field_id}"
    return " ".join(re.findall(r'class="field__error"[^>]*>([^<]+)<', block))


def test_an_editor_recommends_in_place_and_the_page_shows_it(people, mandate, rated):
    editor = as_role("strategy_editor")
    target = task(mandate, "3 (a) (i)")
    form = editor.get(f"{URL}tasks/{target.pk}/?edit=1", HTTP_HX_REQUEST="true")
    assert form.status_code == 200
    assert 'hx-post="/missions/UNTEST/renewal/tasks/' in form.content.decode()

    response = _post(
        editor,
        target,
        {"action": "resequence", "phase": "2", "rationale": "Protection first, then the rest."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "Recommendation saved." in fragment and "to phase 2" in fragment
    assert 'id="renewal-status" aria-labelledby="status-title" hx-swap-oob="true"' in fragment
    saved = Recommendation.objects.get(task=target)
    assert (saved.action, saved.phase, saved.updated_by.username) == (
        "resequence",
        2,
        "strategy_editor",
    )

    page = editor.get(URL).content.decode()
    assert "Protection first, then the rest." in page
    # the objective it serves, its latest rating and trend, and the review's decision
    assert "Civilians are protected" in page and "On track" in page and "improving" in page
    assert "Resequence task" in page and "Protection first: move the task" in page


def test_without_javascript_the_form_has_its_own_page(people, mandate):
    editor = as_role("chief_of_staff")
    target = task(mandate, "4")
    page = editor.get(f"{URL}tasks/{target.pk}/?edit=1")
    assert page.status_code == 200
    assert "Recommendation on operative paragraph 4" in page.content.decode()
    response = _post(editor, target, {"action": "drop", "rationale": "Handed to the UNCT."})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}#task-{target.pk}"
    assert editor.get(f"{URL}tasks/{target.pk}/")["Location"] == f"{URL}#task-{target.pk}"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"rationale": "x"}, "action", "Choose what the mission recommends."),
        ({"action": "resequence", "rationale": "x"}, "phase", "Choose the phase"),
        ({"action": "resequence", "phase": "1", "rationale": "x"}, "phase", "already in phase 1"),
        ({"action": "reword", "wording": "", "rationale": "x"}, "wording", "Write the wording"),
        ({"action": "drop", "rationale": "  "}, "rationale", "Say why"),
        ({"action": "unmake_priority", "rationale": "x"}, "action", "is not a strategic"),
        ({"action": "drop", "rationale": "x" * 4001}, "rationale", "at most 4000"),
    ],
)
def test_bad_input_is_told_next_to_the_field_and_nothing_is_saved(
    people, mandate, data, field, message
):
    editor = as_role("strategy_editor")
    target = task(mandate, "3 (a) (i)")
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = _post(editor, target, data, **headers)
        assert response.status_code == 400
        page = response.content.decode()
        assert message in _error_after(page, f"rec-{target.pk}-{field}")
        assert "Nothing was saved." in page
    assert not Recommendation.objects.exists()
    assert not Renewal.objects.exists() or not Recommendation.objects.exists()


def test_rewording_must_change_the_words(people, mandate):
    editor = as_role("strategy_editor")
    target = task(mandate, "4")
    same = {"action": "reword", "wording": target.text.upper(), "rationale": "Clearer."}
    response = _post(editor, target, same)
    assert response.status_code == 400
    assert "current wording" in _error_after(response.content.decode(), f"rec-{target.pk}-wording")
    new = {**same, "wording": "To support the reform of the security sector, with the AU;"}
    assert _post(editor, target, new).status_code == 302
    assert Recommendation.objects.get(task=target).wording == new["wording"]


def test_a_stale_save_is_told_and_not_overwritten(people, mandate):
    chief, editor = as_role("chief_of_staff"), as_role("strategy_editor")
    target = task(mandate, "4")
    # Both open the form on no recommendation; the chief saves first.
    assert _post(chief, target, {"action": "keep", "rationale": ""}).status_code == 302
    response = _post(editor, target, {"action": "drop", "rationale": "Done."})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this after you opened it" in page
    assert re.search(r"<td>Keep</td><td><strong>Drop</strong></td>", page)
    assert Recommendation.objects.get(task=target).action == "keep"

    # Both read revision 1; the chief saves again; the editor's save at revision 1 is stale.
    assert (
        _post(chief, target, {"action": "keep", "rationale": "Core.", "revision": 1}).status_code
        == 302
    )
    stale = _post(editor, target, {"action": "drop", "rationale": "Done.", "revision": 1})
    assert stale.status_code == 409
    assert Recommendation.objects.get(task=target).rationale == "Core."
    # The form now carries the revision just shown: saving again is deliberate, and wins.
    revision = re.search(r'name="revision" value="(\d+)"', stale.content.decode()).group(1)
    again = _post(editor, target, {"action": "drop", "rationale": "Done.", "revision": revision})
    assert again.status_code == 302
    assert Recommendation.objects.get(task=target).action == "drop"


def test_a_recommendation_is_withdrawn_at_the_revision_read(people, mandate):
    editor = as_role("strategy_editor")
    target = task(mandate, "4")
    _post(editor, target, {"action": "keep", "rationale": ""})
    assert _post(editor, target, {"delete": "1", "revision": "7"}).status_code == 409
    assert Recommendation.objects.filter(task=target).exists()
    assert _post(editor, target, {"delete": "1", "revision": "1"}).status_code == 302
    assert not Recommendation.objects.filter(task=target).exists()


def test_proposed_tasks_are_added_edited_and_deleted(people, mandate, rated):
    editor = as_role("strategy_editor")
    add = f"{URL}mandates/{mandate.pk}/proposed/"
    response = editor.post(add, {"text": "  ", "rationale": "Why"})
    assert response.status_code == 400
    assert "Write the task" in _error_after(response.content.decode(), "proposed-new-text")
    assert not ProposedTask.objects.exists()

    text = "To support the national water authority in rebuilding irrigation networks;"
    response = editor.post(add, {"text": text, "rationale": "Floods.", "objectives": [rated.pk]})
    assert response.status_code == 302
    proposed = ProposedTask.objects.get()
    assert list(proposed.objectives.all()) == [rated]
    page = editor.get(URL).content.decode()
    assert text in page and "Floods." in page

    edit = f"{URL}proposed/{proposed.pk}/"
    assert editor.post(edit, {"text": "Changed", "revision": 1}).status_code == 302
    stale = editor.post(edit, {"text": "Mine", "revision": 1})
    assert stale.status_code == 409
    proposed.refresh_from_db()
    assert proposed.text == "Changed" and list(proposed.objectives.all()) == []
    assert editor.post(edit, {"delete": "1", "revision": 2}).status_code == 302
    assert not ProposedTask.objects.exists()
    assert as_role("desk_officer").post(add, {"text": text}).status_code == 403


def test_the_covering_note_is_saved_at_the_revision_read(people, mandate):
    chief, editor = as_role("chief_of_staff"), as_role("strategy_editor")
    note = f"{URL}mandates/{mandate.pk}/note/"
    assert chief.post(note, {"note": "Keep the mandate lean."}).status_code == 302
    assert Renewal.objects.get().note == "Keep the mandate lean."
    stale = editor.post(note, {"note": "Mine."})  # read before the chief's note existed
    assert stale.status_code == 409
    assert Renewal.objects.get().note == "Keep the mandate lean."
    revision = Renewal.objects.get().revision
    assert editor.post(note, {"note": "Both.", "revision": revision}).status_code == 302
    assert Renewal.objects.get().note == "Both."


def _approve(client, renewal, **changes):
    data = {"step": "approve", "revision": renewal.revision, "stamp": content_stamp(renewal)}
    data.update(changes)
    return client.post(f"{URL}mandates/{renewal.mandate_id}/status/", data)


def test_approval_makes_it_read_only_until_the_head_of_mission_reopens_it(people, mandate):
    editor, hom, desk = (as_role(r) for r in ("strategy_editor", "head_of_mission", "desk_officer"))
    target = task(mandate, "4")
    status_url = f"{URL}mandates/{mandate.pk}/status/"
    assert hom.post(status_url, {"step": "approve", "revision": 1}).status_code == 400
    _post(editor, target, {"action": "keep", "rationale": ""})
    renewal = Renewal.objects.get()

    # Read before the editor's next change: the approval is refused, nothing approved.
    read = content_stamp(renewal)
    _post(editor, task(mandate, "2"), {"action": "drop", "rationale": "Done."})
    response = _approve(hom, renewal, stamp=read)
    assert response.status_code == 409
    assert "Someone changed the recommendations" in response.content.decode()
    renewal.refresh_from_db()
    assert renewal.status == "draft"

    assert _approve(hom, renewal).status_code == 302
    renewal.refresh_from_db()
    assert renewal.status == "approved" and renewal.approved_by.username == "head_of_mission"
    page = editor.get(URL).content.decode()
    assert "Approved by" in page and "Recommend<span" not in page

    refused = _post(editor, target, {"action": "drop", "rationale": "Changed my mind."})
    assert refused.status_code == 400
    assert "approved" in refused.content.decode()
    assert Recommendation.objects.get(task=target).action == "keep"
    assert editor.get(f"{URL}tasks/{target.pk}/?edit=1").status_code == 302
    # comments stay open
    comment = desk.post(f"{URL}mandates/{mandate.pk}/comments/", {"body": "Agreed."})
    assert comment.status_code == 302

    assert editor.post(status_url, {"step": "reopen", "revision": 2}).status_code == 403
    assert hom.post(status_url, {"step": "reopen", "revision": renewal.revision}).status_code == 302
    renewal.refresh_from_db()
    assert renewal.status == "draft" and renewal.approved_at is None
    again = {"action": "drop", "rationale": "Now.", "revision": 1}
    assert _post(editor, target, again).status_code == 302


def test_a_comment_on_one_recommendation_is_shown_with_it(people, mandate):
    editor, desk = as_role("strategy_editor"), as_role("desk_officer")
    target = task(mandate, "4")
    _post(editor, target, {"action": "drop", "rationale": "Done."})
    recommendation = Recommendation.objects.get()
    url = f"{URL}mandates/{mandate.pk}/comments/"
    empty = desk.post(url, {"body": " ", "about": recommendation.pk})
    assert empty.status_code == 400
    assert "Write the comment." in _error_after(empty.content.decode(), "comment-body")
    assert desk.post(url, {"body": "HQ would keep it.", "about": recommendation.pk}).status_code
    page = desk.get(URL).content.decode()
    assert "HQ would keep it." in page and "on OP 4" in page and "1 comment" in page


def test_the_history_names_each_change(people, mandate):
    editor = as_role("strategy_editor")
    _post(editor, task(mandate, "4"), {"action": "drop", "rationale": "Done."})
    page = editor.get(f"{URL}history/").content.decode()
    assert "OP 4" in page and "Renewal recommendation" in page and "created" in page
    _post(editor, task(mandate, "4"), {"action": "keep", "rationale": "", "revision": 1})
    page = editor.get(f"{URL}history/").content.decode()
    assert re.search(r"<td class=\"history__before\">Drop</td>\s*<td>Keep</td>", page)
