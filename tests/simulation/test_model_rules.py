"""The model's rules one by one: ad hoc after a wait, drop-out, maximum stay, stay
distributions, seasonal and rising demand."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.simulation.conftest import MMC_LANDSCAPE, mmc_text
from veiligeplek.simulation.engine import DAYS_PER_YEAR, run_replication
from veiligeplek.simulation.model import compile_model
from veiligeplek.simulation.scenario import Scenario, parse_scenario


def scenario(tmp_path: Path, *, servers: int = 3, replace: dict[str, str] | None = None,
             extra: str = "", max_stay: str = "", **options: float) -> Scenario:  # fmt: skip
    text = mmc_text(tmp_path, servers=servers, **options)  # type: ignore[arg-type]
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    if max_stay:
        landscape = MMC_LANDSCAPE.replace(",wmo,10,10,", f",wmo,{servers},{servers},")
        landscape = landscape.replace(",no,,yes,18,", f",no,{max_stay},yes,18,")
        (tmp_path / "landscape.csv").write_text(landscape, encoding="utf-8")
    return parse_scenario(text + extra, base=tmp_path)


def test_ad_hoc_after_zero_days_is_every_arrival_that_found_no_place(tmp_path: Path) -> None:
    s = scenario(tmp_path, per_year=100, mean_days=30, years=5, warm_up_years=1,
                 replace={'ad_hoc_after_days = "never"': "ad_hoc_after_days = 0"})  # fmt: skip
    tally = run_replication(compile_model(s), 1, 0)
    assert tally.no_place_free[0] > 50
    assert tally.ad_hoc == tally.no_place_free


def test_nobody_goes_ad_hoc_when_the_wait_is_never_long_enough(tmp_path: Path) -> None:
    s = scenario(tmp_path, per_year=100, mean_days=30, years=5, warm_up_years=1)
    tally = run_replication(compile_model(s), 1, 0)
    assert tally.no_place_free[0] > 50 and tally.ad_hoc == [0]


def test_drop_out_hazard_empties_a_queue_that_is_never_served(tmp_path: Path) -> None:
    s = scenario(tmp_path, servers=1, per_year=100, mean_days=10_000, years=5, warm_up_years=1,
                 replace={"drop_out_per_day = 0.0": "drop_out_per_day = 0.1"})  # fmt: skip
    tally = run_replication(compile_model(s), 1, 0)
    left = tally.drop_outs[0] + tally.still_waiting[0]
    assert left == tally.arrivals[0] - tally.placed[0]
    assert tally.drop_outs[0] > 0.9 * tally.arrivals[0]
    # mean time on the list is 1 / hazard = 10 days: Little's law, queue = rate x time
    queue = tally.waiting_days[0] / (4 * DAYS_PER_YEAR)
    assert queue == pytest.approx(100 / DAYS_PER_YEAR * 10, rel=0.25)


def test_the_maximum_stay_of_a_group_ends_every_stay(tmp_path: Path) -> None:
    s = scenario(tmp_path, servers=50, per_year=100, mean_days=100, years=5, warm_up_years=1,
                 max_stay="5")  # fmt: skip
    tally = run_replication(compile_model(s), 1, 0)
    wmo = 2  # CATEGORIES index
    assert tally.busy_days[wmo] / tally.summary_by_category[wmo][0] <= 5.0 + 0.1


@pytest.mark.parametrize(
    "stay",
    [
        'distribution = "lognormal"\nmean_days = 30\nsd_days = 20',
        'distribution = "empirical"\ndays = [10, 50]',
        'distribution = "fixed"\nmean_days = 30',
    ],
)
def test_each_stay_distribution_has_its_mean(tmp_path: Path, stay: str) -> None:
    s = scenario(tmp_path, servers=200, per_year=400, mean_days=30, years=8, warm_up_years=1,
                 replace={'distribution = "exponential"\nmean_days = 30': stay})  # fmt: skip
    tally = run_replication(compile_model(s), 1, 0)
    wmo = 2
    busy_days, placements = tally.busy_days[wmo], tally.summary_by_category[wmo][0]
    assert busy_days / placements == pytest.approx(30, rel=0.08)


def test_seasonal_demand_keeps_the_annual_rate_and_rising_demand_raises_it(
    tmp_path: Path,
) -> None:
    flat = scenario(tmp_path, per_year=200, mean_days=1, years=6, warm_up_years=1, servers=20)
    seasonal = scenario(
        tmp_path, per_year=200, mean_days=1, years=6, warm_up_years=1, servers=20,
        replace={'exploitation = ["sexual"] }': 'exploitation = ["sexual"] }\n'
                 "seasonal = [6, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0]"},
    )  # fmt: skip
    rising = scenario(
        tmp_path, per_year=200, mean_days=1, years=6, warm_up_years=1, servers=20,
        extra="\n[demand]\nramp_to_factor = 3\nramp_years = 1\n",
    )  # fmt: skip
    counts = {
        name: sum(run_replication(compile_model(s), 1, i).arrivals[0] for i in range(4))
        for name, s in (("flat", flat), ("seasonal", seasonal), ("rising", rising))
    }
    assert counts["seasonal"] == pytest.approx(counts["flat"], rel=0.1)
    assert counts["rising"] == pytest.approx(3 * counts["flat"], rel=0.1)
