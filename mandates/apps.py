from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MandatesConfig(AppConfig):
    name = "mandates"
    verbose_name = _("Mandates")

    def ready(self) -> None:
        from missions.navigation import MissionTab, mission_tab_register

        mission_tab_register(
            MissionTab(
                40, _("Mandates"), "mandates:timeline", ("mandates:", "council:", "renewals:")
            )
        )
