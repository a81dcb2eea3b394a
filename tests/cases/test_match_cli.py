"""``veiligeplek match``: case facts in, the routing decision plus every place ranked out."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.api.test_matching_api import PLACE_KEYS
from tests.conftest import run_cli as run
from veiligeplek.registry.models import Location

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
LANDSCAPE = ROOT / "src" / "veiligeplek" / "data" / "landscape_2025.csv"
RESULT_KEYS = {"decision", "national_gap", "no_capacity", "places"}


def match_in_process(path: Path) -> dict[str, Any]:
    out = io.StringIO()
    call_command("match", str(path), stdout=out)
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


@pytest.mark.django_db
def test_match_prints_the_contracts_result_with_every_group_of_the_registry() -> None:
    result = match_in_process(EXAMPLES / "maria.json")
    assert set(result) >= RESULT_KEYS
    assert result["decision"]["place_categories"] == ["cosm"]
    assert len(result["places"]) == 21
    for place in result["places"]:
        assert set(place) >= PLACE_KEYS
        assert "phone_24_7" not in place
        for reason in place["reasons"]:
            assert set(reason) == {"code", "text"}
    eligible = [p["id"] for p in result["places"] if p["eligible"]]
    assert eligible == ["cosm-essm", "cosm-ctm-v"]
    assert [p["id"] for p in result["places"][:2]] == eligible


@pytest.mark.django_db
def test_match_never_prints_a_phone_number() -> None:
    Location.objects.update(phone_24_7="020 555 0199 (cli-test)")
    result = match_in_process(EXAMPLES / "radek.json")
    assert len(result["places"]) == 21  # the whole answer was printed
    assert "cli-test" not in json.dumps(result)
    assert all("phone_24_7" not in place for place in result["places"])


BASE = '{"found_municipality": "GM0363", "exploitation": ["sexual"]'


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ('{"found_municipality": "GM0363"', "(root)"),
        ('"GM0363"', "(root)"),
        ('{"found_municipality": "GM9999", "exploitation": ["sexual"]}', "found_municipality"),
        ('{"found_municipality": "GM0363", "exploitation": ["begging"]}', "exploitation[0]"),
        (BASE + ', "age": -1}', "age"),
        (BASE + ', "gender": "unknown"}', "gender"),
        (BASE + ', "children": "two"}', "children"),
        (BASE + ', "identified_on": "2026-13-01"}', "identified_on"),
        (BASE + ', "shoe_size": 38}', "shoe_size"),
        ('{"exploitation": ["sexual"]}', "found_municipality"),
        ('{"found_municipality": "GM0363"}', "exploitation"),
    ],
)
@pytest.mark.django_db
def test_invalid_input_exits_2_with_one_line_naming_the_field(
    payload: str, field: str, tmp_path: Path
) -> None:
    path = tmp_path / "case.json"
    path.write_text(payload, encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("match", str(path), stdout=out)
    assert error.value.returncode == 2
    assert f"veld {field}:" in str(error.value)
    assert "\n" not in str(error.value)
    assert out.getvalue() == ""


@pytest.mark.django_db
def test_a_missing_file_exits_2_with_a_message() -> None:
    with pytest.raises(CommandError) as error:
        call_command("match", "/nonexistent/case.json")
    assert error.value.returncode == 2
    assert "kan /nonexistent/case.json niet lezen" in str(error.value)


# --- the installed command, as a user runs it (subprocesses: slow) ----------------------------


@pytest.fixture(scope="session")
def match_env(cli_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The CLI database (reference data) copied, plus the report's landscape."""
    source = Path(cli_env["DATABASE_URL"].removeprefix("sqlite:///"))
    db = tmp_path_factory.mktemp("match-cli") / "match.sqlite3"
    shutil.copyfile(source, db)
    env = {**cli_env, "DATABASE_URL": f"sqlite:///{db}"}
    result = run(["import-places", str(LANDSCAPE)], env)
    assert result.returncode == 0, result.stderr
    return env


@pytest.mark.slow
@pytest.mark.parametrize(
    ("person", "categories", "national_gap"),
    [
        ("sandra", ["omm", "wmo"], False),
        ("maria", ["cosm"], False),
        ("radek", ["nla", "mannenopvang", "wmo"], False),
        ("amir", [], True),
    ],
)
def test_match_prints_each_persons_ranked_places(
    match_env: dict[str, str],
    person: str,
    categories: list[str],
    national_gap: bool,
) -> None:
    result = run(["match", str(EXAMPLES / f"{person}.json")], match_env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= RESULT_KEYS
    assert data["decision"]["place_categories"] == categories
    assert data["national_gap"] is national_gap
    assert data["no_capacity"] is False
    assert len(data["places"]) == 21
    top = data["places"][0]
    if national_gap:
        assert not any(p["eligible"] for p in data["places"])
        assert data["almost"] == []  # unsafe is no objection a shelter can waive
        assert data["next_step"]["code"] == "ad_hoc"
    else:  # freshly imported: every bed free, so the best place is free and of the first category
        assert top["eligible"] and top["available"] > 0
        assert top["category"] == categories[0]


@pytest.mark.slow
def test_match_reads_standard_input(match_env: dict[str, str]) -> None:
    text = (EXAMPLES / "maria.json").read_text(encoding="utf-8")
    result = run(["match", "-"], match_env, stdin=text)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["decision"]["reflection_period"]["ends_on"] == "2027-02-26"


@pytest.mark.slow
def test_the_installed_command_prints_one_line_on_stderr_and_nothing_on_stdout(
    match_env: dict[str, str],
) -> None:
    result = run(["match", "-"], match_env, stdin='{"found_municipality": "GM0363", "age": 7}')
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "veld exploitation:" in lines[0]
    assert result.stdout == ""
