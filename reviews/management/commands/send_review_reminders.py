"""Send the review reminders due now, as the hourly beat job does; or list them (--dry-run)."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from missions.models import Mission
from reviews.reminders.delivery import Result, send_reminders


class Command(BaseCommand):
    help = _(
        "Send the review reminders due today at each mission (in its time zone), each at most "
        "once per person. --dry-run lists who would get what and claims nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help=_("List who would get what; send nothing.")
        )
        parser.add_argument("--mission", default=None, help=_("Only this mission (acronym)."))
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help=_("Take this date (YYYY-MM-DD) as today at every mission."),
        )

    def handle(
        self, *args: Any, dry_run: bool, mission: str | None, today: date | None, **options: Any
    ) -> None:
        missions = None
        if mission:
            missions = list(Mission.objects.filter(acronym__iexact=mission))
            if not missions:
                raise CommandError(_("No mission with acronym %(acronym)s.") % {"acronym": mission})
        run = send_reminders(today=today, missions=missions, dry_run=dry_run)
        for outcome in run.outcomes:
            c = outcome.candidate
            person = c.recipient.get_username()
            if c.recipient.email:
                person += f" <{c.recipient.email}>"
            flag = " [escalation]" if c.escalation else ""
            self.stdout.write(
                f"{c.mission.acronym}  {c.rule.code}{flag}  {person}  {c.period}: "
                f"{outcome.result}\n    {c.subject}"
                + (f"\n    {outcome.url}" if outcome.url else "")
            )
        figures = run.summary()
        if dry_run:
            message = _(
                "Dry run: %(would_send)d to deliver, %(already_sent)d already sent, %(off)d "
                "switched off. Nothing was claimed or sent."
            )
            self.stdout.write(self.style.SUCCESS(message % figures))
            return
        message = (
            _(
                "%(emailed)d emailed (a worker sends them from the outbox, retrying while the "
                "mail server is down), %(queued_for_digest)d queued for the weekly digest, "
                "%(off)d switched off, %(already_sent)d already sent."
            )
            % figures
        )
        self.stdout.write(self.style.SUCCESS(message))
        if run.counts[Result.NO_EMAIL]:
            self.stdout.write(
                _("%(count)d had no email address (told in the app only).")
                % {"count": run.counts[Result.NO_EMAIL]}
            )
