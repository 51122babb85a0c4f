from django.contrib.auth import views as auth
from django.urls import path

from matchwise.accounts import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("tokens/", views.tokens_page, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("password/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("reset/sent/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("reset/done/", auth.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]  # fmt: skip
