"""The Django admin: a superuser keeps the data and sees every record; other staff read it as
themselves, so a Strictly confidential record they are not named on is not there."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from missions.classification import Classification
from strategies.models import ConflictDriver
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_only_superusers_see_every_record_in_the_admin(client, mission):
    chief = MembershipFactory(mission=mission, role="chief_of_staff").user
    ConflictDriver.objects.create(
        mission=mission,
        level="national",
        title="CANARY-admin driver",
        classification=Classification.STRICTLY_CONFIDENTIAL,
        named_readers=[chief.pk],
    )
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    listing = client.get("/admin/strategies/conflictdriver/")
    assert listing.status_code == 200 and "CANARY-admin driver" in listing.content.decode()

    staff = MembershipFactory(mission=mission, role="strategy_editor").user
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(Permission.objects.get(codename="view_conflictdriver"))
    client.force_login(staff)
    listing = client.get("/admin/strategies/conflictdriver/")
    assert listing.status_code == 200 and "CANARY-admin driver" not in listing.content.decode()
    driver = ConflictDriver._base_manager.get(title="CANARY-admin driver")
    assert client.get(f"/admin/strategies/conflictdriver/{driver.pk}/change/").status_code in (
        302,
        404,
    )
