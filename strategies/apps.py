from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class StrategiesConfig(AppConfig):
    name = "strategies"
    verbose_name = _("Political strategy")

    def ready(self) -> None:
        from missions.navigation import MissionTab, mission_link_register, mission_tab_register

        mission_link_register("mandate_diff", "strategies:mandate_diff")

        # Tab labels are short: thirteen fit on one row at 1280 px in every language.
        mission_tab_register(
            MissionTab(
                10,
                pgettext_lazy("mission tab", "Overview"),
                "strategies:overview",
                ("strategies:objective_edit", "strategies:objective_create"),
                home=True,
            ),
            MissionTab(20, _("Contributions"), "strategies:matrix", ("strategies:matrix_cell",)),
            MissionTab(30, _("Alignment"), "strategies:alignment", ("strategies:alignment_task",)),
            MissionTab(
                50,
                pgettext_lazy("mission tab", "Stakeholders"),
                "strategies:stakeholders",
                (
                    "strategies:positions",
                    "strategies:stakeholder_detail",
                    "strategies:stakeholder_edit",
                    "strategies:stakeholder_create",
                    "strategies:position_cell",
                ),
            ),
            MissionTab(
                60,
                pgettext_lazy("mission tab", "Conflict analysis"),
                "strategies:drivers",
                ("strategies:driver_edit", "strategies:driver_create"),
            ),
            MissionTab(
                70,
                pgettext_lazy("mission tab", "End state and exit"),
                "strategies:exit_conditions",
                (
                    "strategies:end_state",
                    "strategies:exit_condition_edit",
                    "strategies:exit_condition_create",
                ),
            ),
            MissionTab(
                90,
                _("Versions"),
                "strategies:versions",
                ("strategies:version_detail", "strategies:version_compare"),
            ),
            MissionTab(110, _("Comments"), "strategies:comments"),
            MissionTab(120, _("Activity"), "strategies:activity", ("strategies:record_history",)),
        )
