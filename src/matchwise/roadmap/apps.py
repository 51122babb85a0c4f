from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "matchwise.roadmap"
    label = "roadmap"
    verbose_name = "Roadmap"
