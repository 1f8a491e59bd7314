from django.urls import path

from evidence import views

app_name = "evidence"
urlpatterns = [
    path("<int:pk>/", views.download, name="download"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path(
        "<str:kind>/<int:pk>/attach/",
        views.upload,
        name="upload",
    ),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
]
