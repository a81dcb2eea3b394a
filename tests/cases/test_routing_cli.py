"""``veiligeplek route``: JSON in, the contract's JSON out; exit 2 naming the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import run_cli as run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CONTRACT_KEYS = {
    "track",
    "legal_basis",
    "responsible_municipality",
    "central_municipality",
    "placement_authority",
    "place_categories",
    "reflection_period",
    "flags",
    "rules",
    "explanation",
}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("person", "track", "authority", "categories"),
    [
        ("sandra", "municipal", "comensha", ["omm", "wmo"]),
        ("maria", "aliens_law", "comensha", ["cosm"]),
        ("radek", "municipal", "nla", ["nla", "mannenopvang", "wmo"]),
        ("amir", "municipal", "regional_coordinator", []),
    ],
)
def test_route_prints_the_contracts_decision_for_each_person(
    cli_env: dict[str, str], person: str, track: str, authority: str, categories: list[str]
) -> None:
    result = run(["route", str(EXAMPLES / f"{person}.json")], cli_env)
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert set(decision) >= CONTRACT_KEYS
    assert decision["track"] == track
    assert decision["placement_authority"] == authority
    assert decision["place_categories"] == categories
    assert decision["rules"]
    assert len(decision["explanation"]) == len(decision["rules"])


@pytest.mark.slow
def test_route_reads_standard_input(cli_env: dict[str, str]) -> None:
    text = (EXAMPLES / "maria.json").read_text(encoding="utf-8")
    result = run(["route", "-"], cli_env, stdin=text)
    assert json.loads(result.stdout)["reflection_period"]["ends_on"] == "2027-02-26"


BASE = '{"found_municipality": "GM0363", "exploitation": ["sexual"]'


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ('{"found_municipality": "GM0363"', "(root)"),
        ("[1, 2]", "(root)"),
        ('{"found_municipality": "GM9999", "exploitation": ["sexual"]}', "found_municipality"),
        ('{"found_municipality": "GM0363", "exploitation": ["begging"]}', "exploitation[0]"),
        (BASE + ', "age": -1}', "age"),
        (BASE + ', "age": 121}', "age"),
        (BASE + ', "identified_on": "2026-13-01"}', "identified_on"),
        (BASE + ', "shoe_size": 38}', "shoe_size"),
        ('{"exploitation": ["sexual"]}', "found_municipality"),
        ('{"found_municipality": "GM0363"}', "exploitation"),
        (BASE + ', "nationality": "XX"}', "nationality"),
    ],
)
@pytest.mark.django_db
def test_invalid_input_exits_2_with_a_message_naming_the_field(
    payload: str, field: str, tmp_path: Path
) -> None:
    path = tmp_path / "case.json"
    path.write_text(payload, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("route", str(path))
    assert error.value.returncode == 2
    assert f"veld {field}:" in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.slow
def test_the_installed_command_prints_one_line_on_stderr_and_nothing_on_stdout(
    cli_env: dict[str, str],
) -> None:
    result = run(["route", "-"], cli_env, stdin='{"found_municipality": "GM0363", "age": 7}')
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "veld exploitation:" in lines[0]
    assert result.stdout == ""


@pytest.mark.django_db
def test_a_missing_file_exits_2_with_a_message() -> None:
    with pytest.raises(CommandError) as error:
        call_command("route", "/nonexistent/case.json")
    assert error.value.returncode == 2
    assert "kan /nonexistent/case.json niet lezen" in str(error.value)
