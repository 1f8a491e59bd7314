from django.urls import path

from strategies import views

app_name = "strategies"
urlpatterns = [path("", views.overview, name="overview")]
