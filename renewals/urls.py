"""Mandate renewal recommendations, under /missions/<acronym>/renewal/.

The workspace and the documents read the mandate in force, or ``?mandate=<pk>``; the outcome
reads ``?old=<pk>&new=<pk>`` (by default the mandate in force against the one before it).
"""

from django.urls import path

from renewals import views

app_name = "renewals"
urlpatterns = [
    path("", views.workspace_page, name="workspace"),
    path("export.docx", views.export_docx, name="export_docx"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("history/", views.history, name="history"),
    path("outcome/", views.outcome, name="outcome"),
    path("tasks/<int:task_pk>/", views.recommendation, name="recommendation"),
    path("mandates/<int:mandate_pk>/note/", views.note_edit, name="note"),
    path("mandates/<int:mandate_pk>/status/", views.status_change, name="status"),
    path("mandates/<int:mandate_pk>/comments/", views.comment_add, name="comment_add"),
    path("mandates/<int:mandate_pk>/proposed/", views.proposed_add, name="proposed_add"),
    path("proposed/<int:pk>/", views.proposed_edit, name="proposed_edit"),
]
