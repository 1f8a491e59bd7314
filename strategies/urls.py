"""Mission strategy screens, under /missions/<acronym>/. Each view module lists its routes."""

from django.urls import path

from strategies.views import alignment, comments, matrix, objectives, overview
from strategies.views import drivers as driver_views
from strategies.views import exit_conditions as exit_condition_views
from strategies.views import history as history_views
from strategies.views import renewal as renewal_views
from strategies.views import stakeholders as stakeholder_views
from strategies.views import versions as version_views

app_name = "strategies"
urlpatterns = [
    path("", overview.overview, name="overview"),
    *objectives.urlpatterns,
    *matrix.urlpatterns,
    *alignment.urlpatterns,
    *comments.urlpatterns,
    *version_views.urlpatterns,
    *history_views.urlpatterns,
    *stakeholder_views.urlpatterns,
    *driver_views.urlpatterns,
    *exit_condition_views.urlpatterns,
    *renewal_views.urlpatterns,
]
