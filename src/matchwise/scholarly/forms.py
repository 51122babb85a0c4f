"""Scholarly forms: each builds the engine's Output, problems shown beside the field."""

from __future__ import annotations

from typing import Any

from django import forms
from pydantic import ValidationError

from matchwise.engine.scholarly.outputs import (
    IR_TOPIC_LABELS,
    MONTH_NAMES,
    OUTPUT_TYPE_LABELS,
    STATUS_LABELS,
    Output,
    VenueKind,
    parse_authors,
)

DATE = forms.DateInput(attrs={"type": "date"})


class OutputForm(forms.Form):
    type = forms.ChoiceField(choices=[(t.value, label) for t, label in OUTPUT_TYPE_LABELS.items()])
    title = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
    authors = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="In order, separated by ';': Rao AK; Okafor S; Lee P",
    )
    my_position = forms.IntegerField(
        required=False,
        min_value=1,
        label="Your place in the author list",
        help_text="1 = first author. Be exact: program directors check.",
    )
    status = forms.ChoiceField(
        choices=[(s.value, label) for s, label in STATUS_LABELS.items()],
        help_text="A change of status is dated today, so the record shows your progress.",
    )
    venue = forms.CharField(
        max_length=500, required=False, help_text="The journal, meeting or book"
    )
    venue_kind = forms.ChoiceField(
        choices=[(v.value, v.value) for v in VenueKind], label="Venue is a"
    )
    place = forms.CharField(max_length=200, required=False, help_text="Where a meeting was held")
    event_date = forms.DateField(required=False, widget=DATE, label="Meeting date")
    year = forms.IntegerField(required=False, min_value=1950, max_value=2100)
    month = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "(not known)"), *((str(n), name) for n, name in enumerate(MONTH_NAMES, 1))],
        help_text="Of publication or presentation: ERAS asks for the month and year.",
        error_messages={
            "invalid_choice": "Month %(value)s is not a month: choose January to December, "
            "or (not known)."
        },
    )
    volume = forms.CharField(max_length=40, required=False)
    issue = forms.CharField(max_length=40, required=False)
    pages = forms.CharField(max_length=40, required=False)
    doi = forms.CharField(max_length=200, required=False, label="DOI")
    pmid = forms.CharField(max_length=12, required=False, label="PMID")
    url = forms.CharField(max_length=500, required=False, label="URL")
    peer_reviewed = forms.BooleanField(required=False, label="Peer reviewed")
    national_meeting = forms.BooleanField(
        required=False, label="Presented at a national or international meeting"
    )
    topics = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(t.value, label) for t, label in IR_TOPIC_LABELS.items()],
        label="IR relevance",
    )
    my_role = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Your own role, in words",
        help_text="e.g. data collection, literature review, figures, first draft, analysis",
    )
    mentor = forms.CharField(max_length=200, required=False, help_text="Your mentor on it")
    meaningful = forms.BooleanField(
        required=False, label="One of your three most meaningful (ERAS)"
    )
    project = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, projects: list[tuple[int, str]], **kwargs: Any) -> None:
        self.history = kwargs.pop("history", ())
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", "(none)"), *projects]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        payload = {
            k: v for k, v in data.items() if k not in ("authors", "project") and v not in (None, "")
        }
        payload["authors"] = parse_authors(data.get("authors") or "")
        payload["history"] = self.history
        try:
            self.output = Output.model_validate(payload)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                name = str(err["loc"][0]) if err["loc"] else ""
                message = str(err["msg"]).removeprefix("Value error, ")
                if "my_position" in message:
                    name = "my_position"
                elif message.startswith("month"):  # a month without a year
                    name = "month"
                self.add_error(name if name in self.fields else None, message)
        return data


def output_initial(output: Output, project_id: int | None) -> dict[str, Any]:
    data = output.model_dump(mode="json")
    data["authors"] = "; ".join(str(a) for a in output.authors)
    data["topics"] = sorted(data["topics"])
    data["project"] = project_id
    return data


class ProjectForm(forms.Form):
    name = forms.CharField(max_length=300)
    mentor = forms.TypedChoiceField(
        coerce=int,
        required=False,
        empty_value=None,
        help_text="A Network contact: while the project is active, an update to them is due "
        "every 1 to 2 weeks.",
    )
    active = forms.BooleanField(required=False, initial=True)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, contacts: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].choices = [("", "(none)"), *contacts]


class ReferenceImportForm(forms.Form):
    file = forms.FileField(
        label="Reference file",
        help_text="BibTeX (.bib), RIS (.ris), PubMed (.nbib or .txt) or CSL-JSON (.json), as "
        "Zotero, Mendeley, EndNote, PubMed and Google Scholar export them; at most 5 MB.",
    )
    me = forms.CharField(
        required=False,
        max_length=1000,
        label="Your name as author lists write it",
        help_text="Every spelling, separated by ';': Okafor S; Okafor SO; Samuel Okafor. "
        "Confirmed once, kept for the next import.",
    )
    skip_bad_entries = forms.BooleanField(
        required=False,
        label="Skip bad entries and list them",
        help_text="otherwise one bad entry refuses the whole file and nothing is imported",
    )
