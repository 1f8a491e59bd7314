from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RenewalsConfig(AppConfig):
    name = "renewals"
    verbose_name = _("Mandate renewal recommendations")

    def ready(self) -> None:
        from missions.navigation import mission_link_register

        # The mandate timeline and the reminders link here without importing this app.
        mission_link_register("renewal", "renewals:workspace")
        mission_link_register("renewal_outcome", "renewals:outcome")
