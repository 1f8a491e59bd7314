"""Evidence files in Chromium: the strategy editor attaches a PDF to an exit condition as a
user would, sees a renamed text file refused next to the field, downloads the PDF; the chief of
staff attaches a file to a rating on the review's page. axe at 1280 and 768 px."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, serious_violations
from tests.evidence.conftest import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def evidence_dir(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "evidence")},
        },
    }
    return tmp_path


def test_editor_attaches_a_pdf_to_an_exit_condition(as_user, live_server, demo, evidence_dir):
    from evidence.models import EvidenceFile
    from strategies.models import ExitCondition

    condition = ExitCondition.objects.filter(end_state__mission__acronym="UNSMK").first()
    report = evidence_dir / "Ceasefire monitoring Q3.pdf"
    report.write_bytes(pdf_bytes())
    notes = evidence_dir / "notes.pdf"
    notes.write_bytes(b"Only notes, renamed to look like a PDF.\n")

    editor = as_user("editor")
    editor.set_viewport_size({"width": 1280, "height": 900})
    editor.goto(f"{live_server.url}/missions/UNSMK/exit-conditions/")
    item = editor.locator(f"#exit-condition-{condition.pk}")
    item.locator("summary", has_text="Attach a file").click()
    item.get_by_label("File", exact=False).set_input_files(str(report))
    assert serious_violations(editor) == []
    screenshot(editor, "evidence-attach-open-1280")
    item.get_by_role("button", name="Attach").click()
    editor.get_by_text("“Ceasefire monitoring Q3.pdf” is attached.").wait_for()
    evidence = EvidenceFile.objects.get()
    assert evidence.exit_condition_id == condition.pk
    item = editor.locator(f"#exit-condition-{condition.pk}")
    link = item.get_by_role("link", name="Ceasefire monitoring Q3.pdf", exact=True)
    assert "PDF" in item.inner_text() and "added by" in item.inner_text()
    assert serious_violations(editor) == []
    item.scroll_into_view_if_needed()
    screenshot(editor, "evidence-exit-conditions-1280")

    with editor.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "Ceasefire monitoring Q3.pdf"
    with open(download.path(), "rb") as got:
        assert got.read() == report.read_bytes()

    # A text file renamed .pdf: refused, the reason next to the field, nothing stored.
    item = editor.locator(f"#exit-condition-{condition.pk}")
    item.locator("summary", has_text="Attach a file").click()
    item.get_by_label("File", exact=False).set_input_files(str(notes))
    item.get_by_role("button", name="Attach").click()
    editor.locator(".field__error").wait_for()
    assert "not a file type accepted as evidence" in editor.locator(".field__error").inner_text()
    assert EvidenceFile.objects.count() == 1
    assert serious_violations(editor) == []
    screenshot(editor, "evidence-refused-1280")

    editor.set_viewport_size({"width": 768, "height": 1000})
    editor.goto(f"{live_server.url}/missions/UNSMK/exit-conditions/#exit-condition-{condition.pk}")
    assert serious_violations(editor) == []
    screenshot(editor, "evidence-exit-conditions-768")


def test_chief_attaches_a_file_to_a_rating(as_user, live_server, demo, evidence_dir):
    from evidence.models import EvidenceFile
    from reviews.models import ObjectiveAssessment

    assessment = (
        ObjectiveAssessment.objects.filter(
            review__mission__acronym="UNSMK", review__status="signed_off"
        )
        .select_related("objective")
        .order_by("-review__period_start")
        .first()
    )
    report = evidence_dir / "Polling.pdf"
    report.write_bytes(pdf_bytes("Polling results"))
    chief = as_user("chief")
    chief.set_viewport_size({"width": 1280, "height": 900})
    chief.goto(
        f"{live_server.url}/missions/UNSMK/reviews/{assessment.review_id}/objectives/"
        f"{assessment.objective.code}/"
    )
    section = chief.locator("#evidence")
    section.locator("summary", has_text="Attach a file").first.click()
    section.get_by_label("File", exact=False).first.set_input_files(str(report))
    section.get_by_role("button", name="Attach").first.click()
    chief.get_by_text("“Polling.pdf” is attached.").wait_for()
    assert EvidenceFile.objects.get().assessment_id == assessment.pk
    assert "Polling.pdf" in chief.locator("#evidence").inner_text()
    assert serious_violations(chief) == []
    chief.locator("#evidence").scroll_into_view_if_needed()
    screenshot(chief, "evidence-rating-1280")
