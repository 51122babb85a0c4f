from django.urls import path

from matchwise.pick import views

app_name = "pick"
urlpatterns = [
    path("", views.pick_page, name="list"),
    path("profile/", views.profile_page, name="profile"),
]
