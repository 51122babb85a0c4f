"""The profile form: every field of the engine's Profile, with the help a first-time applicant
needs, validated by the engine's own rules (messages land next to their field)."""

from __future__ import annotations

from typing import Any

from django import forms
from pydantic import ValidationError

from matchwise.engine.pick.profile import (
    APPLICANT_TYPE_LABELS,
    EcfmgStatus,
    Profile,
    TieKind,
    VisaNeed,
)
from matchwise.engine.pick.program import SPECIALTY_LABELS

ECFMG_LABELS = {
    EcfmgStatus.CERTIFIED: "Certified",
    EcfmgStatus.BY_RANK_DEADLINE: "Expected before the rank order list deadline",
    EcfmgStatus.BY_START: "Expected only by the July start",
    EcfmgStatus.LATER: "Later",
    EcfmgStatus.NOT_NEEDED: "Not needed (US MD/DO graduate)",
}


# The form's fields that are ties (one program code per tie), by kind.
TIE_FIELDS = {"rotations": TieKind.ROTATION, "observerships": TieKind.OBSERVERSHIP}


def _int(label: str, help_text: str, lo: int, hi: int, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, help_text=help_text, min_value=lo, max_value=hi, required=required
    )


def _months(label: str, help_text: str) -> forms.FloatField:
    return forms.FloatField(label=label, help_text=help_text, min_value=0, max_value=120, initial=0)


class ProfileForm(forms.Form):
    applicant_type = forms.ChoiceField(
        label="Applicant type",
        choices=[(k.value, v) for k, v in APPLICANT_TYPE_LABELS.items()],
        help_text="NRMP's categories: a US-citizen IMG studied abroad; match rates differ a lot.",
    )
    match_year = _int("Match year", "The Match you enter (March of this year).", 2020, 2040)
    graduation_year = _int(
        "Graduation year", "Medical school graduation; programs count years since.", 1960, 2040
    )
    step2_score = _int(
        "Step 2 CK score", "Leave empty if you have not taken it yet.", 180, 300, required=False
    )
    exam_attempts = _int(
        "Most attempts on a USMLE step", "1 if you passed everything on the first attempt.", 1, 6
    )
    ecfmg = forms.ChoiceField(
        label="ECFMG certification",
        choices=[(k.value, v) for k, v in ECFMG_LABELS.items()],
        help_text="IMGs need it to start residency; many programs want it by the rank-order "
        "deadline. US MD/DO graduates: not needed.",
    )
    visa_need = forms.ChoiceField(
        label="Visa you need",
        choices=[(v.value, v.value) for v in VisaNeed],
        help_text="'none' for US citizens and permanent residents.",
    )
    usce_hands_on_months = _months(
        "Hands-on US clinical experience (months)",
        "Externships, sub-internships; observerships count separately.",
    )
    usce_observership_months = _months("Observerships (months)", "Watching, not treating.")
    usce_ir_months = _months("Of those, months in IR or DR", "Programs read it as dedication.")
    us_ir_dr_letters = _int("Letters from US IR/DR faculty", "Programs weigh these most.", 0, 10)
    us_other_letters = _int("Other US letters", "From other US faculty.", 0, 10)
    peer_reviewed_publications = _int(
        "Peer-reviewed publications",
        "Published or accepted; in preparation does not count.",
        0,
        500,
    )
    first_author_publications = _int(
        "First-author items", "Of publications and presentations.", 0, 500
    )
    ir_publications = _int("IR-related items", "Items on an IR topic.", 0, 500)
    presentations = _int("Presentations", "Abstracts, posters, talks.", 0, 500)
    home_states = forms.CharField(
        label="States with a connection",
        required=False,
        help_text="Two-letter codes, comma-separated (family, school, "
        "work): programs there interview you more often.",
    )
    specialties = forms.MultipleChoiceField(
        label="You apply to",
        widget=forms.CheckboxSelectMultiple,
        choices=[(k.value, v) for k, v in SPECIALTY_LABELS.items()],
        help_text="Advanced (PGY-2) positions also need a transitional or preliminary year.",
    )
    rotations = forms.CharField(
        label="Away rotations and audition electives at",
        required=False,
        help_text="Program codes, comma-separated: where you did an away rotation, audition "
        "elective or sub-internship (hands-on). With a signal, the strongest published "
        "predictor of matching at a program.",
    )
    observerships = forms.CharField(
        label="Observerships at",
        required=False,
        help_text="Program codes, comma-separated: where you observed (not treated).",
    )
    budget_usd = forms.FloatField(
        label="ERAS budget (US$)",
        required=False,
        min_value=0,
        help_text="Fees: $11 each for the first 30 per specialty, $30 after (AAMC 2026).",
    )

    def __init__(
        self,
        *args: Any,
        base: Profile | None = None,
        known_codes: frozenset[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Fields the form does not show (preferences, mentors, ...) are kept from the saved
        # profile; rotations and observerships are ties too, edited here.
        self.base = base
        self.known_codes = known_codes

    def _codes(self, name: str) -> tuple[str, ...]:
        codes = tuple(
            dict.fromkeys(
                c.strip() for c in (self.cleaned_data.get(name) or "").split(",") if c.strip()
            )
        )
        unknown = [c for c in codes if self.known_codes is not None and c not in self.known_codes]
        if unknown:
            self.add_error(
                name,
                f"{', '.join(unknown)}: not a program code in the catalog (see the Programs page)",
            )
        return codes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        rotations, observerships = self._codes("rotations"), self._codes("observerships")
        if self.errors:
            return data
        kept = self.base.model_dump(mode="json") if self.base is not None else {}
        for name in self.fields:
            kept.pop(name, None)
        payload = {
            **kept,
            **{k: v for k, v in data.items() if v not in (None, "") and k not in TIE_FIELDS},
        }
        payload["home_states"] = tuple(
            s.strip().upper() for s in (data.get("home_states") or "").split(",") if s.strip()
        )
        others = [t for t in kept.get("ties", ()) if t["kind"] not in TIE_FIELDS.values()]
        payload["ties"] = [
            *others,
            *({"program": c, "kind": TieKind.ROTATION.value} for c in rotations),
            *({"program": c, "kind": TieKind.OBSERVERSHIP.value} for c in observerships),
        ]
        try:
            self.profile = Profile.model_validate(payload)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                field = str(err["loc"][0]) if err["loc"] else None
                message = str(err["msg"]).removeprefix("Value error, ")
                if field in self.fields:
                    self.add_error(field, message)
                elif "graduation_year" in message:
                    self.add_error("graduation_year", message)
                else:
                    self.add_error(None, message)
        return data


def initial_from(profile: Profile | None) -> dict[str, Any]:
    if profile is None:
        # a new applicant starts from the profile's own defaults (0 letters, 0 months, ...)
        defaults = {
            name: field.default
            for name, field in Profile.model_fields.items()
            if name in ProfileForm.base_fields and isinstance(field.default, int | float | str)
        }
        return {
            **defaults,
            "match_year": 2027,
            "exam_attempts": 1,
            "specialties": ["416", "420", "prelim"],
        }
    data = profile.model_dump(mode="json")
    data["home_states"] = ", ".join(profile.home_states)
    for field, kind in TIE_FIELDS.items():
        data[field] = ", ".join(t.program for t in profile.ties if t.kind is kind)
    return data
