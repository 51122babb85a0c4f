"""The Market page's form: a specialty, how many runs, and an optional change."""

from __future__ import annotations

from typing import Any

from django import forms

from matchwise.engine.market.simulator import CHANGE_FIELDS, ChangeError, parse_change

SPECIALTIES = [("416", "IR-Integrated (416)"), ("420", "Diagnostic Radiology (420)")]
RUNS = [(20, "20 (quick look)"), (100, "100"), (200, "200"), (500, "500 (slow)")]


class SimulationForm(forms.Form):
    specialty = forms.ChoiceField(choices=SPECIALTIES, label="Specialty")
    runs = forms.TypedChoiceField(choices=RUNS, coerce=int, initial=100, label="Runs")
    change = forms.CharField(
        required=False,
        max_length=200,
        label="Change (optional)",
        help_text="Simulated beside the baseline, e.g. applications+10, signals*2, positions+5; "
        "several separated by commas. Fields: " + ", ".join(CHANGE_FIELDS) + ".",
    )

    me = forms.BooleanField(
        required=False,
        label="Put me in the market",
        help_text="With your Pick profile: your own P(match) by number of contiguous ranks.",
    )

    def clean_change(self) -> tuple[str, ...]:
        text: str = self.cleaned_data["change"]
        parts = tuple(p.strip() for p in text.split(",") if p.strip())
        try:
            return tuple(parse_change(p).text for p in parts)
        except ChangeError as exc:
            raise forms.ValidationError(str(exc)) from None

    def request_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "specialty": data["specialty"],
            "runs": data["runs"],
            "changes": data["change"],
            "me": data["me"],
        }
