"""Load the illustrative demo missions and logins (DESIGN.md section 5)."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from missions.models import Role
from portfolio.demo import DEMO_PASSWORD, MISSIONS, USERS, demo_seed


class Command(BaseCommand):
    help = _(
        "Create or refresh the illustrative demo missions and the demo logins (password "
        "'demo'). Safe to run repeatedly. Refuses when DEBUG is off unless --force is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Seed even though DEBUG is off (the demo logins share a known password)."),
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help=_("Date the demo's dates are relative to (YYYY-MM-DD); default: today."),
        )

    def handle(self, *args: Any, force: bool, today: date | None, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "DEBUG is off: the demo creates logins with a known password. "
                    "Pass --force to seed anyway."
                )
            )
        counts = demo_seed(today=today)
        created, updated = counts.pop("rows_created"), counts.pop("rows_updated")
        self.stdout.write(self.style.SUCCESS(_("Demo data is in place.")))
        self.stdout.write(
            _("This run created %(created)d rows and updated %(updated)d.")
            % {"created": created, "updated": updated}
        )
        for name, count in counts.items():
            self.stdout.write(f"  {name.replace('_', ' '):<26}{count:>5}")
        self.stdout.write("")
        self.stdout.write(_("Demo logins (password '%(password)s'):") % {"password": DEMO_PASSWORD})
        roles: dict[str, list[str]] = {}
        for mission in MISSIONS:
            for username, role, component in mission.members:
                where = f"{mission.acronym}, {component}" if component else mission.acronym
                roles.setdefault(username, []).append(f"{Role(role).label} ({where})")
        for user in USERS:
            held = (
                _("administrator: every mission, no role")
                if user.is_superuser
                else "; ".join(roles.get(user.username, []))
            )
            if user.extra:
                held += " " + _("(extra login)")
            self.stdout.write(f"  {user.username:<10}{held}")
