"""The catalog page's filter form: validates what the query string asks."""

from __future__ import annotations

from django import forms

from matchwise.engine.pick.geography import REGIONS, STATES
from matchwise.engine.pick.program import SPECIALTY_LABELS
from matchwise.programs.models import Interest
from matchwise.programs.services import ProgramQuery


class ProgramFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=100,
        label="Search",
        help_text="name, institution, city or NRMP code",
    )
    specialty = forms.ChoiceField(
        required=False,
        choices=[("", "All specialties")]
        + [(s.value, label) for s, label in SPECIALTY_LABELS.items()],
    )
    state = forms.ChoiceField(
        required=False, choices=[("", "All states")] + [(s, s) for s in sorted(STATES)]
    )
    region = forms.ChoiceField(
        required=False, choices=[("", "All regions")] + [(r, r) for r in REGIONS]
    )
    visa = forms.ChoiceField(
        required=False,
        label="Sponsors",
        choices=[("", "Any visa policy"), ("J-1", "J-1"), ("H-1B", "H-1B")],
    )
    min_img_share = forms.FloatField(
        required=False, min_value=0, max_value=100, label="IMG share at least (%)"
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[
            ("name", "Name"),
            ("state", "State"),
            ("img_share", "IMG share"),
            ("positions", "Positions"),
            ("specialty", "Specialty"),
        ],
    )
    fits = forms.BooleanField(
        required=False,
        label="Only programs my profile passes",
        help_text="hide programs whose visa, score, attempts, graduation-year, US clinical "
        "experience or ECFMG rules filter you out",
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def query(self, passing: frozenset[str] | None = None) -> ProgramQuery:
        """The valid part of the request (invalid fields are reported and ignored);
        ``passing``: the codes the applicant passes, used when the ``fits`` box is ticked."""
        data = (
            self.cleaned_data
            if self.is_valid()
            else {
                k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors
            }
        )
        share = data.get("min_img_share")
        return ProgramQuery(
            text=data.get("q") or "",
            specialty=data.get("specialty") or "",
            state=data.get("state") or "",
            region=data.get("region") or "",
            visa=data.get("visa") or "",
            min_img_share=None if share is None else share / 100,
            sort=data.get("sort") or "name",
            page=data.get("page") or 1,
            passing=passing if data.get("fits") else None,
        )

    @property
    def wants_fits(self) -> bool:
        return bool(self.data.get("fits")) if self.is_bound else False


class ProgramNoteForm(forms.Form):
    interest = forms.TypedChoiceField(
        choices=Interest.choices,
        coerce=int,
        label="Your interest",
        help_text="only you see this; Pick's list is not changed by it",
    )
    notes = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Your notes",
        help_text="e.g. who you know there, what the residents said, questions for interview day",
    )


class CatalogImportForm(forms.Form):
    file = forms.FileField(
        label="Catalog file",
        help_text="a .csv or .xlsx file, at most 5 MB; the columns are in docs/catalog-format.md",
    )
    mapping = forms.CharField(
        required=False,
        max_length=2000,
        label="Your column names (optional)",
        help_text='when your spreadsheet names columns its own way: "Program Name=name,ST=state"',
    )
    skip_bad_rows = forms.BooleanField(
        required=False,
        label="Skip bad rows and list them",
        help_text="otherwise one bad row refuses the whole file and nothing changes",
    )
