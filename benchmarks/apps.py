from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarksConfig(AppConfig):
    name = "benchmarks"
    verbose_name = _("Benchmarks")

    def ready(self) -> None:
        from benchmarks import marker_services, reporting, workbook
        from benchmarks.findings import INDICATOR_OVERDUE
        from benchmarks.services import keep_judgement
        from briefs.content import ExtraPart, brief_part_register
        from missions.navigation import mission_link_register, mission_panel_register
        from strategies.selectors.findings import finding_rule_register
        from strategies.signals import exit_condition_judged
        from workbooks.importing import (
            MarkerSeries,
            extra_sheet_register,
            marker_series_register,
        )

        exit_condition_judged.connect(keep_judgement, dispatch_uid="benchmarks.keep_judgement")

        # The exit conditions page and the readiness summary link here by this name.
        mission_link_register("benchmark", "benchmarks:benchmark")
        mission_panel_register("readiness", "benchmarks/partials/_readiness_trends.html")
        mission_panel_register("objective_markers", "benchmarks/partials/_objective_markers.html")
        mission_panel_register("review_markers", "benchmarks/partials/_review_markers.html")
        mission_panel_register(
            "review_markers_note", "benchmarks/partials/_review_markers_note.html"
        )
        mission_panel_register(
            "review_exit_conditions", "benchmarks/partials/_review_benchmarks.html"
        )
        brief_part_register(
            ExtraPart(
                key="measures",
                title=lambda: str(_("Measured progress: benchmarks and markers")),
                template="benchmarks/brief_part.html",
                context=reporting.brief_part_context,
                after="end_state",
            )
        )
        marker_series_register(
            MarkerSeries(measures=marker_services.measures_of, add=marker_services.imported)
        )
        extra_sheet_register(workbook.SHEET)
        finding_rule_register(INDICATOR_OVERDUE)
