"""Platform pages: the person's API tokens (included under accounts/tokens/)."""

from django.urls import path

from core import views_tokens

app_name = "api_tokens"
urlpatterns = [
    path("", views_tokens.tokens, name="list"),
    path("<int:pk>/revoke/", views_tokens.revoke, name="revoke"),
]
