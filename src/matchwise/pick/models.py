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


class Plan(models.Model):
    """A saved pick: its inputs, parameter version and result, reopened exactly as computed."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plans"
    )
    name = models.CharField(max_length=120)
    created = models.DateTimeField(auto_now_add=True)
    parameter_version = models.CharField(max_length=40)
    inputs = models.JSONField()  # the profile and the controls, as given
    result = models.JSONField()  # matchwise-pick/1 (docs/pick-output.md)

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return self.name
