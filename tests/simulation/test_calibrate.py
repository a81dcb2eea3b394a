"""Calibration: a scenario file from the registry and whatever case history exists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.cases.models import Case, Placement
from veiligeplek.registry.models import Place
from veiligeplek.simulation.calibrate import MIN_CASES, MIN_SAMPLES, History, calibrated_toml
from veiligeplek.simulation.runner import simulate
from veiligeplek.simulation.scenario import load_scenario

NOW = dt.datetime(2026, 11, 1, 12, tzinfo=dt.UTC)
WOMAN: dict[str, Any] = {
    "gender": "female",
    "age": 25,
    "nationality": "NG",
    "found_municipality": "GM0363",
    "exploitation": ["sexual"],
}


def test_without_history_every_value_is_the_reports_default(tmp_path: Path) -> None:
    text = calibrated_toml(History(), landscape="landscape.csv", today=NOW.date())
    (tmp_path / "s.toml").write_text(text, encoding="utf-8")
    (tmp_path / "landscape.csv").write_text(
        (Path(__file__).parents[2] / "src/veiligeplek/data/landscape_2025.csv").read_text(),
        encoding="utf-8",
    )
    scenario = load_scenario(tmp_path / "s.toml")
    sources = {key: p.source for key, p in scenario.parameters.items()}
    assert sum(s.per_year for s in scenario.streams) == 868
    assert sources["arrivals[0].per_year"] == "default"
    assert sources["stay.omm.mean_days"] == "default"
    assert sources["behaviour.drop_out_per_day"] == "default"
    assert "history" not in sources.values()


def test_history_gives_rates_per_profile_and_stays(tmp_path: Path) -> None:
    start = NOW - dt.timedelta(days=730)
    cases: list[tuple[Mapping[str, Any], dt.datetime]] = [
        (WOMAN, start + dt.timedelta(days=7 * i)) for i in range(MIN_CASES + 50)
    ]
    cases += [({**WOMAN, "exploitation": ["criminal"], "gender": "male"}, start)] * 10
    history = History(cases=cases, stays=[("cosm", 40.0 + i) for i in range(MIN_SAMPLES)])
    history.declined, history.accepted = 10, 30
    text = calibrated_toml(history, landscape="x.csv", today=NOW.date())
    assert "mean_days = 49.5" in text
    assert '"stay.cosm.mean_days" = "history"' in text
    assert '"behaviour.decline_share" = "history"' in text
    assert "decline_share = 0.25" in text
    # 100 women and 10 men over 99 weeks of history: two profiles, rates per year
    years = 7 * 99 / 365.25
    assert f"per_year = {round(100 / years, 2)}" in text
    assert f"per_year = {round(10 / years, 2)}" in text


@pytest.mark.django_db
def test_the_command_writes_a_scenario_that_runs(
    tmp_path: Path, make_user: Callable[..., User]
) -> None:
    user = make_user(Role.COMENSHA)
    bed = Place.objects.filter(group__category="cosm").first()
    assert bed is not None
    for i in range(MIN_CASES):
        case = Case.objects.create(
            number=f"VP-TEST-{i:04d}",
            facts=WOMAN,
            track="aliens_law",
            placement_authority="comensha",
            case_owner="comensha",
            created_at=NOW - dt.timedelta(days=400 - 7 * i),
            created_by=user,
        )
        if i < MIN_SAMPLES:
            Placement.objects.create(
                case=case,
                place=bed,
                started_at=case.created_at,
                ended_at=case.created_at + dt.timedelta(days=60),
                created_by=user,
            )
    path = tmp_path / "gekalibreerd.toml"
    call_command("simulate", str(path), "--calibrate")
    assert (tmp_path / "gekalibreerd-landscape.csv").exists()
    scenario = load_scenario(path).with_overrides(replications=2, years=2)
    sources = {key: p.source for key, p in scenario.parameters.items()}
    assert sources["arrivals[0].per_year"] == "history"
    assert sources["stay.cosm.mean_days"] == "history"
    assert sources["stay.omm.mean_days"] == "default"
    assert scenario.stays[next(iter(scenario.stays))] is not None
    assert sum(g.capacity for g in scenario.groups) >= 158
    assert simulate(scenario)["results"]["arrivals_per_year"]["mean"] > 0


@pytest.mark.django_db
def test_a_scenario_on_the_registry_as_it_is_now_runs_from_the_command(tmp_path: Path) -> None:
    import io
    import json

    text = (
        Path(__file__).parents[2] / "src/veiligeplek/simulation/scenarios/huidig.toml"
    ).read_text(encoding="utf-8")
    path = tmp_path / "register.toml"
    path.write_text(text.replace('landscape = "report-2025"', 'landscape = "registry"'), "utf-8")
    out = io.StringIO()
    call_command(
        "simulate", str(path), "--replications", "2", "--years", "2", "--workers", "1", stdout=out
    )
    result = json.loads(out.getvalue())
    assert result["scenario"]["landscape"] == "registry"
    assert 158 <= sum(result["scenario"]["places"].values()) <= 162
