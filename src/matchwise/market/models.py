"""A market simulation asked for on the Market page: a background task owned by one user.

Its life: ``queued`` (waiting for a thread of the local server, or for ``matchwise market
worker`` in hosted mode), ``running`` (``done`` of ``total`` runs), then ``done`` (``result``
holds :func:`matchwise.market.simulation.result_to_dict`) or ``failed`` (``error`` says why, in
words). The services scope every query to the owner.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Status(models.TextChoices):
    QUEUED = "queued", "waiting to start"
    RUNNING = "running", "running"
    DONE = "done", "done"
    FAILED = "failed", "failed"


UNFINISHED = (Status.QUEUED, Status.RUNNING)


class MarketSimulation(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="market_simulations"
    )
    specialty = models.CharField(max_length=10)
    runs = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    changes = models.JSONField(default=list, blank=True)  # ["applications+10", ...]
    # the owner's Pick profile as it was when asked (JSON), to put them in every market
    entrant_profile = models.JSONField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)  # runs finished (of every scenario)
    total = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    # written with every run done: a running simulation whose heartbeat stopped was cut off
    heartbeat = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created", "-id")
        indexes = (models.Index(fields=("status", "created")),)  # the worker: oldest queued

    def __str__(self) -> str:
        return f"{self.specialty} × {self.runs} ({self.status})"

    @property
    def label(self) -> str:
        change = ", ".join(self.changes) if self.changes else "no change"
        you = ", with you" if self.entrant_profile else ""
        return f"{self.specialty}: {change}{you}, {self.runs} run{'' if self.runs == 1 else 's'}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def unfinished(self) -> bool:
        return self.status in UNFINISHED
