"""Reminders are composed for their recipient: a record they may not read is not listed, and
a reminder that would list nothing but such records is not sent (need to know)."""

from __future__ import annotations

from datetime import date, timedelta

from missions.classification import Classification
from missions.models import Membership
from reviews.reminders.delivery import send_reminders
from strategies.models import ExitCondition
from tests.factories import (
    ObjectiveFactory,
    PositionFactory,
    StakeholderFactory,
    UserFactory,
)
from tests.mailbox import delivered

STRICT = Classification.STRICTLY_CONFIDENTIAL


def test_a_stale_record_hidden_from_an_editor_is_not_in_their_reminder(east):
    today = date(2026, 11, 26)
    old = today - timedelta(days=200)
    named = UserFactory(username="east-named-editor")
    Membership.objects.create(user=named, mission=east.mission, role="strategy_editor")
    objective = ObjectiveFactory(mission=east.mission, code="O7", title="Dialogue")
    PositionFactory(
        stakeholder=StakeholderFactory(mission=east.mission, name="Council of Elders"),
        objective=objective,
        as_of=old,
    )
    PositionFactory(
        stakeholder=StakeholderFactory(mission=east.mission, name="CANARY-Armed Wing"),
        objective=objective,
        as_of=old,
        classification=STRICT,
        named_readers=[named.pk],
    )
    ExitCondition.objects.create(
        end_state=east.mission.current_end_state,
        kind="security",
        description="CANARY-secret benchmark",
        classification=STRICT,
        named_readers=[named.pk],
    )
    send_reminders(today=today)
    by_address = {}
    for message in delivered():
        for to in message.to:
            by_address.setdefault(to, []).append(message.subject + "\n" + message.body)
    theirs = "".join(by_address[east.editor.email])
    assert "Council of Elders on O7" in theirs and "CANARY" not in theirs
    assert "1 stakeholder position not updated" in theirs  # counted as they read
    assert "exit condition" not in theirs  # only a hidden one is stale: no reminder
    mine = "".join(by_address[named.email])
    assert "CANARY-Armed Wing on O7" in mine and "CANARY-secret benchmark" in mine
    assert "2 stakeholder positions not updated" in mine
