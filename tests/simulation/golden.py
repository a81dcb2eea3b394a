"""Fixed seeds and the engine's exact output, kept to show that a faster engine gives the same
samples: every tally of every replication of a set of scenarios that between them use every
rule of the model (shipped scenarios, seasonal and rising demand, declines, drop-out, ad hoc,
each stay distribution, maximum stays, the reflection period).

``python -m tests.simulation.golden --write`` records the digests in ``golden_tallies.json``;
do that only for a change that is meant to change the samples, and say so in the commit.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tests.simulation.conftest import MMC_LANDSCAPE, SCENARIOS, mmc_text
from veiligeplek.simulation.engine import run_replication
from veiligeplek.simulation.model import compile_model
from veiligeplek.simulation.scenario import Scenario, load_scenario, parse_scenario

GOLDEN = Path(__file__).with_name("golden_tallies.json")
SEED = 20261201
REPLICATIONS = 3


def _mmc(tmp: Path, replace: dict[str, str], *, servers: int = 4, max_stay: str = "",
         **options: float) -> Scenario:  # fmt: skip
    text = mmc_text(tmp, servers=servers, years=options.pop("years", 4),
                    warm_up_years=options.pop("warm_up_years", 0.5), **options)  # type: ignore[arg-type]  # fmt: skip
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    if max_stay:
        landscape = MMC_LANDSCAPE.replace(",wmo,10,10,", f",wmo,{servers},{servers},")
        assert ",no,,yes,18," in landscape
        landscape = landscape.replace(",no,,yes,18,", f",no,{max_stay},yes,18,")
        (tmp / "landscape.csv").write_text(landscape, encoding="utf-8")
    return parse_scenario(text, base=tmp)


def cases(tmp: Path) -> Iterator[tuple[str, Scenario]]:
    for path in sorted(SCENARIOS.glob("*.toml")):
        yield path.stem, load_scenario(path).with_overrides(years=3)
    huidig = load_scenario(SCENARIOS / "huidig.toml").with_overrides(years=3)
    yield (
        "huidig-declines-dropout",
        dataclasses.replace(
            huidig,
            behaviour=dataclasses.replace(
                huidig.behaviour, decline_share=0.3, drop_out_per_day=0.02, report_filed_share=0.2
            ),
        ),
    )
    stays = {
        "lognormal": 'distribution = "lognormal"\nmean_days = 30\nsd_days = 20',
        "empirical": 'distribution = "empirical"\ndays = [10, 50]',
        "fixed": 'distribution = "fixed"\nmean_days = 30',
    }
    exponential = 'distribution = "exponential"\nmean_days = 30'
    for name, stay in stays.items():
        yield f"mmc-{name}", _mmc(tmp, {exponential: stay}, per_year=60, mean_days=30)
    yield "mmc-seasonal", _mmc(
        tmp,
        {'exploitation = ["sexual"] }': 'exploitation = ["sexual"] }\n'
         "seasonal = [3, 0, 0, 1, 1, 1, 3, 0, 0, 1, 1, 1]"},
        per_year=60, mean_days=20,
    )  # fmt: skip
    yield "mmc-ad-hoc-dropout", _mmc(
        tmp,
        {'ad_hoc_after_days = "never"': "ad_hoc_after_days = 3",
         "drop_out_per_day = 0.0": "drop_out_per_day = 0.05"},
        servers=2, per_year=80, mean_days=15,
    )  # fmt: skip
    yield "mmc-max-stay", _mmc(tmp, {}, servers=3, per_year=100, mean_days=40, max_stay="12")


def digests() -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, scenario in cases(Path(folder)):
            model = compile_model(scenario)
            tallies = [
                dataclasses.asdict(run_replication(model, SEED, i)) for i in range(REPLICATIONS)
            ]
            text = json.dumps(tallies, sort_keys=True)
            out[name] = {
                "events": [t["events"] for t in tallies],
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
            }
    return out


if __name__ == "__main__":
    if "--write" in sys.argv:
        GOLDEN.write_text(json.dumps(digests(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    else:
        print(json.dumps(digests(), indent=1, sort_keys=True))
