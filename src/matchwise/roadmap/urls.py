from django.urls import path

from matchwise.roadmap import views

app_name = "roadmap"
urlpatterns = [
    path("", views.plan_page, name="plan"),
    path("milestones/<int:milestone_id>/", views.milestone_page, name="milestone"),
    path("milestones/<int:milestone_id>/status/", views.milestone_status, name="status"),
    path("milestones/<int:milestone_id>/delete/", views.milestone_delete, name="delete"),
    path("cycle/", views.cycle_page, name="cycle"),
    path("letters/", views.letters_page, name="letters"),
    path("letters/<int:letter_id>/", views.letter_page, name="letter"),
    path("letters/<int:letter_id>/delete/", views.letter_delete, name="letter_delete"),
    path("readiness/", views.readiness_page, name="readiness"),
    path("agenda/", views.agenda_page, name="agenda"),
    path("agenda.ics", views.agenda_file, name="ics"),
    path("feed/<str:token>.ics", views.agenda_feed, name="feed"),
]
