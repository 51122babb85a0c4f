"""Network forms: each builds the engine's type, and its problems are shown beside the field."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from pydantic import ValidationError

from matchwise.engine.network.contacts import (
    CHANNEL_LABELS,
    MENTOR_KIND_LABELS,
    ROLE_LABELS,
    SPONSOR_STAGE_LABELS,
    Contact,
    Interaction,
    Relationship,
)
from matchwise.engine.network.followup import DEFAULT_RULES, CadenceOverride
from matchwise.network import services

DATE = forms.DateInput(attrs={"type": "date"})


def _listed(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.replace(";", ",").split(",") if part.strip())


def _pydantic_errors(form: forms.Form, exc: ValidationError, fields: dict[str, str]) -> None:
    for err in exc.errors(include_url=False):
        name = str(err["loc"][0]) if err["loc"] else ""
        message = str(err["msg"]).removeprefix("Value error, ")
        target = fields.get(name, name)
        form.add_error(target if target in form.fields else None, message)


class ContactForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="As they sign their emails: Ana Rao")
    title = forms.CharField(
        max_length=60, required=False, help_text="How to address them: Dr., Prof."
    )
    position = forms.CharField(
        max_length=300,
        required=False,
        help_text="Their job: 'Associate Program Director, IR'; 'PGY-4 resident'",
    )
    role = forms.ChoiceField(choices=[(r.value, label) for r, label in ROLE_LABELS.items()])
    institution = forms.CharField(max_length=300, required=False)
    program_codes = forms.CharField(
        required=False,
        label="Programs (NRMP codes)",
        help_text="The catalog programs they belong to, comma-separated (e.g. 1536416C0). "
        "A mentor or sponsor there raises your interview odds in Pick.",
    )
    email = forms.CharField(max_length=254, required=False)
    phone = forms.CharField(max_length=40, required=False)
    linkedin = forms.CharField(max_length=300, required=False, label="LinkedIn")
    how_met = forms.CharField(
        max_length=300, required=False, label="How you met", help_text="e.g. SIR 2027, poster hall"
    )
    met_on = forms.DateField(required=False, widget=DATE, label="Met on")
    tags = forms.CharField(required=False, help_text="comma-separated: sir2027, chicago")
    relationship = forms.ChoiceField(
        choices=[(r.value, r.value) for r in Relationship],
        help_text="A mentor advises you; a sponsor uses their influence for you.",
    )
    mentor_kinds = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(k.value, label) for k, label in MENTOR_KIND_LABELS.items()],
        label="Mentor for",
    )
    sponsor_stage = forms.ChoiceField(
        choices=[(s.value, label) for s, label in SPONSOR_STAGE_LABELS.items()],
        label="Sponsorship",
        help_text="How far they have gone for you.",
    )
    their_work = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Their work",
        help_text="Papers, talks, projects: what your messages should name.",
    )
    project = forms.CharField(
        max_length=300,
        required=False,
        label="Active research project with them",
        help_text="While one runs, an update is due every 1 to 2 weeks.",
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        payload = {k: v for k, v in data.items() if k != "project" and v not in (None, "")}
        payload["program_codes"] = _listed(data.get("program_codes") or "")
        payload["tags"] = _listed(data.get("tags") or "")
        try:
            self.contact = Contact.model_validate(payload)
        except ValidationError as exc:
            _pydantic_errors(self, exc, {})
        return data


def contact_initial(contact: Contact, project: str) -> dict[str, Any]:
    data = contact.model_dump(mode="json")
    data["program_codes"] = ", ".join(contact.program_codes)
    data["tags"] = ", ".join(contact.tags)
    data["mentor_kinds"] = sorted(data["mentor_kinds"])
    data["project"] = project
    return data


class InteractionForm(forms.Form):
    on = forms.DateField(widget=DATE, label="Date", initial=lambda: services.today())
    channel = forms.ChoiceField(choices=[(c.value, label) for c, label in CHANNEL_LABELS.items()])
    summary = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="What was said."
    )
    promised = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 1}),
        label="Promised",
        help_text="By whom: 'I send my CV by Friday'; 'she asks her PD about an observership'.",
    )
    next_step = forms.CharField(required=False, label="Next step", max_length=2000)
    awaiting_reply = forms.BooleanField(
        required=False, label="I owe them an answer", help_text="Due within 48 to 72 hours."
    )
    they_helped = forms.BooleanField(
        required=False, label="They helped me", help_text="A thank-you is due within 1 to 2 days."
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data["on"] > services.today():
            self.add_error(
                "on", "An interaction is logged when it has happened: not a future date."
            )
            return data
        try:
            self.interaction = Interaction.model_validate(data)
        except ValidationError as exc:
            _pydantic_errors(self, exc, {})
        return data


class SnoozeForm(forms.Form):
    until = forms.DateField(widget=DATE, label="Snooze until")
    reason = forms.CharField(max_length=300, help_text="e.g. 'she is away until March'")

    def clean_until(self) -> date:
        until: date = self.cleaned_data["until"]
        if until <= services.today():
            raise forms.ValidationError("Choose a day after today.")
        return until


class CadenceForm(forms.Form):
    rule = forms.ChoiceField(
        choices=[(r.key, f"{r.label} ({r.window})") for r in DEFAULT_RULES.values()]
    )
    first_day = forms.IntegerField(min_value=0, max_value=730, label="Due after (days)")
    last_day = forms.IntegerField(min_value=0, max_value=730, label="Overdue after (days)")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and data["first_day"] > data["last_day"]:
            self.add_error("last_day", "Overdue must come on or after due.")
        elif not self.errors:
            self.override = CadenceOverride(data["rule"], data["first_day"], data["last_day"])
        return data


class TagCadenceForm(CadenceForm):
    tag = forms.CharField(max_length=60, help_text="e.g. linkedin (every LinkedIn import has it)")
    reset = forms.BooleanField(required=False, label="Back to the default for this tag")

    field_order = ("tag", "rule", "first_day", "last_day", "reset")

    def clean_tag(self) -> str:
        return str(self.cleaned_data["tag"]).strip().lower()


class ConferenceForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="e.g. SIR Annual Scientific Meeting 2027")
    starts = forms.DateField(widget=DATE)
    ends = forms.DateField(widget=DATE)
    place = forms.CharField(max_length=200, required=False)
    pitch = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="30 to 60 seconds spoken (about 75 to 150 words): who you are, what you do "
        "in IR, what you are looking for.",
    )
    notes = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text="Taken on the spot."
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and data["ends"] < data["starts"]:
            self.add_error("ends", "The conference cannot end before it starts.")
        return data


class TargetForm(forms.Form):
    contact = forms.TypedChoiceField(coerce=int, label="Person to meet")
    reason = forms.CharField(
        max_length=300, help_text="Their talk, their paper, their program: why them."
    )

    def __init__(self, *args: Any, contacts: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].choices = contacts


class ContactImportForm(forms.Form):
    file = forms.FileField(
        label="Contacts file",
        help_text="LinkedIn's Connections.csv, a vCard (.vcf) from your phone or mail program, "
        "or a spreadsheet (.csv, .xlsx); at most 5 MB.",
    )
    mapping = forms.CharField(
        required=False,
        max_length=2000,
        label="Your column names (spreadsheets only)",
        help_text='e.g. "Full Name=name,Hospital=institution,E-mail=email"; the fields are in '
        "docs/network.md",
    )
    skip_bad_rows = forms.BooleanField(
        required=False,
        label="Skip bad rows and list them",
        help_text="otherwise one bad row refuses the whole file and nothing is imported",
    )
