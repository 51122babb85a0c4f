from django.apps import AppConfig


class ScholarlyConfig(AppConfig):
    name = "matchwise.scholarly"
    label = "scholarly"
    verbose_name = "Scholarly"
