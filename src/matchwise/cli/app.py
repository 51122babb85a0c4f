"""The ``matchwise`` command line: a thin layer over the services in ``matchwise.pick``.

Every command prints one clear message and exits non-zero on bad input; a traceback is a bug.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from matchwise import __version__
from matchwise.cli.market import market_app
from matchwise.cli.match import match_command
from matchwise.cli.network import network_app
from matchwise.cli.render import print_model_card, print_recommendation, print_whatif
from matchwise.cli.roadmap import agenda, export_ics, readiness, roadmap_app
from matchwise.cli.scholarly import scholarly_app
from matchwise.engine.pick.result import Recommendation
from matchwise.engine.pick.validation import CHECK_DRAWS
from matchwise.pick import calibration as calibration_service
from matchwise.pick import catalog as catalog_service
from matchwise.pick.errors import USER_ERRORS
from matchwise.pick.options import (
    OptionError,
    parse_codes,
    parse_ir_signals,
    parse_mapping,
    parse_objective,
    parse_signals,
)
from matchwise.pick.service import (
    PickRequest,
    load_catalog,
    load_profile,
    run_evaluate,
    run_pick,
    run_whatif,
)
from matchwise.pick.writing import whatif_to_dict, write_outputs

app = typer.Typer(
    name="matchwise",
    help="Explained, calibrated residency application lists for international medical "
    "graduates (Interventional Radiology first). Docs: docs/index.md",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
catalog_app = typer.Typer(help="Check, import and export program catalogs.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
app.add_typer(market_app, name="market")
app.add_typer(network_app, name="network")
app.add_typer(scholarly_app, name="scholarly")
app.add_typer(roadmap_app, name="roadmap")
app.command("agenda")(agenda)
app.command("readiness")(readiness)
app.command("export-ics")(export_ics)
app.command("match")(match_command)

# A pipe or a file gets a wide table rather than Rich's 80-column default.
out = Console(width=None if sys.stdout.isatty() else 150)
err = Console(stderr=True)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn every error a user can fix into one message on stderr and exit status 2."""
    try:
        yield
    except USER_ERRORS as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True, soft_wrap=True)
        raise typer.Exit(2) from None


ProfileOpt = Annotated[
    Path | None,
    typer.Option(
        "--profile",
        "-p",
        help="Your profile (TOML or JSON). Default: the packaged "
        "example, a non-US IMG applying to IR with DR as backup.",
    ),
]
CatalogOpt = Annotated[
    Path | None,
    typer.Option(
        "--catalog",
        "-c",
        help="Program catalog (CSV or XLSX). Default: the DEMO "
        "catalog (synthetic programs, not real data).",
    ),
]
MapOpt = Annotated[
    str | None,
    typer.Option(
        "--map",
        help='Read your own spreadsheet: "Your Column=field,...", see docs/catalog-format.md.',
    ),
]
BudgetOpt = Annotated[
    float | None, typer.Option("--budget", help="Most you will spend on ERAS fees, in US dollars.")
]
MaxOpt = Annotated[int | None, typer.Option("--max", help="Most applications in all.")]
SignalsOpt = Annotated[
    str | None,
    typer.Option(
        "--signals",
        help="Signal pools as SPECIALTIES=GOLD/SILVER (e.g. "
        "'420+416=6/6'), ';' between pools, or 'none'. Default: the published DR "
        "counts, with IR assumed to share them (a prior).",
    ),
]
IrSignalsOpt = Annotated[
    str | None,
    typer.Option(
        "--ir-signals",
        help="Whether IR-Integrated programs take the DR signals, which ERAS does not publish: "
        "'own' (the default, conservative: they do not) or 'shared' (one pool of 6 gold and "
        "6 silver for DR and IR). Both scenarios' P(match) are shown side by side.",
    ),
]
ObjectiveOpt = Annotated[
    str | None,
    typer.Option(
        "--objective",
        help="p-match, utility (your preference weights; the default "
        "when your profile has preferences), or ir-floor:P (maximize P(match) keeping "
        "P(match in IR) at least P).",
    ),
]
FormatOpt = Annotated[
    str, typer.Option("--format", "-f", help="table (default), json, csv or xlsx.")
]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Write json/csv/xlsx here (default: stdout for json/csv)."),
]
ChartOpt = Annotated[
    Path | None, typer.Option("--chart", help="Write the P(match) curve as .png, .svg or .json.")
]
DrawsOpt = Annotated[
    int, typer.Option("--draws", min=20, max=2000, help="Parameter draws for the intervals.")
]


def _request(
    profile: Path | None,
    catalog: Path | None,
    mapping: str | None,
    budget: float | None,
    max_applications: int | None,
    signals: str | None,
    objective: str | None,
    draws: int,
    only: str | None = None,
    ir_signals: str | None = None,
) -> PickRequest:
    name, floor = parse_objective(objective)
    return PickRequest(
        profile=load_profile(profile),
        catalog=load_catalog(catalog, mapping=parse_mapping(mapping) if mapping else None),
        budget_usd=budget,
        max_applications=max_applications,
        only=parse_codes(only, option="--only") if only else None,
        signal_pools=parse_signals(signals) if signals else None,
        objective=name,
        ir_floor=floor,
        draws=draws,
        signal_scenario=parse_ir_signals(ir_signals),
    )


@app.command()
def pick(
    profile: ProfileOpt = None,
    catalog: CatalogOpt = None,
    mapping: MapOpt = None,
    budget: BudgetOpt = None,
    max_applications: MaxOpt = None,
    only: Annotated[
        str | None,
        typer.Option("--only", help="Choose only among these program codes (your shortlist)."),
    ] = None,
    signals: SignalsOpt = None,
    ir_signals: IrSignalsOpt = None,
    objective: ObjectiveOpt = None,
    fmt: FormatOpt = "table",
    output: OutOpt = None,
    chart: ChartOpt = None,
    draws: DrawsOpt = 200,
) -> None:
    """The optimized, explained list: where to apply and signal, for your budget."""
    with user_errors():
        request = _request(
            profile,
            catalog,
            mapping,
            budget,
            max_applications,
            signals,
            objective,
            draws,
            only,
            ir_signals,
        )
        result = run_pick(request)
        _emit(result, fmt, output, chart)


@app.command()
def evaluate(
    programs: Annotated[
        str, typer.Option("--programs", help="Your list: program codes, comma-separated.")
    ],
    profile: ProfileOpt = None,
    catalog: CatalogOpt = None,
    mapping: MapOpt = None,
    gold: Annotated[
        str | None, typer.Option("--gold", help="Codes you send gold signals to.")
    ] = None,
    silver: Annotated[
        str | None, typer.Option("--silver", help="Codes you send silver signals to.")
    ] = None,
    fmt: FormatOpt = "table",
    output: OutOpt = None,
    draws: DrawsOpt = 200,
) -> None:
    """Score a list you already have, in the same terms as pick."""
    with user_errors():
        request = _request(profile, catalog, mapping, None, None, None, None, draws)
        result = run_evaluate(
            request,
            parse_codes(programs, option="--programs"),
            gold=parse_codes(gold, option="--gold") if gold else (),
            silver=parse_codes(silver, option="--silver") if silver else (),
        )
        _emit(result, fmt, output, None)


@app.command()
def whatif(
    change: Annotated[
        list[str],
        typer.Option(
            "--change",
            help='One change to your profile, e.g. "step2=250", '
            '"letters+1", "mentor=1234416A0"; repeat for several.',
        ),
    ],
    profile: ProfileOpt = None,
    catalog: CatalogOpt = None,
    budget: BudgetOpt = None,
    max_applications: MaxOpt = None,
    signals: SignalsOpt = None,
    objective: ObjectiveOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the difference as JSON.")] = False,
    draws: DrawsOpt = 200,
) -> None:
    """The same pick with one thing changed in your profile, and the difference."""
    with user_errors():
        request = _request(
            profile, catalog, None, budget, max_applications, signals, objective, draws
        )
        result = run_whatif(request, change)
        if as_json:
            out.print_json(json.dumps(whatif_to_dict(result)))
        else:
            print_whatif(out, result)


@app.command()
def calibrate(
    parameters: Annotated[
        Path | None, typer.Option("--out", help="Parameter file to write (default: the package's).")
    ] = None,
    model_card: Annotated[
        Path, typer.Option("--model-card", help="Where to write the model card.")
    ] = Path("docs/model-card.md"),
    seed: Annotated[int, typer.Option("--seed", help="Seed of the synthetic population.")] = (
        calibration_service.DEFAULT_SEED
    ),
    check_draws: Annotated[
        int,
        typer.Option(
            "--check-draws",
            min=10,
            max=1000,
            help="Joint parameter draws for the posterior predictive check and the ranks "
            "curves' bands (the shipped card uses the default).",
        ),
    ] = CHECK_DRAWS,
) -> None:
    """Fit the model to the published figures, validate it (posterior predictive check, leave
    one target out), check it in simulated markets; write the parameter file and the model
    card."""
    with user_errors():
        with err.status("Fitting the model to the published figures (a minute or two)..."):
            result = calibration_service.run_calibration(seed=seed)
        with err.status("Validating: joint parameter draws and leave-one-out (about 30 s)..."):
            validation = calibration_service.validate_calibration(
                result, seed=seed, draws=check_draws
            )
        target = parameters or calibration_service.default_parameter_path()
        with err.status("Checking the fit in simulated markets (about 20 s)..."):
            calibration_service.write_calibration(
                result,
                parameters_path=target,
                model_card_path=model_card,
                command=f"matchwise calibrate --seed {seed}"
                + (f" --check-draws {check_draws}" if check_draws != CHECK_DRAWS else ""),
                seed=seed,
                validation=validation,
            )
        for fit in result.fits:
            out.print(
                f"{fit.target.name}: published {fit.target.value:.3g}, model "
                f"{fit.model:.3g} ({fit.standardized:+.2f} se)"
            )
        ppc, loo = validation.predictive, validation.leave_one_out
        out.print(
            f"Posterior predictive check: {sum(c.inside for c in ppc)} of {len(ppc)} published "
            f"figures inside the 90% band; leave one out: {sum(c.inside for c in loo)} of "
            f"{len(loo)} inside."
        )
        out.print(f"Wrote {target} (version {result.parameters.version}) and {model_card}.")


@app.command("model-card")
def model_card(
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the implied aggregates as JSON.")
    ] = False,
) -> None:
    """The model's implied aggregates for the standard population (what calibration fitted)."""
    with user_errors():
        with err.status("Computing the standard population's aggregates..."):
            data = calibration_service.model_card_json()
        if as_json:
            sys.stdout.write(json.dumps(data, indent=2) + "\n")
        else:
            print_model_card(out, data)


@app.command()
def serve(
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1.")] = 8765,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the page in your browser.")
    ] = False,
    catalog: Annotated[
        Path | None,
        typer.Option(
            "--catalog",
            "-c",
            help="Load this catalog (CSV/XLSX) instead of the DEMO "
            "one; validated whole before anything is replaced.",
        ),
    ] = None,
) -> None:
    """Run the web app on your own machine (local mode: SQLite, no account, 127.0.0.1)."""
    from matchwise.site.server import run_server

    with user_errors():
        try:
            run_server(port=port, open_browser=open_browser, catalog=catalog, echo=out.print)
        except RuntimeError as exc:
            raise OptionError(str(exc)) from None


@app.command()
def check() -> None:
    """Report what is misconfigured (settings, database), in words."""
    from matchwise.site.server import check as run_check

    problems = run_check()
    for problem in problems:
        err.print(f"[bold red]problem:[/] {problem}", highlight=False)
    if problems:
        raise typer.Exit(1)
    out.print("All settings are in order and the database answers.")


@catalog_app.command("check")
def catalog_check(
    path: Annotated[Path, typer.Argument(help="Catalog file (CSV or XLSX).")],
    mapping: MapOpt = None,
) -> None:
    """Validate a catalog file and report every problem with its row and column."""
    with user_errors():
        summary = catalog_service.check_catalog(path, mapping=mapping)
        out.print(summary)


@catalog_app.command("import")
def catalog_import(
    source: Annotated[Path, typer.Argument(help="Your spreadsheet (CSV or XLSX).")],
    output: Annotated[
        Path, typer.Option("--out", "-o", help="Catalog file to write (.csv/.xlsx).")
    ],
    mapping: MapOpt = None,
    skip_bad_rows: Annotated[
        bool, typer.Option("--skip-bad-rows", help="Import the good rows; list the skipped ones.")
    ] = False,
) -> None:
    """Turn your spreadsheet into a MatchWise catalog; writes nothing unless every row is valid."""
    with user_errors():
        report = catalog_service.import_catalog(
            source, output, mapping=mapping, skip_bad_rows=skip_bad_rows
        )
        out.print(report)


@catalog_app.command("demo")
def catalog_demo(
    output: Annotated[Path, typer.Option("--out", "-o", help="Where to write the DEMO catalog.")],
) -> None:
    """Write the DEMO catalog (synthetic programs, never real data) to a file to look at."""
    with user_errors():
        out.print(catalog_service.export_demo(output))


def _emit(result: Recommendation, fmt: str, output: Path | None, chart: Path | None) -> None:
    write_outputs(
        result,
        fmt=fmt,
        output=output,
        chart=chart,
        console=out,
        render=print_recommendation,
    )


def version_callback(value: bool) -> None:
    if value:
        out.print(f"matchwise {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """MatchWise: where to apply, explained, with honest probabilities."""


def main() -> None:
    app()
