from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app uses and no app owns: the email outbox and safe background queueing."""

    name = "core"
    verbose_name = _("Platform")
