from django.urls import path

from matchwise.programs import views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("import/", views.import_page, name="import"),
    path("<str:code>/", views.program_detail, name="detail"),
    path("<str:code>/note/", views.save_note_view, name="note"),
]
