"""``veiligeplek simulate FILE.toml [--replications N --seed S --years Y --workers W]
--format json|csv|table``; ``--search`` answers the scenario's ``[search]`` question;
``--calibrate`` writes FILE.toml (and its landscape CSV) from the registry and case history.

Exit 2 with one line naming the key and line for a bad scenario file (``ScenarioError``).
The simulation itself is ``veiligeplek.simulation`` (pure: domain and data only); only
``landscape = "registry"`` and ``--calibrate`` read the database, through
``simulation.calibrate``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from veiligeplek.simulation.calibrate import calibrate_to, registry_rows
from veiligeplek.simulation.results import to_csv, to_table
from veiligeplek.simulation.runner import simulate
from veiligeplek.simulation.scenario import ScenarioError, load_scenario
from veiligeplek.simulation.search import SearchError, search


def _positive(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"verwacht een geheel getal, niet {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("moet minstens 1 zijn")
    return value


def _years(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"verwacht een getal, niet {text!r}") from None
    if not 0 < value <= 200:  # noqa: PLR2004
        raise argparse.ArgumentTypeError("moet tussen 0 en 200 liggen")
    return value


class Command(BaseCommand):
    help = (
        "Simuleer een capaciteitsscenario (TOML): wachttijden, ad-hocplaatsingen en bezetting "
        "met 95%-betrouwbaarheidsintervallen. --calibrate schrijft FILE als scenario uit het "
        "register en de casushistorie. Exit 2 bij een ongeldig scenario."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="scenariobestand (TOML)")
        parser.add_argument("--replications", type=_positive)
        parser.add_argument("--seed", type=int)
        parser.add_argument("--years", type=_years)
        parser.add_argument("--workers", type=_positive, default=min(2, os.cpu_count() or 1))
        parser.add_argument("--format", choices=["json", "csv", "table"], default="json")
        parser.add_argument("--search", action="store_true", help="beantwoord de [search]-vraag")
        parser.add_argument(
            "--calibrate", action="store_true", help="schrijf FILE uit register en historie"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if options["calibrate"]:
            self._calibrate(path)
            return
        try:
            scenario = load_scenario(path, registry_rows=_registry_rows).with_overrides(
                replications=options["replications"], seed=options["seed"], years=options["years"]
            )
        except ScenarioError as exc:
            raise CommandError(f"ongeldig scenario: {exc}", returncode=2) from exc
        progress = _bar if sys.stderr.isatty() else None
        if options["search"]:
            try:
                result = search(scenario, workers=options["workers"], progress=progress)
            except SearchError as exc:
                raise CommandError(f"ongeldig scenario: {exc}", returncode=2) from exc
        else:
            result = simulate(scenario, workers=options["workers"], progress=progress)
        if progress:
            sys.stderr.write("\n")
        self._write(result, options["format"], search=options["search"])

    def _write(self, result: dict[str, Any], fmt: str, *, search: bool) -> None:
        if fmt == "json" or search:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        elif fmt == "csv":
            self.stdout.write(to_csv(result), ending="")
        else:
            self.stdout.write(to_table(result), ending="")

    def _calibrate(self, path: Path) -> None:
        written = calibrate_to(path)
        for name in written:
            self.stderr.write(f"geschreven: {name}")


def _registry_rows() -> list[Any]:
    return registry_rows()


def _bar(done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} replicaties")
    sys.stderr.flush()
