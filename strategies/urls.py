"""Mission strategy screens, under /missions/<acronym>/. Each view module lists its routes."""

from django.urls import path

from strategies.views import comments, objectives, overview

app_name = "strategies"
urlpatterns = [
    path("", overview.overview, name="overview"),
    *objectives.urlpatterns,
    *comments.urlpatterns,
]
