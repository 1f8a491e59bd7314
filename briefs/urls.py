"""Brief screens, under /missions/<acronym>/briefs/ (routes listed in ``briefs.views``)."""

from briefs.views import urlpatterns as urlpatterns

app_name = "briefs"
