from django.urls import path

from matchwise.network import views

app_name = "network"
urlpatterns = [
    path("", views.home, name="home"),
    path("due/", views.due_page, name="due"),
    path("team/", views.team_page, name="team"),
    path("contacts/", views.contact_list, name="contacts"),
    path("contacts/new/", views.contact_new, name="new"),
    path("contacts/<int:contact_id>/", views.contact_page, name="contact"),
    path("contacts/<int:contact_id>/log/", views.log_interaction, name="log"),
    path("contacts/<int:contact_id>/snooze/", views.snooze, name="snooze"),
    path("contacts/<int:contact_id>/cadence/", views.cadence, name="cadence"),
    path("contacts/<int:contact_id>/delete/", views.delete_contact, name="delete"),
    path("contacts/<int:contact_id>/draft/", views.draft_page, name="draft"),
    path("contacts/<int:contact_id>/draft.eml", views.draft_eml, name="eml"),
    path("import/", views.import_page, name="import"),
    path("export.<str:fmt>", views.export, name="export"),
    path("interactions.csv", views.export_interactions, name="interactions_csv"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("follow-ups.ics", views.calendar_file, name="ics"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="feed"),
    path("conferences/", views.conference_list, name="conferences"),
    path("conferences/<int:conference_id>/", views.conference_page, name="conference"),
]
