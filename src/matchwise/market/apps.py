from django.apps import AppConfig


class MarketConfig(AppConfig):
    name = "matchwise.market"
    label = "market"
    verbose_name = "Market"
