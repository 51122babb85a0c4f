"""Roadmap forms; problems are shown beside the field, and nothing is saved on error."""

from __future__ import annotations

import functools
import zoneinfo
from typing import Any

from django import forms

from matchwise.engine.roadmap.cycle import PATHWAY_LABELS, Pathway
from matchwise.engine.roadmap.letters import LETTER_STATUS_LABELS, SPECIALTY_LABELS
from matchwise.engine.roadmap.milestones import CATEGORY_LABELS, STATUS_LABELS
from matchwise.roadmap.services import RoadmapError, check_time_zone, shipped_years

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


@functools.cache
def time_zones() -> list[str]:
    """Every IANA time zone name this machine knows, for the field's suggestions."""
    return sorted(z for z in zoneinfo.available_timezones() if "/" in z)


def cycle_choices() -> list[tuple[int, str]]:
    years = sorted(
        set(shipped_years()) | set(range(max(shipped_years()), max(shipped_years()) + 4))
    )
    return [(y, f"Match {y}") for y in years]


class SettingsForm(forms.Form):
    cycle_year = forms.TypedChoiceField(
        label="Target Match", coerce=int, choices=(), help_text="The March Match you enter "
        "(applications go out the September before); the independent IR match is in June.",
    )  # fmt: skip
    pathways = forms.MultipleChoiceField(
        choices=[(p.value, PATHWAY_LABELS[p]) for p in Pathway],
        widget=forms.CheckboxSelectMultiple,
        help_text="DR + ESIR is the usual backup to IR-Integrated.",
    )
    time_zone = forms.CharField(
        max_length=64,
        initial="UTC",
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}),
        help_text="Where you are, e.g. Asia/Kolkata: your 'today', and deadlines in your time.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cycle_year"].choices = cycle_choices()

    def clean_time_zone(self) -> str:
        try:
            return check_time_zone(self.cleaned_data["time_zone"].strip())
        except RoadmapError as exc:
            raise forms.ValidationError(str(exc)) from None


class MilestoneForm(forms.Form):
    title = forms.CharField(max_length=300)
    category = forms.ChoiceField(choices=[(k.value, v) for k, v in CATEGORY_LABELS.items()])
    due = forms.DateField(required=False, widget=DATE, help_text="Changing a planned date pins "
                          "it: a change in the cycle will not move it.")  # fmt: skip
    status = forms.ChoiceField(choices=[(k.value, v) for k, v in STATUS_LABELS.items()])
    skip_reason = forms.CharField(
        max_length=500, required=False, help_text="Needed when you skip it: why?"
    )
    why = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == "skipped" and not data.get("skip_reason", "").strip():
            self.add_error("skip_reason", "Say why you skip it.")
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[(k.value, v) for k, v in STATUS_LABELS.items()])
    skip_reason = forms.CharField(max_length=500, required=False)


class LetterForm(forms.Form):
    contact = forms.TypedChoiceField(
        label="Writer in your Network", coerce=int, required=False, empty_value=None,
        choices=(), help_text="Their interactions show whether they know your work.",
    )  # fmt: skip
    writer = forms.CharField(max_length=200, help_text="As ERAS will show it: Dr. Ana Rao")
    specialty = forms.ChoiceField(choices=[(k.value, v) for k, v in SPECIALTY_LABELS.items()])
    us_based = forms.BooleanField(label="US-based faculty", required=False, initial=True)
    relationship = forms.CharField(
        max_length=300, required=False, help_text="e.g. research mentor, observership supervisor"
    )
    known_months = forms.IntegerField(
        label="Known you for (months)", min_value=0, max_value=600, required=False
    )
    seen = forms.CharField(
        label="What they have seen of your work",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    status = forms.ChoiceField(choices=[(k.value, v) for k, v in LETTER_STATUS_LABELS.items()])
    asked_on = forms.DateField(required=False, widget=DATE)
    agreed_on = forms.DateField(required=False, widget=DATE)
    uploaded_on = forms.DateField(label="Uploaded to ERAS on", required=False, widget=DATE)
    eras_letter_id = forms.CharField(label="ERAS letter ID", max_length=40, required=False)

    def __init__(self, *args: Any, writers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"].choices = [("", "(not in my Network)"), *writers]


class CorrectionForm(forms.Form):
    on = forms.DateField(required=False, widget=DATE, label="Date")
    note = forms.CharField(max_length=300, required=False, help_text="where you read it")


__all__ = [
    "CorrectionForm",
    "LetterForm",
    "MilestoneForm",
    "SettingsForm",
    "StatusForm",
    "cycle_choices",
]
