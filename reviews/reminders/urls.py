"""The private calendar feed, under /calendar/ (the token in the address is the credential)."""

from django.urls import path

from reviews.reminders.calendar import feed

app_name = "calendar"
urlpatterns = [path("<str:token>.ics", feed, name="feed")]
