"""Bad scenario files: a message naming the key (or the landscape's row) and the line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.simulation.conftest import MMC_LANDSCAPE, SCENARIOS
from veiligeplek.simulation.scenario import ScenarioError, load_scenario

EXAMPLE = (SCENARIOS / "mmc-check.toml").read_text(encoding="utf-8")


def write(tmp_path: Path, text: str, landscape: str = MMC_LANDSCAPE) -> Path:
    (tmp_path / "mmc_landscape.csv").write_text(landscape, encoding="utf-8")
    path = tmp_path / "scenario.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error(tmp_path: Path, text: str, landscape: str = MMC_LANDSCAPE) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write(tmp_path, text, landscape))
    return caught.value


def line_with(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_the_example_reads_without_problems(tmp_path: Path) -> None:
    scenario = load_scenario(write(tmp_path, EXAMPLE))
    assert scenario.parameters["arrivals[0].per_year"].source == "file"
    assert scenario.parameters["behaviour.decline_share"].source == "default"


def test_an_unknown_category_names_its_key_and_line(tmp_path: Path) -> None:
    text = EXAMPLE.replace("[stay.wmo]", "[stay.hotel]")
    exc = error(tmp_path, text)
    assert exc.key == "stay.hotel"
    assert exc.line == line_with(text, "[stay.hotel]")
    assert "onbekende sleutel" in exc.message


def test_a_negative_rate_names_its_key_and_line(tmp_path: Path) -> None:
    text = EXAMPLE.replace("per_year = 100", "per_year = -5")
    exc = error(tmp_path, text)
    assert (exc.key, exc.line) == ("arrivals[0].per_year", line_with(text, "per_year = -5"))


def test_a_missing_key_names_the_key_and_the_line_of_its_table(tmp_path: Path) -> None:
    text = EXAMPLE.replace("mean_days = 30\n", "")
    exc = error(tmp_path, text)
    assert (exc.key, exc.line) == ("stay.wmo.mean_days", line_with(text, "[stay.wmo]"))
    assert "ontbreekt" in exc.message


def test_an_unknown_municipality_in_the_facts_names_the_fact(tmp_path: Path) -> None:
    text = EXAMPLE.replace('found_municipality = "GM0363"', 'found_municipality = "GM9999"')
    exc = error(tmp_path, text)
    assert exc.key == "arrivals[0].facts.found_municipality"
    assert exc.line == line_with(text, "facts = {")
    assert "GM9999" in exc.message


def test_a_landscape_with_an_error_names_its_row_and_field(tmp_path: Path) -> None:
    exc = error(tmp_path, EXAMPLE, MMC_LANDSCAPE.replace(",wmo,10,10,", ",wmo,10,x,"))
    assert exc.key == "landscape"
    assert exc.line == line_with(EXAMPLE, "landscape =")
    assert "regel 2, veld places_max" in exc.message


def test_invalid_toml_gives_its_line(tmp_path: Path) -> None:
    exc = error(tmp_path, EXAMPLE.replace("years = 20", "years = = 20"))
    assert exc.line == line_with(EXAMPLE, "years = 20")


def test_an_error_only_in_the_base_names_the_base_file(tmp_path: Path) -> None:
    base = write(tmp_path, EXAMPLE.replace("drop_out_per_day = 0.0", "drop_out_per_day = 2"))
    (tmp_path / "option.toml").write_text(
        'base = "scenario.toml"\nname = "option"\n', encoding="utf-8"
    )
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "option.toml")
    assert caught.value.file == str(base)
    assert caught.value.key == "behaviour.drop_out_per_day"


def test_the_command_exits_2_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, EXAMPLE.replace("per_year = 100", "per_year = -5"))
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "veiligeplek", "simulate", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={
            "PATH": "/usr/bin:/bin",
            "DEBUG": "true",
            "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
        },
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    line = line_with(path.read_text(encoding="utf-8"), "per_year")
    assert f"scenario.toml:{line}: arrivals[0].per_year" in result.stderr
    assert result.stdout == ""
