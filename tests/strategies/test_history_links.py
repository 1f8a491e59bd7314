"""Every kind of record on the workspace screens links to its own history."""

import pytest

from tests.factories import DriverFactory, ExitConditionFactory, MandateFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_screens_link_each_record_to_its_history(client, reader, mission):
    driver = DriverFactory(mission=mission)
    condition = ExitConditionFactory(end_state=mission.current_end_state)
    task = TaskFactory(mandate=MandateFactory(mission=mission))
    stakeholder = mission.stakeholders.create(
        name="Women's peace network", kind="civil_society", level="local", influence="medium"
    )
    end_state = mission.current_end_state
    client.force_login(reader)
    expectations = {
        "/missions/UNTEST/drivers/": f"/history/driver/{driver.pk}/",
        "/missions/UNTEST/exit-conditions/": f"/history/exitcondition/{condition.pk}/",
        "/missions/UNTEST/alignment/": f"/history/task/{task.pk}/",
        "/missions/UNTEST/end-state/": f"/history/endstate/{end_state.pk}/",
        f"/missions/UNTEST/stakeholders/{stakeholder.pk}/": (
            f"/history/stakeholder/{stakeholder.pk}/"
        ),
    }
    for page, link in expectations.items():
        html = client.get(page).content.decode()
        assert f"/missions/UNTEST{link}" in html, page
        assert client.get(f"/missions/UNTEST{link}").status_code == 200
