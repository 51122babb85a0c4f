from django.urls import path

from matchwise.pick import views

app_name = "pick"
urlpatterns = [
    path("", views.pick_page, name="list"),
    path("profile/", views.profile_page, name="profile"),
    path("whatif/", views.whatif_page, name="whatif"),
    path("model/", views.model_page, name="model"),
    path("plans/", views.plans_page, name="plans"),
    path("plans/save/", views.save_plan_view, name="save"),
    path("plans/compare/", views.compare_page, name="compare"),
    path("plans/<int:plan_id>/", views.plan_page, name="plan"),
    path("plans/<int:plan_id>/export.<str:fmt>", views.plan_export, name="export"),
]
