"""Plan each running mission's current and next review now (beat does it hourly)."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from missions.models import Mission
from reviews.planning import create_planned_reviews, plannable_missions


class Command(BaseCommand):
    help = _(
        "Create the planned reviews missions lack for the period under way and the next one. "
        "Safe to run any number of times: a review that exists is left as it is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help=_("Plan as of this date (YYYY-MM-DD); default: today at each mission."),
        )
        parser.add_argument(
            "--mission", default=None, help=_("Only this mission (acronym, e.g. UNSMK).")
        )

    def handle(self, *args: Any, today: date | None, mission: str | None, **options: Any) -> None:
        missions = plannable_missions()
        if mission:
            missions = Mission.objects.filter(acronym__iexact=mission)
            if not missions.exists():
                raise CommandError(_("No mission with acronym %(acronym)s.") % {"acronym": mission})
        created = create_planned_reviews(today=today, missions=missions.order_by("acronym"))
        for review in created:
            self.stdout.write(
                _("%(acronym)s: planned the review of %(start)s to %(end)s, due %(due)s.")
                % {
                    "acronym": review.mission.acronym,
                    "start": formats.date_format(review.period_start, "Y-m-d"),
                    "end": formats.date_format(review.period_end, "Y-m-d"),
                    "due": formats.date_format(review.due_on, "Y-m-d"),
                }
            )
        n = len(created)
        message = ngettext("%(n)d review planned.", "%(n)d reviews planned.", n) % {"n": n}
        self.stdout.write(self.style.SUCCESS(message))
