from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "matchwise.accounts"
    label = "accounts"
