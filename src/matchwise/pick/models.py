"""User-owned Pick data: the applicant's profile (one per user), kept as the engine's Profile."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SavedProfile(models.Model):
    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applicant_profile"
    )
    data = models.JSONField()
    updated = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"profile of {self.owner}"
