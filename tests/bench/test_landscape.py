"""The synthetic landscape and case mix of the benchmarks: the real registry at 1x, its criteria
mix scaled at 100x, importable, and cases that the contract accepts. No timings asserted."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

import pytest
from bench.landscape import (
    availability_plan,
    case_mix,
    place_groups,
    synthetic_rows,
)
from bench.match import bench_batch, bench_domain, percentiles
from bench.match_steps import STEPS, measure

from veiligeplek.data.landscape import (
    LandscapeRow,
    parse_csv,
    reference_geography,
    shipped_landscape,
    write_csv,
)
from veiligeplek.data.reference import default_region_table, municipality_rows
from veiligeplek.domain.eligibility import in_area, is_stale
from veiligeplek.domain.facts import parse_case_facts

TODAY = dt.date(2026, 11, 28)
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


def locations(rows: Sequence[LandscapeRow]) -> int:
    return len({(r.organisation, r.municipality_label) for r in rows})


def test_1x_is_the_real_registry() -> None:
    rows = synthetic_rows(1)
    assert rows == shipped_landscape()
    assert (len(rows), sum(r.places_max for r in rows)) == (21, 162)


def test_100x_has_about_16000_beds_over_about_1300_locations() -> None:
    rows = synthetic_rows(100)
    assert len(rows) == 2100
    assert sum(r.places_max for r in rows) == 16_200
    assert locations(rows) == 1298
    assert len({r.id for r in rows}) == len(rows)
    assert rows[:21] == shipped_landscape()  # the real registry is part of it


def test_100x_keeps_the_real_criteria_mix() -> None:
    def mix(rows: Sequence[LandscapeRow]) -> Counter[tuple[object, ...]]:
        return Counter(
            (r.category, r.genders, r.contra_indications_excluded, r.multi_labelled) for r in rows
        )

    real, scaled = mix(shipped_landscape()), mix(synthetic_rows(100))
    assert {key: n * 100 for key, n in real.items()} == scaled


def test_copies_are_spread_over_real_municipalities_and_keep_their_region_binding() -> None:
    regions = default_region_table()
    rows = synthetic_rows(100)
    assert {r.municipality_code for r in rows} <= {m.code for m in municipality_rows()}
    assert len({r.municipality_code for r in rows}) > 250
    bound = [(r.region_binding, r.municipality_code) for r in rows if r.region_binding]
    assert len(bound) == 300
    assert all(in_area(binding, code, regions) for binding, code in bound)


def test_the_landscape_is_deterministic_and_importable_as_a_file() -> None:
    rows = synthetic_rows(3, seed=7)
    assert rows == synthetic_rows(3, seed=7)
    names = {m.police_unit_code: m.police_unit_name for m in municipality_rows()}
    assert parse_csv(write_csv(rows, names), reference_geography()) == rows


def test_availability_leaves_about_a_quarter_free_and_some_groups_stale() -> None:
    rows = synthetic_rows(100)
    plan = availability_plan(rows)
    groups = place_groups(rows, plan, now=NOW)
    free = sum(g.free for g in groups)
    assert 0.15 < free / 16_200 < 0.30
    assert all(0 <= g.free <= g.capacity for g in groups)
    stale = sum(is_stale(g, now=NOW, stale_after=dt.timedelta(hours=24)) for g in groups)
    assert 0.1 < stale / len(groups) < 0.3


def test_every_case_of_the_mix_is_valid_facts() -> None:
    regions = default_region_table()
    cases = case_mix(500, today=TODAY)
    for data in cases:
        parse_case_facts(data, municipalities=regions.municipalities)
    female_sexual = sum(c["gender"] == "female" and c["exploitation"][0] == "sexual" for c in cases)
    assert female_sexual > len(cases) / 2
    assert any(c["age"] < 18 for c in cases)
    assert any("criminal" in c["exploitation"] for c in cases)
    assert any(c["contra_indications"] for c in cases)
    assert any(c["nationality"] is None for c in cases)
    assert len({c["nationality"] for c in cases}) >= 10


def test_percentiles_use_the_nearest_rank() -> None:
    result = percentiles([i / 1000 for i in range(1, 101)])
    assert (result["p50_ms"], result["p95_ms"], result["p99_ms"]) == (50.0, 95.0, 99.0)
    assert result["n"] == 100


@pytest.mark.parametrize("scale", [1, 2])
def test_the_domain_benchmark_runs(scale: int) -> None:
    report = bench_domain(scale, count=5, budget_s=30)
    assert report["groups"] == 21 * scale
    for measured in ("match_case", "match_table_kept", "match_table_kept_and_json"):
        assert report[measured]["n"] == 5


def test_the_batch_benchmark_assigns_only_free_beds() -> None:
    report = bench_batch(1, beds=40, waiting=60, repeats=1)
    assert report["free_beds"] == 40
    assert 0 < report["assigned"] <= 40
    assert report["overbooked"] == 0


@pytest.mark.django_db
def test_the_steps_benchmark_times_every_step_of_a_match() -> None:
    report = measure(4, freeze=False)
    assert {step: timing["n"] for step, timing in report["steps"].items()} == dict.fromkeys(
        STEPS, 4
    )
    assert report["sum_of_steps"]["p50_ms"] >= report["steps"]["match"]["p50_ms"]
