"""Load the illustrative demo missions and logins (DESIGN.md section 5)."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from missions.models import Role
from portfolio.demo import DEMO_PASSWORD, demo_present, demo_seed
from portfolio.demo_loader import demo_missions, demo_users


class Command(BaseCommand):
    help = _(
        "Create the illustrative demo missions and the demo logins (password 'demo') where they "
        "are missing; what exists is never changed, so it is safe on every start. --reset "
        "restores the scripted story instead. Refuses when DEBUG is off unless --force is given "
        "(--reset always refuses then)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Seed even though DEBUG is off (the demo logins share a known password)."),
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_(
                "Restore the scripted story in every demo mission, replacing what people "
                "changed there (development only)."
            ),
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help=_("Do not ask before --reset replaces anything."),
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help=_("Date the demo's dates are relative to (YYYY-MM-DD); default: today."),
        )

    def handle(
        self,
        *args: Any,
        force: bool,
        reset: bool,
        interactive: bool,
        today: date | None,
        **options: Any,
    ) -> None:
        if reset and not settings.DEBUG:
            raise CommandError(
                _("DEBUG is off: --reset would replace people's work and is refused.")
            )
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "DEBUG is off: the demo creates logins with a known password. "
                    "Pass --force to seed anyway."
                )
            )
        if reset and not self.confirm_reset(interactive):
            raise CommandError(_("Nothing was changed."))
        counts = demo_seed(today=today, reset=reset)
        created, updated = counts.pop("rows_created"), counts.pop("rows_updated")
        self.stdout.write(self.style.SUCCESS(_("Demo data is in place.")))
        self.stdout.write(
            _("This run created %(created)d rows and updated %(updated)d.")
            % {"created": created, "updated": updated}
        )
        for name, count in counts.items():
            self.stdout.write(f"  {name.replace('_', ' '):<26}{count:>5}")
        self.stdout.write("")
        self.write_logins()

    def confirm_reset(self, interactive: bool) -> bool:
        """Say what --reset replaces; ask first when someone is at the terminal."""
        present = demo_present()
        if not present:
            return True
        self.stdout.write(
            self.style.WARNING(
                _(
                    "--reset restores the scripted story in %(missions)s. It replaces what "
                    "people changed there: objectives, assumptions, risks, markers, components, "
                    "contributions, stakeholders and their positions, drivers, exit conditions, "
                    "the mandate's tasks, every review (ratings, decisions, conclusions, "
                    "sign-offs) and the approved versions; the demo logins get the password "
                    "'%(password)s' and their scripted roles back."
                )
                % {"missions": ", ".join(present), "password": DEMO_PASSWORD}
            )
        )
        if not interactive:
            return True
        answer = input(_("Type 'yes' to replace them: "))
        return answer.strip().lower() == "yes"

    def write_logins(self) -> None:
        self.stdout.write(_("Demo logins (password '%(password)s'):") % {"password": DEMO_PASSWORD})
        roles: dict[str, list[str]] = {}
        for mission in demo_missions():
            for member in mission.members:
                where = mission.acronym
                if member.component:
                    where = f"{mission.acronym}, {member.component}"
                roles.setdefault(member.user, []).append(f"{Role(member.role).label} ({where})")
        for user in demo_users():
            if not user.listed:
                continue
            held = (
                _("administrator: every mission, no role")
                if user.is_superuser
                else "; ".join(roles.get(user.username, []))
            )
            if user.extra:
                held += " " + _("(extra login)")
            self.stdout.write(f"  {user.username:<10}{held}")
