"""URL configuration: each part mounts its own URLs."""

from django.contrib import admin
from django.urls import include, path

from matchwise.api import api
from matchwise.roadmap import views as roadmap_views

urlpatterns = [
    path("", roadmap_views.dashboard, name="home"),
    path("pick/", include("matchwise.pick.urls")),
    path("programs/", include("matchwise.programs.urls")),
    path("network/", include("matchwise.network.urls")),
    path("scholarly/", include("matchwise.scholarly.urls")),
    path("roadmap/", include("matchwise.roadmap.urls")),
    path("market/", include("matchwise.market.urls")),
    path("accounts/", include("matchwise.accounts.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
