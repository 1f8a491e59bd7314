"""import_mandate and the import service: the tree is saved once, with its hierarchy."""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from mandates.models import Mandate, MandatedTask
from mandates.parsing import parse_resolution
from mandates.services import mandate_import
from tests.factories import MembershipFactory
from tests.mandates import resolutions

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolution_files(tmp_path):
    text = tmp_path / "res.txt"
    text.write_text(resolutions.as_text(resolutions.RES_2729))
    pdf = tmp_path / "res.pdf"
    pdf.write_bytes(resolutions.as_pdf(resolutions.RES_2729))
    return text, pdf


def run(*args) -> str:
    out = StringIO()
    call_command("import_mandate", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_the_tree_and_saves_nothing(mission, resolution_files):
    _, pdf = resolution_files
    output = run("UNTEST", str(pdf), "--dry-run")
    assert "S/RES/2729 (2024), adopted 30 April 2024" in output
    assert "Mandate until: 30 April 2025" in output
    assert "    3 (a) (ii) [priority]" in output
    assert "Dry run: nothing saved." in output
    assert not Mandate.objects.exists()


def test_import_saves_the_tree_and_a_second_import_changes_nothing(mission, resolution_files):
    text, pdf = resolution_files
    assert "Imported S/RES/2729 (2024) for UNTEST: 26 tasks." in run("UNTEST", str(pdf))
    mandate = Mandate.objects.get(mission=mission)
    assert mandate.expires_on.isoformat() == "2025-04-30" and mandate.chapter_vii
    assert mandate.end_state == mission.current_end_state
    child = MandatedTask.objects.get(mandate=mandate, reference="3 (a) (ii)")
    assert child.parent.reference == "3 (a)" and child.parent.parent.reference == "3"
    assert child.is_strategic_priority
    references = list(mandate.tasks.order_by("position").values_list("reference", flat=True))
    assert references[:4] == ["1", "2", "3", "3 (a)"]

    again = run("UNTEST", str(text))
    assert "already imported" in again and "nothing changed" in again
    assert MandatedTask.objects.filter(mandate__mission=mission).count() == 26


def test_bad_input_is_told_clearly(mission, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(CommandError, match="is empty"):
        run("UNTEST", str(empty))
    letter = tmp_path / "letter.txt"
    letter.write_text("Letter dated 1 May 2024 from the Secretary-General to the President.")
    with pytest.raises(CommandError):
        run("UNTEST", str(letter))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 this is not really a pdf")
    with pytest.raises(CommandError):
        run("UNTEST", str(broken))
    with pytest.raises(CommandError, match="No mission"):
        run("NOPE", str(letter))
    assert not Mandate.objects.exists()


def test_only_editors_may_import_through_the_service(mission):
    parsed = parse_resolution(resolutions.as_text(resolutions.RES_2729))
    desk = MembershipFactory(mission=mission, role="desk_officer").user
    with pytest.raises(PermissionDenied):
        mandate_import(mission=mission, parsed=parsed, by=desk)
    editor = MembershipFactory(mission=mission, role="strategy_editor").user
    mandate = mandate_import(mission=mission, parsed=parsed, by=editor)
    assert mandate.tasks.count() == 26
