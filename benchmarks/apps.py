from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarksConfig(AppConfig):
    name = "benchmarks"
    verbose_name = _("Benchmarks")

    def ready(self) -> None:
        from missions.navigation import mission_link_register, mission_panel_register

        # The exit conditions page and the readiness summary link here by this name.
        mission_link_register("benchmark", "benchmarks:benchmark")
        mission_panel_register("readiness", "benchmarks/partials/_readiness_trends.html")
