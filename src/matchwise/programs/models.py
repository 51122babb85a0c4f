"""The shared catalog: one row a program track, the engine's Program kept whole as JSON.

The indexed columns exist only to search and filter; the ``data`` column is the source of truth
and round-trips to :class:`matchwise.engine.pick.program.Program` unchanged (sources included).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from matchwise.engine.pick.program import SPECIALTY_LABELS, Program, Specialty, Visa


class ProgramRecord(models.Model):
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=300, db_index=True)
    specialty = models.CharField(max_length=8, db_index=True)
    state = models.CharField(max_length=2, blank=True, db_index=True)
    region = models.CharField(max_length=16, blank=True, db_index=True)
    institution = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=120, blank=True)
    sponsors_j1 = models.BooleanField(null=True)
    sponsors_h1b = models.BooleanField(null=True)
    img_share = models.FloatField(null=True)
    positions = models.IntegerField(null=True)
    demo = models.BooleanField(default=False)
    data = models.JSONField()

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @classmethod
    def from_program(cls, program: Program) -> ProgramRecord:
        visa = program.visa
        return cls(
            code=program.code,
            name=program.name,
            specialty=program.specialty.value,
            state=program.state or "",
            region=program.region,
            institution=program.institution or "",
            city=program.city or "",
            sponsors_j1=None if visa is None else Visa.J1 in visa,
            sponsors_h1b=None if visa is None else Visa.H1B in visa,
            img_share=program.img_share,
            positions=program.positions,
            demo=program.demo,
            data=program.model_dump(mode="json"),
        )

    @property
    def specialty_label(self) -> str:
        return SPECIALTY_LABELS[Specialty(self.specialty)]

    def to_program(self) -> Program:
        return Program.model_validate(self.data)


class Interest(models.IntegerChoices):
    NONE = 0, "not set"
    NO = 1, "not for me"
    MAYBE = 2, "maybe"
    INTERESTED = 3, "interested"
    TOP = 4, "top choice"


class ProgramNote(models.Model):
    """The user's own notes and interest level for one program.

    Keyed by the program's code, not a foreign key: a catalog re-import replaces every
    ProgramRecord, and the user's notes must outlive it.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_notes"
    )
    code = models.CharField(max_length=32)
    interest = models.PositiveSmallIntegerField(choices=Interest.choices, default=Interest.NONE)
    notes = models.TextField(blank=True, max_length=5000)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("owner", "code"), name="one_note_per_program"),
        )

    def __str__(self) -> str:
        return f"{self.owner}'s note on {self.code}"
