from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("Input to the Secretary-General's reports")

    def ready(self) -> None:
        from missions.navigation import mission_link_register

        # The mandate timeline links each reporting obligation to its input.
        mission_link_register("report_input", "council:for_obligation")
