"""Mandate screens, under /missions/<acronym>/mandates/. Each view module lists its routes."""

from mandates import views

app_name = "mandates"
urlpatterns: list = []
urlpatterns += views.urlpatterns
