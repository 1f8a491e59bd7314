"""Briefs for an audience: what lies above the audience's level is left out with a visible
"withheld" line, every page carries the highest level printed and the recipient with the
date, each export is logged, and a brief made for one audience is never served to another.
PDFs are real (WeasyPrint) and read back with pdftotext."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from briefs.audiences import as_exporter
from briefs.content import Subject
from briefs.models import Brief
from briefs.rendering import render_subject
from briefs.services import brief_produce, brief_request, subscription_set
from core.models import AuditEvent, AuditKind
from missions.classification import Classification
from notifications.models import Notification
from strategies.models import ConflictDriver, Objective, Risk, StakeholderPosition
from strategies.services.versions import version_approve
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

CONFIDENTIAL, STRICT = Classification.CONFIDENTIAL, Classification.STRICTLY_CONFIDENTIAL


@pytest.fixture
def marked(mission, strategy, editor) -> dict:
    """O2 (and all that hangs on it) Confidential, a stakeholder's position Confidential, a
    risk of O1 and a driver Strictly confidential naming only the editor."""
    Objective.objects.filter(mission=mission, code="O2").update(
        classification=CONFIDENTIAL, title="CONF-OBJECTIVE the real aim"
    )
    position = StakeholderPosition.objects.get(stakeholder__name="Stakeholder 0")
    StakeholderPosition.objects.filter(pk=position.pk).update(
        classification=CONFIDENTIAL, note="CONF-POSITION what he said"
    )
    risk = Risk.objects.get(objective__code="O1")
    Risk.objects.filter(pk=risk.pk).update(
        classification=STRICT, named_readers=[editor.pk], description="STRICT-RISK a coup"
    )
    driver = ConflictDriver.objects.get(title="Driver 2")
    ConflictDriver.objects.filter(pk=driver.pk).update(
        classification=STRICT, named_readers=[editor.pk], title="STRICT-DRIVER the channel"
    )
    return {"risk": risk, "driver": driver, "position": position}


def pages_of(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def render_for(user, mission, audience: str, recipient: str = "Ms A. Mensah", **subject):
    with as_exporter(user):
        return render_subject(Subject(mission, **subject), audience=audience, recipient=recipient)


SECRETS = ("CONF-OBJECTIVE", "CONF-POSITION", "STRICT-RISK", "STRICT-DRIVER")


def test_each_audience_receives_what_its_level_allows_and_is_told_what_was_withheld(
    mission, editor, marked, tmp_path
):
    mission.default_classification = CONFIDENTIAL
    mission.classification_label = "UN Restricted"
    mission.save()

    leadership = render_for(editor, mission, "leadership")
    text = "".join(pages_of(leadership.pdf, tmp_path))
    assert all(secret in text for secret in SECRETS)
    assert "Withheld" not in text and leadership.cut.withheld == []
    assert leadership.cut.printed_level == STRICT

    tcc = render_for(editor, mission, "tcc_pcc", recipient="Permanent Mission of Ghana")
    pages = pages_of(tcc.pdf, tmp_path)
    text = "".join(pages)
    assert not any(secret in text for secret in SECRETS)
    # Never silently: a line where each part was cut.
    lines = [line.strip() for line in text.splitlines() if "Withheld from this audience" in line]
    assert len(lines) == 4, lines  # objectives, matrix, positions, drivers
    assert all(line.endswith("(marked above Unclassified).") for line in lines)
    objectives = lines[0]
    for words in ("1 objective", "1 assumption", "2 risks", "1 progress marker"):
        assert words in objectives
    assert "1 contribution" in lines[1]
    assert "2 stakeholder positions" in lines[2] and "1 conflict driver" in lines[3]
    assert "9 records marked above Unclassified" in pages[0]  # the cover says so too
    kinds = sorted(item.kind for item in tcc.cut.withheld)
    assert kinds.count("objective") == 1 and kinds.count("driver") == 1
    # Every page, the cover too: the highest level printed, the recipient and the date.
    assert tcc.cut.printed_level == Classification.UNCLASSIFIED
    for page in pages:
        assert "UNCLASSIFIED" in page
        assert "For Permanent Mission of Ghana · printed" in page
    assert "UN Restricted" not in text


def test_hq_receives_confidential_only_when_the_mission_shares_it(
    mission, editor, marked, tmp_path
):
    closed = "".join(pages_of(render_for(editor, mission, "hq").pdf, tmp_path))
    assert "CONF-OBJECTIVE" not in closed and "CONF-POSITION" not in closed

    mission.hq_reads_confidential = True
    mission.save()
    shared = render_for(editor, mission, "hq")
    pages = pages_of(shared.pdf, tmp_path)
    text = "".join(pages)
    assert "CONF-OBJECTIVE" in text and "CONF-POSITION" in text
    assert "STRICT-RISK" not in text and "STRICT-DRIVER" not in text
    assert shared.cut.printed_level == CONFIDENTIAL
    assert all("CONFIDENTIAL" in page for page in pages)


def test_what_the_exporter_may_not_read_is_neither_printed_nor_counted(
    mission, reader, marked, tmp_path
):
    """Someone off the list does not learn from "withheld" lines that a record exists."""
    rendered = render_for(reader, mission, "tcc_pcc")
    text = "".join(pages_of(rendered.pdf, tmp_path))
    assert "STRICT" not in text
    assert {item.kind for item in rendered.cut.withheld} >= {"objective", "position"}
    assert "driver" not in {item.kind for item in rendered.cut.withheld}
    assert "2 risks" not in text and "1 risk" in text  # O2's, not O1's strict one
    assert rendered.cut.readers is None


def test_each_export_is_logged_and_its_page_lists_what_was_withheld(
    client, mission, editor, marked, brief_media
):
    brief = brief_request(
        mission=mission, by=editor, audience="unct", recipient="UNDP Resident Coordinator"
    ).brief
    assert brief_produce(brief.pk) == "ready"
    brief = Brief._base_manager.get(pk=brief.pk)
    assert brief.audience == "unct" and brief.printed_level == Classification.UNCLASSIFIED
    assert {
        "kind": "driver",
        "key": "STRICT-DRIVER the channel",
        "level": STRICT,
        "part": "drivers",
    } in brief.withheld
    event = AuditEvent.objects.get(kind=AuditKind.BRIEF_EXPORT)
    assert event.user == editor
    assert event.detail["audience"] == "unct"
    assert event.detail["recipient"] == "UNDP Resident Coordinator"
    assert event.detail["withheld"] == len(brief.withheld) > 4

    client.force_login(editor)
    page = client.get(reverse("briefs:detail", args=[mission.acronym, brief.pk])).content.decode()
    assert "The UN country team" in page and "UNDP Resident Coordinator" in page
    assert "Withheld from this audience" in page and "STRICT-DRIVER the channel" in page
    listing = client.get(reverse("briefs:list", args=[mission.acronym])).content.decode()
    assert "UNDP Resident Coordinator" in listing


def test_a_brief_that_withholds_a_strictly_confidential_record_is_for_its_readers_only(
    client, mission, editor, reader, hom, desk, marked, brief_media
):
    """Its "withheld" lines would tell anyone else that the record exists."""
    brief = brief_request(mission=mission, by=editor, audience="tcc_pcc", recipient="TCCs").brief
    brief_produce(brief.pk)
    brief = Brief._base_manager.get(pk=brief.pk)
    assert brief.classification == STRICT and brief.named_readers == [editor.pk]
    urls = [
        reverse(f"briefs:{name}", args=[mission.acronym, brief.pk])
        for name in ("detail", "status", "download")
    ]
    for person in (reader, desk):
        client.force_login(person)
        assert [client.get(url).status_code for url in urls] == [404, 404, 404]
        listing = client.get(reverse("briefs:list", args=[mission.acronym])).content.decode()
        assert "TCCs" not in listing
    for person in (editor, hom):
        client.force_login(person)
        assert client.get(urls[2]).status_code == 200


def test_a_brief_made_for_one_audience_is_never_served_to_another(
    client, mission, editor, hom, desk, strategy, brief_media
):
    version = version_approve(mission=mission, by=hom, note="v1")
    for_hq = brief_request(mission=mission, by=None, version=version).brief
    for_tcc = brief_request(
        mission=mission, by=editor, version=version, audience="tcc_pcc", recipient="TCCs"
    )
    assert not for_tcc.reused and for_tcc.brief.pk != for_hq.pk
    for_leaders = brief_request(
        mission=mission, by=editor, version=version, audience="leadership", recipient="SRSG"
    ).brief
    for brief in (for_hq, for_tcc.brief, for_leaders):
        brief_produce(brief.pk)

    client.force_login(desk)  # HQ
    detail = "briefs:detail"
    assert client.get(reverse(detail, args=[mission.acronym, for_hq.pk])).status_code == 200
    for other in (for_tcc.brief, for_leaders):
        assert client.get(reverse(detail, args=[mission.acronym, other.pk])).status_code == 404
        download = reverse("briefs:download", args=[mission.acronym, other.pk])
        assert client.get(download).status_code == 404
    client.force_login(editor)
    for brief in (for_hq, for_tcc.brief, for_leaders):
        assert client.get(reverse(detail, args=[mission.acronym, brief.pk])).status_code == 200


def test_subscribers_are_sent_the_hq_brief_which_never_holds_strictly_confidential_records(
    mission, hom, desk, editor, marked, brief_media, tmp_path, django_capture_on_commit_callbacks
):
    subscription_set(mission=mission, user=desk, subscribed=True)
    with django_capture_on_commit_callbacks(execute=True):
        version = version_approve(mission=mission, by=hom, note="v1")
    brief = Brief._base_manager.get(version=version)
    assert brief.audience == "hq" and brief.requested_by is None
    with django_capture_on_commit_callbacks(execute=True):
        brief_produce(brief.pk)
    brief = Brief._base_manager.get(pk=brief.pk)
    # Nobody exported it: what is Strictly confidential is neither printed nor counted, so
    # the desk officer may have it.
    assert brief.classification < STRICT
    assert not any(item["level"] == STRICT for item in brief.withheld)
    download = reverse("briefs:download", args=[mission.acronym, brief.pk])
    assert Notification.objects.filter(user=desk, url=download).exists()
    text = "".join(pages_of(brief.file.read(), tmp_path))
    assert "STRICT" not in text and "CONF-OBJECTIVE" not in text
    assert "Withheld from this audience: 1 objective" in text


def test_a_desk_officer_cannot_ask_for_another_audience(mission, desk, strategy):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        brief_request(mission=mission, by=desk, audience="leadership", recipient="SRSG")


def test_a_member_named_on_nothing_sees_the_leadership_brief_of_what_they_read(
    mission, marked, tmp_path
):
    """Leadership briefs hold what their exporter reads, no more."""
    viewer = MembershipFactory(mission=mission, role="viewer", user=UserFactory()).user
    rendered = render_for(viewer, mission, "leadership")
    text = "".join(pages_of(rendered.pdf, tmp_path))
    assert "CONF-OBJECTIVE" in text and "STRICT" not in text


def test_a_brief_made_for_hq_reaches_hq_with_its_withheld_lines_and_no_one_else_off_the_list(
    client, mission, editor, reader, desk, marked, brief_media
):
    """The exporter chose HQ: its desk officers read what was written for them, withheld lines
    included; a member off the list does not learn from those lines what they may not read."""
    brief = brief_request(mission=mission, by=editor, audience="hq", recipient="DPPA desk").brief
    brief_produce(brief.pk)
    brief = Brief._base_manager.get(pk=brief.pk)
    assert brief.classification == STRICT and brief.printed_level == 0
    download = reverse("briefs:download", args=[mission.acronym, brief.pk])
    page = reverse("briefs:detail", args=[mission.acronym, brief.pk])
    client.force_login(desk)
    assert client.get(download).status_code == 200
    # What its pages say, how many of what kind; never which record.
    html = client.get(page).content.decode()
    assert "1 conflict driver" in html and "STRICT-DRIVER" not in html
    client.force_login(editor)
    assert "STRICT-DRIVER the channel" in client.get(page).content.decode()
    client.force_login(reader)
    assert client.get(download).status_code == 404
