from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbooksConfig(AppConfig):
    name = "workbooks"
    verbose_name = _("Excel workbooks")

    def ready(self) -> None:
        from missions.navigation import mission_link_register

        mission_link_register("workbook", "workbooks:workbook")
