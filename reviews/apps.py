from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Strategy reviews")

    def ready(self) -> None:
        from missions.navigation import MissionTab, mission_link_register, mission_tab_register

        mission_tab_register(MissionTab(80, _("Reviews"), "reviews:list", ("reviews:",)))
        mission_link_register("review", "reviews:detail")
