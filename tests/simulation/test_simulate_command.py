"""``veiligeplek simulate``: the JSON keys of the issue, CSV and the table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from django.core.management import call_command

from tests.simulation.conftest import SCENARIOS

EXAMPLE = str(SCENARIOS / "mmc-check.toml")


def simulate(*args: str) -> str:
    out = io.StringIO()
    call_command("simulate", EXAMPLE, "--replications", "4", "--years", "6", *args, stdout=out)
    return out.getvalue()


def test_the_json_has_the_keys_of_the_issue() -> None:
    result = json.loads(simulate("--format", "json", "--workers", "1"))
    res = result["results"]
    wait = res["by_category"]["wmo"]["wait_days"]
    assert {"mean", "median", "p90", "ci95"} <= set(wait)
    assert len(wait["ci95"]) == 2 and wait["ci95"][0] <= wait["mean"] <= wait["ci95"][1]
    profile = res["by_profile"]["women"]
    assert {"mean", "p90", "ci95"} <= set(profile["wait_days"])
    assert {"mean", "ci95"} <= set(profile["no_place_free_share"])
    assert {"mean", "ci95"} <= set(res["ad_hoc_per_year"])
    assert {"mean", "ci95"} <= set(res["placed_suitably_share"])
    parameters = result["scenario"]["parameters"]
    assert parameters["replications"] == {"value": 4, "source": "file"}
    assert parameters["stay.cosm.mean_days"]["source"] == "default"
    assert result["replications"] == 4 and result["years"] == 6


def test_the_seed_option_changes_the_samples() -> None:
    first = json.loads(simulate("--seed", "1", "--workers", "1"))
    second = json.loads(simulate("--seed", "2", "--workers", "1"))
    assert first["results"]["wait_days"] != second["results"]["wait_days"]


def test_csv_has_one_row_per_figure() -> None:
    rows = list(csv.DictReader(io.StringIO(simulate("--format", "csv", "--workers", "1"))))
    figures = {(r["section"], r["name"], r["figure"]) for r in rows}
    assert ("by_category", "wmo", "wait_days.ci95.low") in figures
    assert ("total", "*", "ad_hoc_per_year.mean") in figures


def test_the_table_names_the_scenario_and_category(tmp_path: Path) -> None:
    text = simulate("--format", "table", "--workers", "1")
    assert text.startswith("Scenario mmc-check: 4 replicaties")
    assert "\nwmo " in text
