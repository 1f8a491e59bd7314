"""Workbook screens, under /missions/<acronym>/workbook/. Every route of the app is listed here."""

from django.urls import path

from workbooks import views

app_name = "workbooks"
urlpatterns = [
    path("", views.workbook, name="workbook"),
    path("export/", views.export, name="export"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
]
