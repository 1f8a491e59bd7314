"""The handover plan, under /missions/<acronym>/transition/ (``?horizon=<days>`` on the plan)."""

from django.urls import path

from transition import views

app_name = "transition"
urlpatterns = [
    path("", views.plan, name="plan"),
    path("carry-over/", views.carry_over, name="carry_over"),
    path("tasks/<int:task_pk>/handover/", views.handover_edit, name="handover"),
    path("tasks/<int:task_pk>/handover/delete/", views.handover_delete, name="handover_delete"),
]
