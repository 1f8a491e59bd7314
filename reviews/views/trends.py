"""Review screens: trends (routes are added as the screens are built)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
