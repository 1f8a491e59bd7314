"""Send what waits in the outbox now, as the worker would (for operators, and for scripts
that run without a worker)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from core.outbox import outbox_deliver_due, outbox_health


class Command(BaseCommand):
    help = _(
        "Send every email due in the outbox now. Safe beside running workers: each email is "
        "claimed before it is sent, so none goes twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = outbox_deliver_due()
        figures = outbox_health()
        self.stdout.write(
            self.style.SUCCESS(
                _("%(sent)d sent; %(waiting)d still waiting, %(failed)d given up.")
                % {"sent": sent, **figures}
            )
        )
        if figures["last_error"]:
            self.stdout.write(_("Last error: %(error)s") % {"error": figures["last_error"]})
