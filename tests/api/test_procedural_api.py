"""Procedural paragraphs over the API: each paragraph's flag in the import preview (guessed, or
carried from the previous mandate), the caller's corrections on confirm, the flag on every
task read, and written on /api/v1/tasks/ by the alignment screen's rule."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mandates.models import Mandate, MandatedTask, MandateImportJob
from mandates.parsing import parse_resolution
from mandates.services import import_job_read, mandate_import
from strategies.models import Objective, TaskAlignment
from tests.api.conftest import if_match
from tests.factories import MandateFactory, MembershipFactory, ObjectiveFactory, TaskFactory
from tests.mandates import resolutions
from tests.mandates.conftest import media_for_imports
from tests.mandates.resolutions import RES_2729, RES_2775, as_text

pytestmark = pytest.mark.django_db

IMPORT = "/api/v1/mandates/import/"


@pytest.fixture(autouse=True)
def import_media(settings, tmp_path, monkeypatch):
    return media_for_imports(settings, tmp_path, monkeypatch)


def procedural_refs(mandate: Mandate) -> set[str]:
    return set(mandate.tasks.filter(is_procedural=True).values_list("reference", flat=True))


def preview(api, text: str, **extra) -> dict:
    body = {"mission": "UNTEST", "text": text, "dry_run": True, **extra}
    response = api.post(IMPORT, body, format="json")
    assert response.status_code == 200, response.json()
    return {p["reference"]: p for p in response.json()["paragraphs"]}


# -- the preview and the confirmation ---------------------------------------------------------


def test_the_preview_gives_each_paragraphs_guess_and_why(api, editor, mission):
    api.force_authenticate(editor)
    paragraphs = preview(api, as_text(RES_2729))
    assert {ref for ref, p in paragraphs.items() if p["is_procedural"]} == {"1", "7", "8"}
    assert paragraphs["1"]["procedural_reason"] == "extension"
    assert paragraphs["7"]["procedural_reason"] == "reporting"
    assert paragraphs["8"]["procedural_reason"] == "follow_up"
    assert paragraphs["5"]["procedural_reason"] == ""  # ensure capacities: work to do
    assert all(p["procedural_carried_from"] is None for p in paragraphs.values())
    assert not Mandate.objects.exists()


def test_confirming_with_one_guess_overridden_saves_that_choice(api, editor, mission):
    api.force_authenticate(editor)
    text = as_text(RES_2729)
    # The preview says OP 7 (report every 90 days) is procedural; the mission drafts the
    # input, so the caller says it is a task. Names are matched as the preview gives them,
    # spaces or not.
    choices = [{"reference": "7", "is_procedural": False}]
    again = preview(api, text, paragraphs=choices)
    assert again["7"]["is_procedural"] is False and again["7"]["procedural_reason"] == "reporting"

    response = api.post(
        IMPORT, {"mission": "UNTEST", "text": text, "paragraphs": choices}, format="json"
    )
    assert response.status_code == 201, response.json()
    mandate = Mandate.objects.get(mission=mission)
    assert procedural_refs(mandate) == {"1", "8"}
    tasks = {t["reference"]: t for t in response.json()["tasks"]}
    assert tasks["7"]["is_procedural"] is False and tasks["8"]["is_procedural"] is True
    # Read back, every task says whether it is procedural.
    body = api.get(f"/api/v1/mandates/{mandate.pk}/").json()
    assert {t["reference"] for t in body["tasks"] if t["is_procedural"]} == {"1", "8"}


def test_without_choices_the_guesses_are_imported(api, editor, mission):
    api.force_authenticate(editor)
    text = as_text(RES_2729)
    response = api.post(IMPORT, {"mission": "UNTEST", "text": text}, format="json")
    assert response.status_code == 201
    assert procedural_refs(Mandate.objects.get()) == {"1", "7", "8"}


def test_a_pdf_job_previews_the_flags_and_its_confirmation_takes_choices(api, editor, mission):
    api.force_authenticate(editor)
    upload = SimpleUploadedFile(
        "res.pdf", resolutions.as_pdf(RES_2729), content_type="application/pdf"
    )
    accepted = api.post(IMPORT, {"mission": "UNTEST", "file": upload}, format="multipart")
    assert accepted.status_code == 202
    assert import_job_read(MandateImportJob.objects.get().pk) == "done"
    done = api.get(accepted["Location"]).json()
    flagged = {p["reference"] for p in done["preview"]["paragraphs"] if p["is_procedural"]}
    assert flagged == {"1", "7", "8"}
    assert done["preview"]["renews"] is None

    # A reference the resolution does not have, or one named twice: 400, nothing imported.
    wrong = api.post(
        done["confirm_url"],
        {"paragraphs": [{"reference": "99", "is_procedural": True}]},
        format="json",
    )
    assert wrong.status_code == 400
    assert "99" in wrong.json()["errors"]["paragraphs"][0]
    twice = [{"reference": "6", "is_procedural": True}, {"reference": " 6", "is_procedural": False}]
    response = api.post(done["confirm_url"], {"paragraphs": twice}, format="json")
    assert response.status_code == 400 and "paragraphs" in response.json()["errors"]
    assert not Mandate.objects.exists()

    choices = [
        {"reference": "6", "is_procedural": True},
        {"reference": "3(a)(i)", "is_procedural": False},  # as guessed: says nothing new
    ]
    response = api.post(done["confirm_url"], {"paragraphs": choices}, format="json")
    assert response.status_code == 201, response.json()
    assert procedural_refs(Mandate.objects.get()) == {"1", "6", "7", "8"}


def test_a_renewal_previews_the_earlier_choices_and_the_caller_can_change_them(
    api, editor, mission
):
    first = mandate_import(mission=mission, parsed=parse_resolution(as_text(RES_2729)), by=editor)
    first.tasks.filter(reference="7").update(is_procedural=False)  # the person's choice then
    api.force_authenticate(editor)
    text = as_text(RES_2775)
    response = api.post(
        IMPORT, {"mission": "UNTEST", "text": text, "dry_run": True}, format="json"
    ).json()
    assert response["renews"] == "S/RES/2729 (2024)"
    paragraphs = {p["reference"]: p for p in response["paragraphs"]}
    # The renewal's OP 8 is the old OP 7: a task, as it was, though guessed procedural.
    assert paragraphs["8"]["is_procedural"] is False
    assert paragraphs["8"]["procedural_carried_from"] == "7"
    assert paragraphs["8"]["procedural_reason"] == "reporting"
    assert paragraphs["9"]["is_procedural"] is True
    assert paragraphs["9"]["procedural_carried_from"] == "8"
    assert paragraphs["3"]["procedural_carried_from"] is None  # new in the renewal

    choices = [{"reference": "8", "is_procedural": True}]
    created = api.post(
        IMPORT, {"mission": "UNTEST", "text": text, "paragraphs": choices}, format="json"
    )
    assert created.status_code == 201
    assert procedural_refs(Mandate.objects.get(symbol="S/RES/2775 (2025)")) == {"1", "8", "9"}


def test_the_choices_are_refused_with_a_reason_for_the_field(api, editor, mission):
    api.force_authenticate(editor)
    body = {
        "mission": "UNTEST",
        "text": as_text(RES_2729),
        "paragraphs": [{"reference": "7"}],
    }
    response = api.post(IMPORT, body, format="json")
    assert response.status_code == 400
    assert "paragraphs.0.is_procedural" in response.json()["errors"]
    assert not Mandate.objects.exists()


# -- /api/v1/tasks/ -----------------------------------------------------------------------------


@pytest.fixture
def aligned(mission):
    """A task of UNTEST aligned to O1, and a spare objective O2."""
    task = TaskFactory(mandate=MandateFactory(mission=mission), reference="7")
    objective = ObjectiveFactory(mission=mission, code="O1")
    ObjectiveFactory(mission=mission, code="O2")
    TaskAlignment.objects.create(task=task, objective=objective)
    return task


def url(task: MandatedTask) -> str:
    return f"/api/v1/tasks/{task.pk}/"


def codes(task: MandatedTask) -> list[str]:
    return sorted(TaskAlignment.objects.filter(task=task).values_list("objective__code", flat=True))


def test_a_task_reads_with_its_flag_and_etag(api, reader, aligned):
    api.force_authenticate(reader)
    response = api.get(url(aligned))
    assert response.status_code == 200
    body = response.json()
    assert body["is_procedural"] is False and body["objectives"] == ["O1"]
    assert body["mission"] == "UNTEST" and body["reference"] == "7"
    assert response["ETag"] == f'"{body["revision"]}"'
    rows = api.get("/api/v1/tasks/", {"mission": "UNTEST", "is_procedural": "false"}).json()
    assert [row["id"] for row in rows["results"]] == [aligned.pk]
    assert api.get("/api/v1/tasks/", {"is_procedural": "true"}).json()["results"] == []
    wrong = api.get("/api/v1/tasks/", {"is_procedural": "maybe"})
    assert wrong.status_code == 400 and "is_procedural" in wrong.json()["errors"]


def test_marking_an_aligned_task_procedural_is_refused_under_the_field(api, editor, aligned):
    api.force_authenticate(editor)
    response = api.patch(url(aligned), {"is_procedural": True}, format="json", **if_match(aligned))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["is_procedural"]
    assert "O1" in errors["is_procedural"][0]
    # Objectives sent with it: refused under objectives, as the alignment form does.
    response = api.patch(
        url(aligned),
        {"is_procedural": True, "objectives": ["O1", "O2"]},
        format="json",
        **if_match(aligned),
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["objectives"]
    aligned.refresh_from_db()
    assert not aligned.is_procedural and aligned.revision == 1 and codes(aligned) == ["O1"]


def test_a_task_marked_procedural_with_no_objectives_is_saved(api, editor, aligned):
    aligned.review_reason = "new"
    aligned.save(update_fields=["review_reason"])
    api.force_authenticate(editor)
    response = api.patch(
        url(aligned),
        {"is_procedural": True, "objectives": []},
        format="json",
        **if_match(aligned),
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["is_procedural"] is True and body["objectives"] == []
    assert body["review_reason"] == ""  # an editor has looked at it
    assert response["ETag"] == '"2"'
    aligned.refresh_from_db()
    assert aligned.is_procedural and codes(aligned) == []

    # Procedural, it takes no objective; made a task again, it does.
    refused = api.patch(url(aligned), {"objectives": ["O2"]}, format="json", **if_match(aligned))
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["objectives"]
    back = api.patch(
        url(aligned),
        {"is_procedural": False, "objectives": ["o2"], "phase": 2},
        format="json",
        **if_match(aligned),
    )
    assert back.status_code == 200, back.json()
    assert back.json()["objectives"] == ["O2"] and back.json()["phase"] == 2
    aligned.refresh_from_db()
    assert not aligned.is_procedural and codes(aligned) == ["O2"] and aligned.phase == 2


def test_fields_left_out_keep_their_value(api, editor, aligned):
    api.force_authenticate(editor)
    response = api.patch(
        url(aligned), {"is_strategic_priority": True}, format="json", **if_match(aligned)
    )
    assert response.status_code == 200
    aligned.refresh_from_db()
    assert aligned.is_strategic_priority and codes(aligned) == ["O1"]


def test_objectives_are_the_missions_active_ones(api, editor, aligned, other_mission):
    ObjectiveFactory(mission=other_mission, code="O7")
    ObjectiveFactory(mission=aligned.mandate.mission, code="O3", status=Objective.Status.DROPPED)
    api.force_authenticate(editor)
    for wanted in (["O7"], ["O3"], ["O9"]):
        response = api.patch(
            url(aligned), {"objectives": wanted}, format="json", **if_match(aligned)
        )
        assert response.status_code == 400, wanted
        assert wanted[0] in response.json()["errors"]["objectives"][0]
    assert codes(aligned) == ["O1"]


def test_a_write_needs_if_match_and_the_current_revision(api, editor, aligned):
    api.force_authenticate(editor)
    assert api.patch(url(aligned), {"is_procedural": False}, format="json").status_code == 428
    stale = api.patch(url(aligned), {"phase": 3}, format="json", HTTP_IF_MATCH='"9"')
    assert stale.status_code == 412
    assert stale.json()["current"]["revision"] == 1
    assert api.put(url(aligned), {}, format="json", **if_match(aligned)).status_code == 405


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("strategy_editor", 200),
        ("chief_of_staff", 200),
        ("head_of_mission", 403),
        ("component_lead", 403),
        ("desk_officer", 403),
        ("viewer", 403),
    ],
)
def test_only_strategy_editors_change_a_task(api, member, aligned, role, status):
    api.force_authenticate(member(role))
    response = api.patch(
        url(aligned), {"is_procedural": True, "objectives": []}, format="json", **if_match(aligned)
    )
    assert response.status_code == status
    aligned.refresh_from_db()
    assert aligned.is_procedural is (status == 200)


def test_outsiders_get_404_and_see_no_task(api, outsider, aligned):
    api.force_authenticate(outsider)
    assert api.get(url(aligned)).status_code == 404
    response = api.patch(url(aligned), {"is_procedural": True}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 404
    assert api.get("/api/v1/tasks/").json()["results"] == []
    aligned.refresh_from_db()
    assert not aligned.is_procedural


def test_a_procedural_task_cannot_be_aligned_through_the_alignments(api, editor, mission):
    task = TaskFactory(mandate=MandateFactory(mission=mission), is_procedural=True)
    objective = ObjectiveFactory(mission=mission, code="O1")
    api.force_authenticate(editor)
    response = api.post(
        "/api/v1/alignments/", {"task": task.pk, "objective": objective.pk}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["task"]
    assert not TaskAlignment.objects.exists()


def test_the_renewal_diff_says_which_tasks_are_procedural(api, reader, mission):
    old = mandate_import(mission=mission, parsed=parse_resolution(as_text(RES_2729)), by=None)
    new = mandate_import(mission=mission, parsed=parse_resolution(as_text(RES_2775)), by=None)
    api.force_authenticate(reader)
    body = api.get(
        "/api/v1/mandates/diff/", {"mission": "UNTEST", "old": old.pk, "new": new.pk}
    ).json()
    pairs = {pair["new"]["reference"]: pair for pair in body["unchanged"] + body["reworded"]}
    assert pairs["9"]["new"]["is_procedural"] is True and pairs["9"]["old"]["reference"] == "8"
    assert pairs["5 (a)"]["new"]["is_procedural"] is False


def _list_queries(api) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get("/api/v1/tasks/", {"mission": "UNTEST"})
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_task_list_costs_the_same_for_2_and_20_tasks(api, reader, mission):
    mandate = MandateFactory(mission=mission)
    objective = ObjectiveFactory(mission=mission)

    def tasks(n: int) -> None:
        for index in range(n):
            task = TaskFactory(mandate=mandate, is_procedural=index % 3 == 0)
            if not task.is_procedural:
                TaskAlignment.objects.create(task=task, objective=objective)

    api.force_authenticate(reader)
    tasks(2)
    few = _list_queries(api)
    tasks(18)
    assert _list_queries(api) == few


def test_the_schema_documents_the_flag_the_choices_and_the_task_writes(api, editor):
    api.force_authenticate(editor)
    schema = api.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    assert "is_procedural" in components["Task"]["properties"]
    assert "is_procedural" in components["DiffTask"]["properties"]
    preview_paragraph = components["ParagraphPreview"]["properties"]
    assert {"is_procedural", "procedural_reason", "procedural_carried_from"} <= set(
        preview_paragraph
    )
    assert "paragraphs" in components["MandateImportTextRequestRequest"]["properties"]
    confirm = schema["paths"]["/api/v1/mandates/import/jobs/{id}/confirm/"]["post"]
    assert confirm["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/MandateImportConfirmRequestRequest"
    }
    patch = schema["paths"]["/api/v1/tasks/{id}/"]["patch"]
    assert {"200", "400", "412", "428"} <= set(patch["responses"])
    written = components["PatchedMandatedTaskRequest"]["properties"]
    assert {"is_procedural", "objectives", "phase", "is_strategic_priority"} == set(written)
    assert "put" not in schema["paths"]["/api/v1/tasks/{id}/"]
    assert "/api/v1/tasks/" in schema["paths"]


def test_a_colleague_sees_the_same_flags(api, mission, editor):
    """Chiefs of staff import too; the flag they see is the one the editor saved."""
    api.force_authenticate(editor)
    api.post(
        IMPORT,
        {
            "mission": "UNTEST",
            "text": as_text(RES_2729),
            "paragraphs": [{"reference": "8", "is_procedural": False}],
        },
        format="json",
    )
    chief = MembershipFactory(mission=mission, role="chief_of_staff").user
    api.force_authenticate(chief)
    rows = api.get("/api/v1/tasks/", {"mission": "UNTEST", "is_procedural": "true"}).json()
    assert [row["reference"] for row in rows["results"]] == ["1", "7"]
