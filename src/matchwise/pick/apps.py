from django.apps import AppConfig


class PickConfig(AppConfig):
    name = "matchwise.pick"
    label = "pick"
    verbose_name = "Pick"
