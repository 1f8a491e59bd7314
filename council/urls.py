"""Input to the Secretary-General's reports, under /missions/<acronym>/council/."""

from django.urls import path

from council import views

app_name = "council"
urlpatterns = [
    path("obligation/<int:obligation_pk>/", views.for_obligation, name="for_obligation"),
    path("<int:pk>/", views.input_page, name="input"),
    path("<int:pk>/status/", views.status_change, name="status"),
    path("<int:pk>/paragraphs/new/", views.paragraph_add, name="paragraph_add"),
    path("<int:pk>/paragraphs/<int:para_pk>/", views.paragraph_edit, name="paragraph_edit"),
    path("<int:pk>/paragraphs/<int:para_pk>/move/", views.paragraph_move, name="paragraph_move"),
    path("<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("<int:pk>/input.docx", views.export_docx, name="export_docx"),
    path("<int:pk>/input.pdf", views.export_pdf, name="export_pdf"),
]
