"""The question a ministry asks: the fewest added places, of which kind and where, that bring
the p90 waiting time under a target and the ad hoc placements under a target.

``[search]`` in a scenario::

    [search]
    target_p90_days = 30            # p90 of the wait of all arrivals placed
    target_ad_hoc_per_year = 20
    max_steps = 40                  # at most this many steps of added places
    replications = 20               # per evaluated scenario (default: the scenario's)

    [[search.options]]              # where places may be added: an ``add`` change whose
    id = "wmo-utrecht"              # ``places`` is the step; a national option is one without
    category = "wmo"                # region binding (every added place is), at one location
    places = 2
    municipality = "GM0344"

Method: greedy on the marginal effect. From the scenario as it is, each step evaluates every
option with one more step of places (common random numbers: the same seed for each) and
takes the option that reduces the shortfall most, the relative excess over both targets
(``max(0, p90 - target) / target + max(0, ad hoc - target) / target``), per place added.
It stops when both targets are met at 95 % confidence (the upper bounds of the intervals
under the targets) or after ``max_steps``. Greedy is not guaranteed to be the global optimum
when options interact; it is exact for one option, and each answer is reported with the
intervals of its own replications.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from veiligeplek.simulation.runner import simulate
from veiligeplek.simulation.scenario import Scenario, SearchSpec

Progress = Callable[[int, int], None]


class SearchError(ValueError):
    pass


def _with_added(scenario: Scenario, spec: SearchSpec, steps: dict[str, int]) -> Scenario:
    added = [
        dataclasses.replace(o, capacity=o.capacity * n, capacity_min=o.capacity * n)
        for o in spec.options
        if (n := steps[o.id])
    ]
    return dataclasses.replace(
        scenario, groups=(*scenario.groups, *added), replications=spec.replications
    )


def _figures(result: dict[str, Any]) -> dict[str, Any]:
    res = result["results"]
    wait = res["wait_days"]
    return {
        "p90_days": {"mean": wait["p90"], "ci95": wait["p90_ci95"]},
        "ad_hoc_per_year": res["ad_hoc_per_year"],
    }


def _shortfall(figures: dict[str, Any], spec: SearchSpec) -> float:
    p90 = figures["p90_days"]["mean"] or 0.0
    ad_hoc = figures["ad_hoc_per_year"]["mean"] or 0.0
    return max(0.0, p90 - spec.target_p90_days) / max(spec.target_p90_days, 1e-9) + max(
        0.0, ad_hoc - spec.target_ad_hoc_per_year
    ) / max(spec.target_ad_hoc_per_year, 1e-9)


def _met(figures: dict[str, Any], spec: SearchSpec, *, bound: int) -> bool:
    """Targets met by the mean (``bound`` None-like 0) or by the upper 95 % bound (1)."""
    p90 = figures["p90_days"]["ci95"][bound] if bound else figures["p90_days"]["mean"]
    ad_hoc = (
        figures["ad_hoc_per_year"]["ci95"][bound] if bound else figures["ad_hoc_per_year"]["mean"]
    )
    return (p90 or 0.0) <= spec.target_p90_days and (ad_hoc or 0.0) <= spec.target_ad_hoc_per_year


def search(
    scenario: Scenario, *, workers: int = 1, progress: Progress | None = None
) -> dict[str, Any]:
    """Answer the scenario's ``[search]`` question (see the module docstring)."""
    spec = scenario.search
    if spec is None:
        raise SearchError("search: het scenario heeft geen [search]-tabel")
    steps = {o.id: 0 for o in spec.options}
    current = _figures(simulate(_with_added(scenario, spec, steps), workers=workers))
    path = [{"added": dict(steps), **current}]
    total = spec.max_steps * len(spec.options)
    for step in range(spec.max_steps):
        if _met(current, spec, bound=1):
            break
        best: tuple[float, str, dict[str, Any]] | None = None
        for n, option in enumerate(spec.options):
            trial = {**steps, option.id: steps[option.id] + 1}
            figures = _figures(simulate(_with_added(scenario, spec, trial), workers=workers))
            gain = (_shortfall(current, spec) - _shortfall(figures, spec)) / option.capacity
            if best is None or gain > best[0]:
                best = (gain, option.id, figures)
            if progress:
                progress(step * len(spec.options) + n + 1, total)
        assert best is not None  # noqa: S101 - options are never empty (checked when read)
        steps[best[1]] += 1
        current = best[2]
        path.append({"added": dict(steps), **current})
    places = {o.id: steps[o.id] * o.capacity for o in spec.options}
    return {
        "scenario": scenario.describe(),
        "search": {
            "targets": {
                "p90_days": spec.target_p90_days,
                "ad_hoc_per_year": spec.target_ad_hoc_per_year,
            },
            "replications": spec.replications,
            "answer": {
                "added_places": places,
                "added_total": sum(places.values()),
                "where": {
                    o.id: {"category": o.category.value, "municipality": o.municipality}
                    for o in spec.options
                },
                "met": _met(current, spec, bound=0),
                "met_at_95": _met(current, spec, bound=1),
                **current,
            },
            "steps": path,
        },
    }
