from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "matchwise.network"
    label = "network"
    verbose_name = "Network"
