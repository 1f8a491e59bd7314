"""Mandate screens, under /missions/<acronym>/mandates/. Every route of the app is listed here."""

from django.urls import path

from mandates import views

app_name = "mandates"
urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("import/", views.import_resolution, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("import/<int:pk>/", views.import_job, name="import_job"),
    path("import/<int:pk>/status/", views.import_job_status, name="import_job_status"),
    path("reporting/new/", views.obligation_create_view, name="obligation_create"),
    path("reporting/<int:pk>/", views.obligation_edit_view, name="obligation_edit"),
    path("reporting/<int:pk>/delete/", views.obligation_delete_view, name="obligation_delete"),
]
