"""The mandate timeline: every resolution of the mission, newest first, with days to expiry."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import ComponentFactory, MandateFactory, MembershipFactory, TaskFactory
from tests.querycount import page_queries

pytestmark = pytest.mark.django_db


def timeline_url(acronym: str = "UNTEST") -> str:
    return reverse("mandates:timeline", kwargs={"acronym": acronym})


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def mission_today(mission) -> date:
    return timezone.localdate(timezone=ZoneInfo(mission.time_zone))


def row_of(body: str, mandate) -> str:
    start = body.index(f'id="mandate-{mandate.pk}"')
    return body[start : body.index("</tr>", start)]


def test_it_lists_each_resolution_newest_first_with_its_facts(reader, mission):
    today = mission_today(mission)
    old = MandateFactory(
        mission=mission,
        symbol="S/RES/2650 (2022)",
        adopted_on=date(2022, 10, 1),
        expires_on=date(2023, 10, 31),
        chapter_vii=False,
    )
    new = MandateFactory(
        mission=mission,
        symbol="S/RES/2729 (2024)",
        adopted_on=today - timedelta(days=100),
        expires_on=today + timedelta(days=200),
        chapter_vii=True,
    )
    parent = TaskFactory(mandate=new, reference="1", is_strategic_priority=True)
    TaskFactory(mandate=new, reference="1 (a)", parent=parent, is_strategic_priority=True)
    TaskFactory(mandate=new, reference="2")
    TaskFactory(mandate=old, reference="1")

    body = client_for(reader).get(timeline_url()).content.decode()

    assert body.index("S/RES/2729 (2024)") < body.index("S/RES/2650 (2022)")
    current = row_of(body, new)
    assert "in force" in current
    assert f"{(today + timedelta(days=200)):%-d %b %Y}" in current
    assert "200 days" in current and "badge" not in current
    assert "Yes" in current
    assert '<td class="num">3</td>' in current and '<td class="num">2</td>' in current
    previous = row_of(body, old)
    assert "31 Oct 2023" in previous and "No" in previous
    assert '<span class="badge badge--danger">expired</span>' in previous
    assert "in force" not in previous


def test_under_60_days_left_is_a_finding(reader, mission):
    today = mission_today(mission)
    soon = MandateFactory(mission=mission, adopted_on=today, expires_on=today + timedelta(days=59))
    body = client_for(reader).get(timeline_url()).content.decode()
    assert '<span class="badge badge--warning">59 days left</span>' in row_of(body, soon)


def test_60_days_left_is_not_yet_a_finding(reader, mission):
    today = mission_today(mission)
    later = MandateFactory(mission=mission, adopted_on=today, expires_on=today + timedelta(days=60))
    row = row_of(client_for(reader).get(timeline_url()).content.decode(), later)
    assert "60 days" in row and "badge" not in row


def test_expiring_today_is_a_finding_not_expired(reader, mission):
    today = mission_today(mission)
    due = MandateFactory(mission=mission, adopted_on=today, expires_on=today)
    row = row_of(client_for(reader).get(timeline_url()).content.decode(), due)
    assert "0 days left" in row and "expired" not in row


def test_no_end_date_is_said(reader, mission):
    open_ended = MandateFactory(mission=mission, expires_on=None)
    row = row_of(client_for(reader).get(timeline_url()).content.decode(), open_ended)
    assert "not stated" in row


def test_it_shows_only_this_missions_mandates(reader, mission, other_mission):
    MandateFactory(mission=mission, symbol="S/RES/2729 (2024)")
    MandateFactory(mission=other_mission, symbol="S/RES/9999 (2025)")
    body = client_for(reader).get(timeline_url()).content.decode()
    assert "S/RES/2729 (2024)" in body
    assert "S/RES/9999 (2025)" not in body


def test_an_empty_timeline_says_so(editor, reader):
    assert "No mandate is recorded" in client_for(editor).get(timeline_url()).content.decode()


def mandates_with_tasks(mission, count: int) -> None:
    for index in range(count):
        mandate = MandateFactory(mission=mission, adopted_on=date(2000 + index, 1, 1))
        TaskFactory.create_batch(3, mandate=mandate)


def queries_for(client: Client) -> int:
    return len(page_queries(client, timeline_url()))


def test_query_count_does_not_grow_with_the_number_of_mandates(editor, mission):
    client = client_for(editor)
    mandates_with_tasks(mission, 2)
    with_two = queries_for(client)
    mandates_with_tasks(mission, 18)
    assert queries_for(client) == with_two


# Who sees what


def test_editors_get_the_import_link(editor, mission):
    body = client_for(editor).get(timeline_url()).content.decode()
    assert reverse("mandates:import", kwargs={"acronym": "UNTEST"}) in body
    assert "Import a resolution" in body


@pytest.mark.parametrize(
    "role",
    ["head_of_mission", "chief_of_staff", "component_lead", "desk_officer", "viewer"],
)
def test_every_role_reads_the_timeline(mission, role):
    component = ComponentFactory(mission=mission) if role == "component_lead" else None
    user = MembershipFactory(mission=mission, role=role, component=component).user
    MandateFactory(mission=mission, symbol="S/RES/2729 (2024)")
    response = client_for(user).get(timeline_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "S/RES/2729 (2024)" in body
    import_link = reverse("mandates:import", kwargs={"acronym": "UNTEST"})
    assert (import_link in body) == (role == "chief_of_staff")


def test_outsider_gets_404(outsider, mission):
    MandateFactory(mission=mission)
    assert client_for(outsider).get(timeline_url()).status_code == 404


def test_the_mission_nav_marks_mandates_as_current(reader, mission):
    body = client_for(reader).get(timeline_url()).content.decode()
    assert f'<a href="{timeline_url()}" aria-current="page">Mandates</a>' in body


def test_it_rejects_post(editor):
    assert client_for(editor).post(timeline_url()).status_code == 405


def test_the_timeline_links_each_renewal_to_what_it_changed(editor, mission):
    first = MandateFactory(mission=mission, adopted_on=date(2023, 1, 1))
    second = MandateFactory(mission=mission, adopted_on=date(2024, 1, 1))
    body = client_for(editor).get(f"{timeline_url()}?imported={second.pk}").content.decode()
    url = reverse(
        "strategies:mandate_diff", kwargs={"acronym": "UNTEST", "old": first.pk, "new": second.pk}
    )
    assert url in body
    assert client_for(editor).get(url).status_code == 200
