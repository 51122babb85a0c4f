"""User-owned Network data: contacts, interactions, conferences, follow-up rule changes, and
the private calendar feed. Every row has an owner; the services scope every query to it.

Each stored contact and interaction converts to the engine's type (``to_contact``,
``to_interaction``), which is where the rules live.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from matchwise.engine.network.contacts import (
    CHANNEL_LABELS,
    ROLE_LABELS,
    SPONSOR_STAGE_LABELS,
    Channel,
    Contact,
    Interaction,
    MentorKind,
    Relationship,
    Role,
    SponsorStage,
)
from matchwise.engine.network.followup import CadenceOverride

ROLE_CHOICES = [(r.value, label) for r, label in ROLE_LABELS.items()]
RELATIONSHIP_CHOICES = [(r.value, r.value) for r in Relationship]
STAGE_CHOICES = [(s.value, label) for s, label in SPONSOR_STAGE_LABELS.items()]
CHANNEL_CHOICES = [(c.value, label) for c, label in CHANNEL_LABELS.items()]


class ContactRow(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=60, blank=True)  # Dr., Prof.
    position = models.CharField(max_length=300, blank=True)  # their job
    role = models.CharField(max_length=20, choices=ROLE_CHOICES, default=Role.OTHER.value)
    institution = models.CharField(max_length=300, blank=True)
    program_codes = models.JSONField(default=list, blank=True)
    email = models.CharField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    linkedin = models.CharField(max_length=300, blank=True)
    how_met = models.CharField(max_length=300, blank=True)
    met_on = models.DateField(null=True, blank=True)
    tags = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    relationship = models.CharField(
        max_length=20, choices=RELATIONSHIP_CHOICES, default=Relationship.ACQUAINTANCE.value
    )
    mentor_kinds = models.JSONField(default=list, blank=True)
    sponsor_stage = models.CharField(
        max_length=20, choices=STAGE_CHOICES, default=SponsorStage.NONE.value
    )
    their_work = models.TextField(blank=True)
    project = models.CharField(max_length=300, blank=True)  # an active research project with them
    cadence = models.JSONField(default=list, blank=True)  # [{rule, first_day, last_day}]
    snoozed_until = models.DateField(null=True, blank=True)
    snooze_reason = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name", "id")
        indexes = (models.Index(fields=("owner", "name")),)

    def __str__(self) -> str:
        return self.name

    def to_contact(self) -> Contact:
        # Stored rows were validated when saved: build without validating again (this runs for
        # every contact on every page that shows the overdue count).
        return Contact.model_construct(
            name=self.name,
            title=self.title,
            position=self.position,
            role=Role(self.role),
            institution=self.institution,
            program_codes=tuple(self.program_codes),
            email=self.email,
            phone=self.phone,
            linkedin=self.linkedin,
            how_met=self.how_met,
            met_on=self.met_on,
            tags=tuple(self.tags),
            notes=self.notes,
            relationship=Relationship(self.relationship),
            mentor_kinds=frozenset(MentorKind(k) for k in self.mentor_kinds),
            sponsor_stage=SponsorStage(self.sponsor_stage),
            their_work=self.their_work,
        )

    def set_contact(self, contact: Contact) -> None:
        """Copy an engine Contact (already validated) into this row."""
        data = contact.model_dump(mode="json")
        for field, value in data.items():
            setattr(self, field, value)
        self.mentor_kinds = sorted(data["mentor_kinds"])

    def overrides(self) -> tuple[CadenceOverride, ...]:
        return tuple(CadenceOverride(**c) for c in self.cadence)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[Role(self.role)]

    @property
    def stage_label(self) -> str:
        return SPONSOR_STAGE_LABELS[SponsorStage(self.sponsor_stage)]


class InteractionRow(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interactions"
    )
    contact = models.ForeignKey(ContactRow, on_delete=models.CASCADE, related_name="interactions")
    on = models.DateField()
    channel = models.CharField(max_length=20, choices=CHANNEL_CHOICES)
    summary = models.TextField(blank=True)
    promised = models.TextField(blank=True)
    next_step = models.TextField(blank=True)
    awaiting_reply = models.BooleanField(default=False)
    they_helped = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-on", "-id")
        indexes = (models.Index(fields=("contact", "on")),)  # each contact's last interaction

    def __str__(self) -> str:
        return f"{self.on} {self.channel} with {self.contact}"

    def to_interaction(self) -> Interaction:
        return Interaction.model_construct(
            on=self.on,
            channel=Channel(self.channel),
            summary=self.summary,
            promised=self.promised,
            next_step=self.next_step,
            awaiting_reply=self.awaiting_reply,
            they_helped=self.they_helped,
        )

    @property
    def channel_label(self) -> str:
        return CHANNEL_LABELS[Channel(self.channel)]


class TagCadence(models.Model):
    """A changed follow-up window for every contact with a tag (a contact's own change wins)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tag_cadences"
    )
    tag = models.CharField(max_length=60)
    rule = models.CharField(max_length=20)
    first_day = models.PositiveIntegerField()
    last_day = models.PositiveIntegerField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("owner", "tag", "rule"), name="one_window_per_tag"),
        )

    def __str__(self) -> str:
        return f"#{self.tag}: {self.rule} {self.first_day}-{self.last_day} days"


class Conference(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conferences"
    )
    name = models.CharField(max_length=200)
    starts = models.DateField()
    ends = models.DateField()
    place = models.CharField(max_length=200, blank=True)
    pitch = models.TextField(blank=True)  # 30 to 60 seconds: who I am, what I do, what I seek
    notes = models.TextField(blank=True)  # taken on the spot

    class Meta:
        ordering = ("-starts", "-id")

    def __str__(self) -> str:
        return self.name


class ConferenceTarget(models.Model):
    """Someone to meet at a conference, and why (their talk, their paper, their program)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conference_targets"
    )
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="targets")
    contact = models.ForeignKey(ContactRow, on_delete=models.CASCADE, related_name="targets")
    reason = models.CharField(max_length=300)
    met = models.BooleanField(default=False)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"{self.contact} at {self.conference}"


class CalendarFeed(models.Model):
    """The private address of the user's follow-up calendar (hosted mode): a secret in the URL,
    as calendar programs need; revoking it makes a new one."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar of {self.owner}"
