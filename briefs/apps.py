from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BriefsConfig(AppConfig):
    name = "briefs"
    verbose_name = _("PDF briefs")

    def ready(self) -> None:
        from briefs import signals  # noqa: F401  (a version approved, a review signed off)
