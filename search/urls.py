"""The mission search, under /missions/<acronym>/search/. Every route of the app is listed here."""

from django.urls import path

from search import views

app_name = "search"
urlpatterns = [
    path("", views.results, name="results"),
]
