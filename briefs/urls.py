"""Brief screens, under /missions/<acronym>/briefs/. Every route of the app is listed here."""

from django.urls import path

from briefs import views

app_name = "briefs"
urlpatterns = [
    path("", views.brief_list_view, name="list"),
    path("export/", views.export, name="export"),
    path("subscription/", views.subscription, name="subscription"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/retry/", views.retry, name="retry"),
]
