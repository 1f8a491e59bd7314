"""Reporting obligations: read from a resolution on import, confirmed on the preview, dated on
the timeline, added, corrected, sent and deleted by hand, each role as the policy says."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client

from mandates.models import Mandate, ReportingObligation
from tests.factories import MandateFactory, MembershipFactory, UserFactory
from tests.mandates.resolutions import RES_2729, as_text
from tests.mandates.test_import_screen import client_for, confirm_data, confirm_url, import_url

pytestmark = pytest.mark.django_db

TIMELINE = "/missions/UNTEST/mandates/"
NEW = TIMELINE + "reporting/new/"


def test_the_preview_lists_the_reporting_request_with_its_dates(editor):
    body = client_for(editor).post(import_url(), {"text": as_text(RES_2729)}).content.decode()
    section = body[body.index('id="reporting-title"') :]
    assert "OP 7" in section
    assert "Requests the Secretary-General to report to the Council every 90" in section
    assert re.search(r'name="report-0-keep"[^>]*checked', section)
    assert 'name="report-0-first" value="2024-07-29"' in section  # 30 April 2024 + 90 days
    assert 'name="report-0-every" value="90"' in section
    assert "4 due dates: 29 Jul 2024, 27 Oct 2024, 25 Jan 2025, 25 Apr 2025" in section
    assert not ReportingObligation.objects.exists()


def test_confirming_makes_one_obligation_per_due_date(editor, mission):
    client = client_for(editor)
    response = client.post(confirm_url(), confirm_data(as_text(RES_2729)))
    assert response.status_code == 302
    mandate = Mandate.objects.get(mission=mission)
    rows = list(mandate.obligations.order_by("due_on"))
    assert [r.due_on for r in rows] == [
        date(2024, 7, 29),
        date(2024, 10, 27),
        date(2025, 1, 25),
        date(2025, 4, 25),
    ]
    assert {(r.reference, r.kind, r.every_days, r.added_by_hand) for r in rows} == {
        ("7", "report", 90, False)
    }
    assert rows[0].label == "Report, every 90 days"


def test_corrections_on_the_preview_are_kept_and_a_request_can_be_dropped(editor, mission):
    client = client_for(editor)
    data = confirm_data(
        as_text(RES_2729),
        **{"report-0-first": "2024-06-15", "report-0-every": "4", "report-0-unit": "months"},
    )
    client.post(confirm_url(), data)
    days = list(ReportingObligation.objects.order_by("due_on").values_list("due_on", flat=True))
    assert days == [date(2024, 6, 15), date(2024, 10, 15), date(2025, 2, 15)]
    assert set(ReportingObligation.objects.values_list("every_months", flat=True)) == {4}

    Mandate.objects.all().delete()
    client.post(confirm_url(), confirm_data(as_text(RES_2729), **{"report-0-keep": None}))
    assert Mandate.objects.filter(mission=mission).exists()
    assert not ReportingObligation.objects.exists()


def test_a_kept_request_needs_its_date(editor):
    data = confirm_data(as_text(RES_2729), **{"report-0-first": ""})
    response = client_for(editor).post(confirm_url(), data)
    assert response.status_code == 400
    assert "Enter the date it is due, or do not keep it." in response.content.decode()
    assert not Mandate.objects.exists()


@pytest.fixture
def mandate(mission):
    return MandateFactory(
        mission=mission,
        symbol="S/RES/2800 (2026)",
        adopted_on=date(2026, 1, 30),
        expires_on=date(2027, 1, 31),
    )


def test_the_timeline_lists_obligations_soonest_first_with_their_state(client, editor, mandate):
    today = mandate.mission.today()
    ReportingObligation.objects.create(
        mandate=mandate, kind="update", title="Benchmarks", due_on=today + timedelta(days=20)
    )
    ReportingObligation.objects.create(
        mandate=mandate, kind="report", every_months=4, due_on=today - timedelta(days=3)
    )
    ReportingObligation.objects.create(
        mandate=mandate, kind="briefing", due_on=today - timedelta(days=9), submitted_on=today
    )
    client.force_login(editor)
    body = client.get(TIMELINE).content.decode()
    section = body[body.index('id="reporting"') :]
    assert section.index("Report, every 4 months") < section.index("Benchmarks")
    assert "3 days overdue" in section
    assert "in 20 days" in section
    assert "Sent " in section
    assert "Add a reporting obligation" in section


def test_an_obligation_added_by_hand_recurs_to_the_mandates_end(client, editor, mandate):
    client.force_login(editor)
    response = client.post(
        NEW,
        {
            "mandate": mandate.pk,
            "kind": "report",
            "title": "",
            "reference": "51",
            "due_on": "2026-05-30",
            "every": "4",
            "unit": "months",
            "excerpt": "Requests the Secretary-General to report every four months",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rows = list(mandate.obligations.order_by("due_on"))
    assert [r.due_on for r in rows] == [date(2026, 5, 30), date(2026, 9, 30), date(2027, 1, 30)]
    assert all(r.added_by_hand for r in rows)
    follow = client.get(response["Location"]).content.decode()
    assert "Added 3 reporting obligations, one per due date." in follow


def test_bad_input_is_said_beside_the_field(client, editor, mandate):
    client.force_login(editor)
    response = client.post(
        NEW, {"mandate": mandate.pk, "kind": "report", "due_on": "2025-01-01", "unit": "days"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert re.search(
        r'field--invalid">\s*<label for="id_due_on">.*?It cannot be due before the resolution '
        r"was adopted.",
        body,
        re.S,
    )
    assert not ReportingObligation.objects.exists()


def test_marking_sent_and_a_stale_save_is_told(client, editor, mandate, mission):
    obligation = ReportingObligation.objects.create(
        mandate=mandate, kind="report", due_on=date(2026, 5, 30)
    )
    url = f"{TIMELINE}reporting/{obligation.pk}/"
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert 'name="revision" value="1"' in page
    form = {
        "mandate": mandate.pk,
        "kind": "report",
        "title": "",
        "reference": "",
        "due_on": "2026-05-30",
        "submitted_on": "2026-05-28",
        "excerpt": "",
        "revision": "1",
    }
    other = MembershipFactory(mission=mission, role="chief_of_staff", user=UserFactory()).user
    rival = Client()
    rival.force_login(other)
    assert rival.post(url, {**form, "due_on": "2026-06-02", "submitted_on": ""}).status_code == 302

    response = client.post(url, form)
    assert response.status_code == 409
    assert "conflict" in response.content.decode()
    obligation.refresh_from_db()
    assert obligation.due_on == date(2026, 6, 2) and obligation.submitted_on is None

    assert client.post(url, {**form, "revision": "2"}).status_code == 302
    obligation.refresh_from_db()
    assert obligation.submitted_on == date(2026, 5, 28)


def test_deleting_asks_first(client, editor, mandate):
    obligation = ReportingObligation.objects.create(
        mandate=mandate, kind="report", due_on=date(2026, 5, 30)
    )
    url = f"{TIMELINE}reporting/{obligation.pk}/delete/"
    client.force_login(editor)
    assert "will no longer be on the timeline" in client.get(url).content.decode()
    assert client.post(url, {"revision": "1"}).status_code == 302
    assert not ReportingObligation.objects.exists()


@pytest.mark.parametrize(
    ("role", "may_edit"),
    [
        ("head_of_mission", False),
        ("chief_of_staff", True),
        ("strategy_editor", True),
        ("component_lead", False),
        ("desk_officer", False),
        ("viewer", False),
    ],
)
def test_who_may_add_edit_and_delete(client, mission, mandate, role, may_edit):
    from tests.factories import ComponentFactory

    obligation = ReportingObligation.objects.create(
        mandate=mandate, kind="report", due_on=date(2026, 5, 30)
    )
    component = ComponentFactory(mission=mission) if role == "component_lead" else None
    user = MembershipFactory(mission=mission, role=role, user=UserFactory(), component=component)
    client.force_login(user.user)
    body = client.get(TIMELINE).content.decode()
    assert "Report" in body  # everyone who sees the mission sees its obligations
    assert ("Add a reporting obligation" in body) is may_edit
    expected = 200 if may_edit else 403
    assert client.get(NEW).status_code == expected
    assert client.get(f"{TIMELINE}reporting/{obligation.pk}/").status_code == expected
    delete = client.post(f"{TIMELINE}reporting/{obligation.pk}/delete/", {"revision": "1"})
    assert delete.status_code == (302 if may_edit else 403)


def test_an_outsider_sees_nothing(client, outsider, mandate):
    obligation = ReportingObligation.objects.create(
        mandate=mandate, kind="report", due_on=date(2026, 5, 30)
    )
    client.force_login(outsider)
    assert client.get(TIMELINE).status_code == 404
    assert client.get(f"{TIMELINE}reporting/{obligation.pk}/").status_code == 404
    # Nor through their own mission's address.
    assert client.get(f"/missions/UNOTHER/mandates/reporting/{obligation.pk}/").status_code == 404
