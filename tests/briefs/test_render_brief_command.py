"""manage.py render_brief MISSION [--version N | --review ID] --out FILE, for HQ scripts."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from briefs.models import Brief
from strategies.services.versions import version_approve
from tests.briefs.conftest import pdf_text
from tests.briefs.data import rate

pytestmark = pytest.mark.django_db


def test_it_writes_the_working_draft_brief_to_a_file(mission, strategy, tmp_path):
    out, stdout = tmp_path / "brief.pdf", StringIO()
    call_command("render_brief", "untest", "--out", str(out), stdout=stdout)
    text = pdf_text(out, tmp_path)
    assert out.read_bytes().startswith(b"%PDF-")
    assert "Working draft (not approved)" in text and "O1" in text and "29 (a)" in text
    assert "Page 1 of" in text and "Page 2 of" in text
    assert f"{out}: UNTEST brief of Working draft" in stdout.getvalue()
    assert not Brief.objects.exists()  # a script's PDF is not recorded as a brief


def test_it_renders_a_version_and_a_review(mission, strategy, hom, tmp_path):
    version_approve(mission=mission, by=hom, note="v1")
    review = rate(
        mission,
        strategy["objectives"],
        period_start=date(2026, 4, 1),
        progress="at_risk",
        status="concluded",
    )
    call_command("render_brief", "UNTEST", "--version", "1", "--out", str(tmp_path / "v.pdf"))
    assert "Version 1, approved on" in pdf_text(tmp_path / "v.pdf", tmp_path)
    call_command(
        "render_brief", "UNTEST", "--review", str(review.pk), "--out", str(tmp_path / "r.pdf")
    )
    text = pdf_text(tmp_path / "r.pdf", tmp_path)
    assert "Strategy review brief" in text and "Climate around O1." in text


def test_it_explains_what_it_cannot_find(mission, strategy, tmp_path):
    out = str(tmp_path / "x.pdf")
    with pytest.raises(CommandError, match="No mission"):
        call_command("render_brief", "NOPE", "--out", out)
    with pytest.raises(CommandError, match="has no version 3"):
        call_command("render_brief", "UNTEST", "--version", "3", "--out", out)
    with pytest.raises(CommandError, match="has no review"):
        call_command("render_brief", "UNTEST", "--review", "999999", "--out", out)


def test_it_renders_for_an_audience_and_a_recipient(mission, strategy, tmp_path):
    from strategies.models import Objective

    Objective.objects.filter(mission=mission, code="O2").update(classification=1)
    out, stdout = tmp_path / "tcc.pdf", StringIO()
    call_command(
        "render_brief",
        "UNTEST",
        "--audience",
        "tcc_pcc",
        "--recipient",
        "TCC meeting",
        "--out",
        str(out),
        stdout=stdout,
    )
    text = pdf_text(out, tmp_path)
    assert "For TCC meeting · printed" in text
    assert "Withheld from this audience: 1 objective" in text
    assert "Objective number 2" not in text
    assert "records withheld" in stdout.getvalue()
