"""Issue a personal API token from the shell (for scripts); the token is printed once."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from core.api_tokens import api_token_create


class Command(BaseCommand):
    help = _(
        "Issue an API token for a user and print it once: only its hash is kept. The owner "
        "sees and can revoke it on the API tokens page (/accounts/tokens/)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help=_("What the token is for."))
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=_("Days until it expires (default and maximum: API_TOKEN_MAX_DAYS)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        model = get_user_model()
        try:
            user = model._default_manager.get_by_natural_key(options["username"])
        except model.DoesNotExist:
            raise CommandError(_("No user %(name)s.") % {"name": options["username"]}) from None
        days = options["days"] or settings.API_TOKEN_MAX_DAYS
        if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
            raise CommandError(
                _("--days must be between 1 and %(max)d.") % {"max": settings.API_TOKEN_MAX_DAYS}
            )
        name = options["name"] or _("Issued from the shell on %(date)s") % {
            "date": timezone.localdate().isoformat()
        }
        token, secret = api_token_create(
            user=user, name=name[:100], expires_at=timezone.now() + timedelta(days=days)
        )
        self.stderr.write(
            _("Token %(name)s for %(user)s, expires %(date)s. It is shown only this once:")
            % {"name": token.name, "user": user, "date": token.expires_at.date().isoformat()}
        )
        self.stdout.write(secret)
