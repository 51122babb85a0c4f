from django.urls import path

from matchwise.market import views

app_name = "market"
urlpatterns = [
    path("", views.market_page, name="page"),
    path("progress/", views.progress, name="progress"),
]
