"""A benchmark's page and its writes, under /missions/<acronym>/benchmarks/<exit condition>/,
and a measured marker's, under .../benchmarks/markers/<marker>/."""

from django.urls import path

from benchmarks import marker_views, views

app_name = "benchmarks"
urlpatterns = [
    path("<int:pk>/", views.benchmark, name="benchmark"),
    path("<int:pk>/indicators/new/", views.indicator_add, name="indicator_add"),
    path("indicators/<int:pk>/", views.indicator, name="indicator"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("indicators/<int:pk>/readings/", views.reading_add, name="reading_add"),
    path("readings/<int:pk>/delete/", views.reading_delete, name="reading_delete"),
    path("<int:pk>/override/", views.override, name="override"),
    path("markers/<int:pk>/", marker_views.marker, name="marker"),
    path("markers/<int:pk>/measure/", marker_views.measure, name="marker_measure"),
    path("markers/<int:pk>/values/", marker_views.value_add, name="marker_value_add"),
    path("marker-values/<int:pk>/delete/", marker_views.value_delete, name="marker_value_delete"),
]
