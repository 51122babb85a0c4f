"""Generate the DEMO catalog: synthetic programs shaped by the published figures.

    python scripts/make_demo_catalog.py [OUT.csv]

Deterministic (fixed seed): re-running it gives the same bytes; a test checks that the shipped
file is what this script writes. Every program name starts with "DEMO", every institution is
invented, the ``demo`` column is yes and every source says "DEMO: synthetic", so it can never be
mistaken for real program data. Counts and distributions come from data/facts.toml:

- IR-Integrated (416): 96 track codes at 94 institutions (NRMP directory scrape, 2024), 52 PGY-1
  and 150 PGY-2 positions (AuntMinnie 2025).
- DR (420): 221 track codes at 183 institutions (2024), 151 PGY-1 and 1,057 PGY-2 positions
  (Radiology Business 2025); J-1 sponsored by 73.1% of programs, H-1B by 23.2%, 66.1% with an
  IMG resident (Acad Radiol 2023).
- IR-Independent (415): 25 tracks (172 positions in its first match, SIR).
- PGY-1 years: 60 transitional (999) and 60 preliminary programs (no published count: a prior).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from matchwise.engine.pick.geography import STATES
from matchwise.engine.pick.program import FieldSource, Program
from matchwise.formats.pick.catalog import write_catalog

SEED = 2026
OUT = Path(__file__).resolve().parents[1] / "src" / "matchwise" / "data" / "demo_catalog.csv"
SRC = "DEMO: synthetic, shaped by "
FACT = {
    "positions": SRC + "IR/DR positions per track (AuntMinnie 2025; Radiology Business 2025)",
    "visa": SRC + "DR visa sponsorship shares (Acad Radiol 2023)",
    "img_share": SRC + "share of DR programs with an IMG resident (Acad Radiol 2023)",
    "applications_per_position": SRC + "applications per applicant x applicants / positions "
    "(Lakhani et al., JACR 2024)",
    "median_step2": SRC + "matched mean Step 2 CK (SIR quoting NRMP 2018; Radiology Business 2024)",
}
# Rough population weights so that states with more programs get more (invented, not data).
BIG = {
    "NY": 9,
    "CA": 9,
    "TX": 7,
    "PA": 6,
    "FL": 5,
    "IL": 5,
    "OH": 5,
    "MA": 5,
    "MI": 4,
    "NC": 4,
    "NJ": 3,
    "GA": 3,
    "MD": 3,
    "VA": 3,
    "TN": 3,
    "MO": 3,
    "WI": 2,
    "MN": 2,
    "WA": 2,
    "CO": 2,
    "AZ": 2,
    "IN": 2,
    "CT": 2,
    "LA": 2,
    "AL": 2,
    "KY": 2,
    "OR": 1,
}
PLACES = (
    "Riverside",
    "Lakeshore",
    "Summit",
    "Cedar Valley",
    "Harbor",
    "Prairie",
    "Granite",
    "Willow Creek",
    "Bayview",
    "Northfield",
    "Redwood",
    "Silver Lake",
    "Maple Ridge",
    "Eastgate",
    "Pinecrest",
    "Stonebridge",
    "Clearwater",
    "Highland",
    "Oakmont",
    "Fairhaven",
    "Brookside",
    "Westbrook",
    "Ironwood",
    "Sunridge",
    "Elm Park",
    "Kingsport",
    "Mesa Verde",
    "Falcon Point",
    "Amber Hill",
    "Crescent",
)
KINDS = (
    "University Hospital",
    "Medical Center",
    "Health System",
    "Regional Medical Center",
    "University Medical Center",
    "Community Hospital",
)


def _maybe(rng: np.random.Generator, value: object, unknown_share: float) -> object:
    """Leave a share of every attribute unknown, as in real directories."""
    return None if rng.random() < unknown_share else value


def _visa(rng: np.random.Generator) -> frozenset[str] | None:
    if rng.random() < 0.15:
        return None
    j1 = rng.random() < 0.731
    h1b = rng.random() < (0.232 / 0.731 if j1 else 0.0)
    return frozenset(v for v, on in (("J-1", j1), ("H-1B", h1b)) if on)


def _institutions(rng: np.random.Generator, n: int) -> list[tuple[int, str, str, str]]:
    states = sorted(STATES - {"PR", "GU", "VI", "AS", "MP"})
    weights = np.array([BIG.get(s, 0.6) for s in states], dtype=float)
    ids = rng.choice(np.arange(1000, 9999), size=n, replace=False)
    out = []
    for i, inst_id in enumerate(sorted(ids)):
        state = states[int(rng.choice(len(states), p=weights / weights.sum()))]
        place = PLACES[i % len(PLACES)]
        kind = KINDS[(i // len(PLACES)) % len(KINDS)]
        round_ = i // (len(PLACES) * len(KINDS))
        name = f"DEMO {place} {kind}" + (f" {round_ + 1}" if round_ else "")
        out.append((int(inst_id), name, f"DEMO {place}", state))
    return out


def _program(rng, inst, specialty, track, positions, *, academic_p, apps, step2, img):  # type: ignore[no-untyped-def]
    inst_id, inst_name, city, state = inst
    code_part = {"416": "416", "420": "420", "415": "415", "999": "999", "prelim": "140"}
    label = {
        "416": "Interventional Radiology-Integrated",
        "420": "Diagnostic Radiology",
        "415": "Interventional Radiology-Independent",
        "999": "Transitional Year",
        "prelim": "Internal Medicine-Preliminary",
    }[specialty]
    has_img = rng.random() < img[0]
    values = {
        "code": f"{inst_id}{code_part[specialty]}{track}0",
        "name": f"{inst_name} {label}",
        "specialty": specialty,
        "track": track,
        "acgme_id": _maybe(rng, f"DEMO-{code_part[specialty]}{inst_id:05d}", 0.3),
        "institution": inst_name,
        "city": city,
        "state": state,
        "positions": _maybe(rng, int(positions), 0.05),
        "visa": _visa(rng),
        "img_share": _maybe(rng, round(float(rng.beta(*img[1])), 2) if has_img else 0.0, 0.15),
        "academic": _maybe(rng, bool(rng.random() < academic_p), 0.1),
        "applications_per_position": _maybe(
            rng, round(float(rng.lognormal(np.log(apps), 0.35)), 1), 0.2
        ),
        "median_step2": _maybe(rng, int(np.clip(round(rng.normal(*step2)), 215, 270)), 0.3),
        "min_step2": int(rng.choice([215, 220, 225, 230, 235])) if rng.random() < 0.2 else None,
        "max_attempts": int(rng.choice([1, 2])) if rng.random() < 0.2 else None,
        "max_years_since_graduation": int(rng.choice([3, 5, 5, 7])) if rng.random() < 0.2 else None,
        "min_usce_months": float(rng.choice([0, 2, 3, 6])) if rng.random() < 0.2 else None,
        "ecfmg_deadline": rng.choice(["rank_deadline", "start", "application"])
        if rng.random() < 0.25
        else None,
        "signals_accepted": (
            None
            if specialty in ("416", "415")  # unknown for IR (facts)
            else _maybe(rng, bool(rng.random() < 0.93), 0.05)
        ),
        "demo": True,
    }
    sources = {
        field: FieldSource(source=FACT.get(field, SRC + "an invented plausible value"))
        for field, value in values.items()
        if value is not None and field not in ("code", "demo")
    }
    return Program.model_validate({**values, "sources": sources})


def _split(rng: np.random.Generator, total: int, n: int) -> list[int]:
    """``n`` positive integers summing to ``total``."""
    base = rng.dirichlet(np.full(n, 4.0)) * (total - n)
    counts = np.floor(base).astype(int) + 1
    for i in np.argsort(base - np.floor(base))[::-1][: total - counts.sum()]:
        counts[i] += 1
    return [int(c) for c in counts]


def demo_programs() -> list[Program]:
    rng = np.random.default_rng(SEED)
    dr_inst = _institutions(rng, 183)
    programs: list[Program] = []
    dr_c, dr_a = dr_inst[:38], dr_inst[:183]  # 38 categorical + 183 advanced = 221 tracks
    for inst, n in zip(dr_c, _split(rng, 151, len(dr_c)), strict=True):
        programs.append(
            _program(
                rng,
                inst,
                "420",
                "C",
                n,
                academic_p=0.65,
                apps=116,
                step2=(248, 5),
                img=(0.661, (2, 9)),
            )
        )
    for inst, n in zip(dr_a, _split(rng, 1057, len(dr_a)), strict=True):
        programs.append(
            _program(
                rng,
                inst,
                "420",
                "A",
                n,
                academic_p=0.65,
                apps=116,
                step2=(248, 5),
                img=(0.661, (2, 9)),
            )
        )
    ir_inst = [dr_inst[i] for i in sorted(rng.choice(len(dr_inst), 94, replace=False))]
    ir_c, ir_a = ir_inst[:30], ir_inst[28:]  # 30 + 66 = 96 tracks; two places have both
    for inst, n in zip(ir_c, _split(rng, 52, len(ir_c)), strict=True):
        programs.append(
            _program(
                rng,
                inst,
                "416",
                "C",
                n,
                academic_p=0.85,
                apps=88,
                step2=(252, 4),
                img=(0.4, (2, 14)),
            )
        )
    for inst, n in zip(ir_a, _split(rng, 150, len(ir_a)), strict=True):
        programs.append(
            _program(
                rng,
                inst,
                "416",
                "A",
                n,
                academic_p=0.85,
                apps=88,
                step2=(252, 4),
                img=(0.4, (2, 14)),
            )
        )
    indep = [dr_inst[i] for i in sorted(rng.choice(len(dr_inst), 25, replace=False))]
    for inst, n in zip(indep, _split(rng, 172, 25), strict=True):
        programs.append(
            _program(
                rng,
                inst,
                "415",
                "A",
                n,
                academic_p=0.85,
                apps=20,
                step2=(250, 5),
                img=(0.4, (2, 14)),
            )
        )
    pgy1_inst = _institutions(np.random.default_rng(SEED + 1), 120)
    for i, inst in enumerate(pgy1_inst):
        specialty = "999" if i % 2 == 0 else "prelim"
        programs.append(
            _program(
                rng,
                inst,
                specialty,
                "P",
                int(rng.integers(2, 14)),
                academic_p=0.5,
                apps=45 if specialty == "999" else 30,
                step2=(245, 6) if specialty == "999" else (236, 7),
                img=(0.55, (2, 6)) if specialty == "999" else (0.85, (3, 4)),
            )
        )
    return programs


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    programs = demo_programs()
    write_catalog(programs, out)
    print(f"wrote {len(programs)} DEMO programs to {out}")


if __name__ == "__main__":
    main()
