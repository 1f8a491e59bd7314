from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from missions.navigation import mission_link_register
        from search.kinds import register_built_in_kinds

        register_built_in_kinds()
        # The box in the mission bar (base.html) finds its page under this name.
        mission_link_register("search", "search:results")
