"""Mandate screens, under /missions/<acronym>/mandates/. Each view module lists its routes."""

app_name = "mandates"
urlpatterns: list = []
