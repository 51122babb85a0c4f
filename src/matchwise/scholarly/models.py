"""User-owned Scholarly data: research outputs (the engine's Output kept whole as JSON, with a
few columns to sort and search), projects that group them, and the applicant's confirmed name
variants (how the applicant's name appears in author lists)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from matchwise.engine.scholarly.outputs import Output


class Project(models.Model):
    """One piece of work: an abstract that became a poster and then a paper, with its mentor.

    While a project is active, its mentor (a Network contact) is due an update every 1 to 2
    weeks: the project's name is set on the contact."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="projects"
    )
    name = models.CharField(max_length=300)
    mentor_contact_id = models.IntegerField(null=True, blank=True)  # a Network contact's id
    active = models.BooleanField(default=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ("-active", "name", "id")

    def __str__(self) -> str:
        return self.name


class OutputRow(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outputs"
    )
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="outputs"
    )
    title = models.CharField(max_length=1000)
    type = models.CharField(max_length=30)
    status = models.CharField(max_length=30)
    year = models.IntegerField(null=True, blank=True)
    month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    doi = models.CharField(max_length=200, blank=True, db_index=True)
    pmid = models.CharField(max_length=12, blank=True)
    data = models.JSONField()  # the engine's Output, the source of truth
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        # a year's items with no month after its dated ones, on SQLite and PostgreSQL alike
        ordering = ("-year", models.F("month").desc(nulls_last=True), "title", "id")
        indexes = (models.Index(fields=("owner", "status")),)

    def __str__(self) -> str:
        return self.title

    def to_output(self) -> Output:
        return Output.model_validate(self.data)

    def set_output(self, output: Output) -> None:
        self.data = output.model_dump(mode="json")
        self.title = output.title[:1000]
        self.type = output.type.value
        self.status = output.status.value
        self.year = output.year
        self.month = output.month
        self.doi = output.doi
        self.pmid = output.pmid


class NameVariant(models.Model):
    """A way the applicant's name is written in author lists ("Okafor S", "Okafor SO")."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="name_variants"
    )
    text = models.CharField(max_length=200)

    class Meta:
        constraints = (models.UniqueConstraint(fields=("owner", "text"), name="one_variant"),)

    def __str__(self) -> str:
        return self.text
