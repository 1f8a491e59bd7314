from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app uses and no app owns: the email outbox, safe background queueing, API
    tokens and the audit log."""

    name = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        # Sign-ins happen inside django.contrib.auth and django-axes: their signals are the only
        # place to hear about them.
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from core import audit

        user_logged_in.connect(audit.on_signed_in, dispatch_uid="core.audit.sign_in")
        user_login_failed.connect(audit.on_sign_in_failed, dispatch_uid="core.audit.failed")
        user_locked_out.connect(audit.on_locked_out, dispatch_uid="core.audit.locked_out")
