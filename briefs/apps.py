from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BriefsConfig(AppConfig):
    name = "briefs"
    verbose_name = _("PDF briefs")

    def ready(self) -> None:
        from briefs import signals  # noqa: F401  (a version approved, a review signed off)
        from missions.navigation import (
            MissionTab,
            mission_link_register,
            mission_panel_register,
            mission_tab_register,
        )

        mission_tab_register(
            MissionTab(
                100,
                pgettext_lazy("mission tab", "Briefs"),
                "briefs:list",
                ("briefs:", "workbooks:"),
            )
        )
        mission_link_register("briefs", "briefs:list")
        # The export boxes of the versions page and of a review's page.
        mission_panel_register("version_aside", "briefs/partials/_versions_export.html")
        mission_panel_register("review_actions", "briefs/partials/_export_button.html")
