from django.urls import path

from portfolio import views

app_name = "portfolio"
urlpatterns = [
    path("", views.my_missions, name="home"),
    path("portfolio/", views.hq, name="hq"),
    path("switch/", views.switch, name="switch"),
]
