"""URL configuration: each part mounts its own URLs."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from matchwise.api import api

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="pick:list", permanent=False), name="home"),
    path("pick/", include("matchwise.pick.urls")),
    path("programs/", include("matchwise.programs.urls")),
    path("network/", include("matchwise.network.urls")),
    path("scholarly/", include("matchwise.scholarly.urls")),
    path("accounts/", include("matchwise.accounts.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
