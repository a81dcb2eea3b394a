"""Helpers for the simulation tests: small M/M/c scenarios written on the fly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from veiligeplek.simulation.scenario import Scenario, parse_scenario

SCENARIOS = Path(__file__).resolve().parents[2] / "src/veiligeplek/simulation/scenarios"
MMC_LANDSCAPE = (SCENARIOS / "mmc_landscape.csv").read_text(encoding="utf-8")


def mmc_text(
    tmp_path: Path,
    *,
    servers: int,
    per_year: float,
    mean_days: float,
    years: float = 20,
    warm_up_years: float = 2,
    replications: int = 30,
    seed: int = 1,
) -> str:
    """One stream, one group of ``servers`` places without restrictions, exponential stays,
    nobody leaves the queue: an M/M/c queue (the landscape written to ``tmp_path``)."""
    landscape = MMC_LANDSCAPE.replace(",wmo,10,10,", f",wmo,{servers},{servers},")
    (tmp_path / "landscape.csv").write_text(landscape, encoding="utf-8")
    return f"""
name = "mmc-{servers}"
years = {years}
warm_up_years = {warm_up_years}
replications = {replications}
seed = {seed}
landscape = "landscape.csv"

[[arrivals]]
name = "women"
per_year = {per_year}
facts = {{ gender = "female", age = 30, nationality = "NL", found_municipality = "GM0363", \
exploitation = ["sexual"] }}

[stay.wmo]
distribution = "exponential"
mean_days = {mean_days}

[behaviour]
ad_hoc_after_days = "never"
drop_out_per_day = 0.0
"""


def mmc_scenario(tmp_path: Path, **options: Any) -> Scenario:
    return parse_scenario(mmc_text(tmp_path, **options), base=tmp_path)
