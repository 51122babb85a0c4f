"""User-owned Roadmap data: the chosen cycle and pathways, corrections to the cycle's dates,
milestones, letters of recommendation and the private agenda feed. Every row has an owner; the
services scope every query to it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from matchwise.engine.roadmap.cycle import Event
from matchwise.engine.roadmap.letters import LetterStatus, WriterSpecialty
from matchwise.engine.roadmap.milestones import Category, MilestoneStatus

_OWNER = {"to": settings.AUTH_USER_MODEL, "on_delete": models.CASCADE}


def _choices(enum: Any) -> list[tuple[str, str]]:
    return [(e.value, e.value) for e in enum]


class RoadmapSettings(models.Model):
    owner = models.OneToOneField(related_name="roadmap_settings", **_OWNER)
    cycle_year = models.IntegerField(validators=[MinValueValidator(2024), MaxValueValidator(2040)])
    pathways = models.JSONField(default=list)  # Pathway values
    time_zone = models.CharField(max_length=64, default="UTC")  # IANA name

    def __str__(self) -> str:
        return f"roadmap of {self.owner} for {self.cycle_year}"


class CycleCorrection(models.Model):
    """A cycle date the user entered or corrected (it overrides the shipped one)."""

    owner = models.ForeignKey(related_name="cycle_corrections", **_OWNER)
    year = models.IntegerField()
    event = models.CharField(max_length=30, choices=_choices(Event))
    on = models.DateField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("owner", "year", "event"), name="one_correction"),
        )

    def __str__(self) -> str:
        return f"{self.event} {self.year}: {self.on}"


class Milestone(models.Model):
    owner = models.ForeignKey(related_name="milestones", **_OWNER)
    key = models.CharField(max_length=60, blank=True)  # the template's key; blank: the user's own
    plan = models.CharField(max_length=30, blank=True)
    category = models.CharField(max_length=20, choices=_choices(Category))
    title = models.CharField(max_length=300)
    why = models.TextField(blank=True)
    anchor = models.CharField(max_length=30, blank=True)
    offset_months = models.IntegerField(default=0)
    offset_days = models.IntegerField(default=0)
    duration = models.PositiveIntegerField(default=14)
    due = models.DateField(null=True, blank=True)
    start = models.DateField(null=True, blank=True)
    estimated = models.BooleanField(default=False)
    basis = models.TextField(blank=True)
    anchor_note = models.TextField(blank=True)
    pinned = models.BooleanField(default=False)  # the user set the date: re-dating keeps it
    status = models.CharField(
        max_length=20, choices=_choices(MilestoneStatus), default=MilestoneStatus.PLANNED
    )
    skip_reason = models.CharField(max_length=500, blank=True)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = (models.F("due").asc(nulls_last=True), "id")
        indexes = (models.Index(fields=("owner", "due")),)

    def __str__(self) -> str:
        return self.title


class LetterRow(models.Model):
    owner = models.ForeignKey(related_name="letters", **_OWNER)
    contact_id = models.IntegerField(null=True, blank=True)  # the writer's Network contact
    writer = models.CharField(max_length=200)
    specialty = models.CharField(max_length=10, choices=_choices(WriterSpecialty))
    us_based = models.BooleanField(default=True)
    relationship = models.CharField(max_length=300, blank=True)
    known_months = models.PositiveIntegerField(null=True, blank=True)
    seen = models.TextField(blank=True)
    asked_on = models.DateField(null=True, blank=True)
    agreed_on = models.DateField(null=True, blank=True)
    uploaded_on = models.DateField(null=True, blank=True)
    eras_letter_id = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        max_length=12, choices=_choices(LetterStatus), default=LetterStatus.TO_ASK
    )

    class Meta:
        ordering = ("writer", "id")

    def __str__(self) -> str:
        return f"letter from {self.writer}"


class AgendaFeed(models.Model):
    """The private address a calendar app subscribes to (hosted mode); renewing revokes."""

    owner = models.OneToOneField(related_name="agenda_feed", **_OWNER)
    token = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"agenda feed of {self.owner}"
