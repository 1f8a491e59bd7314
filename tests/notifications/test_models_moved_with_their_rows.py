"""The notification models left the missions app for their own: an upgraded database keeps
every row, and the content types (permissions, admin history) follow with the same ids."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from notifications.models import CalendarFeed, Notification

BEFORE = [("missions", "0005_bounded_text"), ("notifications", None)]


def migrate(targets: list[tuple[str, str | None]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


def latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_an_upgraded_database_keeps_its_notifications_and_content_types():
    old = migrate(BEFORE)
    User = old.get_model("auth", "User")
    person = User.objects.create(username="kept")
    old.get_model("missions", "Notification").objects.create(user=person, subject="Kept")
    old.get_model("missions", "CalendarFeed").objects.create(user=person, token="t" * 40)
    old_type, _ = ContentType.objects.get_or_create(app_label="missions", model="notification")

    migrate(latest())

    assert list(Notification.objects.values_list("subject", flat=True)) == ["Kept"]
    assert CalendarFeed.objects.get().user_id == person.pk
    assert ContentType.objects.get(app_label="notifications", model="notification").pk == (
        old_type.pk
    )
    assert not ContentType.objects.filter(app_label="missions", model="notification").exists()
