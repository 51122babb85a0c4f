from django.urls import path

from matchwise.scholarly import views

app_name = "scholarly"
urlpatterns = [
    path("", views.portfolio_page, name="list"),
    path("new/", views.output_new, name="new"),
    path("outputs/<int:output_id>/", views.output_page, name="output"),
    path("outputs/<int:output_id>/delete/", views.output_delete, name="delete"),
    path("import/", views.import_page, name="import"),
    path("exports/", views.exports_page, name="exports"),
    path("export.<str:fmt>", views.export, name="export"),
    path("projects/", views.projects_page, name="projects"),
    path("projects/<int:project_id>/toggle/", views.project_toggle, name="toggle"),
]
