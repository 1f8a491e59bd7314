from datetime import date

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransitionConfig(AppConfig):
    name = "transition"
    verbose_name = _("Transition and handover")

    def ready(self) -> None:
        from django.utils.formats import date_format
        from django.utils.translation import gettext

        from briefs.content import ExtraPart, brief_part_register
        from council.prefill import prefill_source_register
        from missions.navigation import MissionTab, mission_link_register, mission_tab_register
        from strategies.selectors.activity import feed_register
        from strategies.selectors.findings import Rule, finding_rule_register
        from strategies.selectors.versions import natural_key
        from transition import reporting
        from transition.models import Handover
        from transition.selectors import handover_feed_name, tasks_without_handover

        # After "End state and exit" (70), before "Reviews" (80).
        mission_tab_register(MissionTab(75, _("Transition"), "transition:plan", ("transition:",)))
        mission_link_register("transition", "transition:plan")
        finding_rule_register(
            Rule(
                "task_without_handover",
                # The transition view's default horizon (DEFAULT_HORIZON_DAYS).
                _("Mandated task with no handover, mandate expiring within 365 days"),
                "mandate__mission",
                tasks_without_handover,
                lambda: {
                    "reference": "reference",
                    "symbol": "mandate__symbol",
                    "expires_on": "mandate__expires_on",
                    "position": "position",
                },
                "transition:plan",
                # Written when read, in the reader's language and date format.
                subject=lambda v: (
                    gettext("OP %(ref)s of %(symbol)s: mandate expires %(date)s")
                    % {
                        "ref": v["reference"],
                        "symbol": v["symbol"],
                        "date": date_format(date.fromisoformat(v["expires_on"])),
                    }
                ),
                anchor="task-{pk}",
                order=lambda v: (v["position"], natural_key(v["reference"])),
            )
        )
        brief_part_register(
            ExtraPart(
                key="transition",
                title=lambda: str(_("Transition and handover")),
                template="transition/brief_part.html",
                context=reporting.brief_part_context,
                after="end_state",
            )
        )
        prefill_source_register(reporting.report_drafts)
        feed_register("handover", Handover, handover_feed_name)
