"""Results over the replications: each figure's mean with its 95 % confidence interval.

Per replication a figure is one number (the mean wait of the arrivals placed in that
replication, its p90, a share, a count per year); over the replications the mean of those
numbers and Student's t interval for it (replications are independent: own seeds). Waits are
those of the arrivals after the warm-up that were placed suitably before the end, from arrival
to placement; ad hoc time counts as waiting (the person is still on the waiting list).
A figure that a replication cannot have (no placement in a category) is left out of that
figure's mean; a figure no replication has is ``null``.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from scipy import stats

from veiligeplek.simulation.engine import CATEGORIES, DAYS_PER_YEAR, Model, Tally, WaitSummary
from veiligeplek.simulation.scenario import Scenario

DIGITS = 6


def _round(value: float) -> float | None:
    return None if math.isnan(value) else round(value, DIGITS)


def interval(
    values: Iterable[float], *, low: float = 0.0, high: float = math.inf
) -> dict[str, Any]:
    """Mean and 95 % t interval of the finite values (``ci95`` is ``[low, high]``), the
    interval clipped to the figure's natural range (a share lies in 0..1, a count >= 0)."""
    data = np.array([v for v in values if not math.isnan(v)], dtype=np.float64)
    if data.size == 0:
        return {"mean": None, "ci95": [None, None], "n": 0}
    mean = float(data.mean())
    if data.size < 2:
        return {"mean": _round(mean), "ci95": [_round(mean), _round(mean)], "n": 1}
    half = float(stats.t.ppf(0.975, data.size - 1) * data.std(ddof=1) / math.sqrt(data.size))
    ci = [_round(max(mean - half, low)), _round(min(mean + half, high))]
    return {"mean": _round(mean), "ci95": ci, "n": int(data.size)}


def _wait_stats(summaries: Sequence[WaitSummary]) -> dict[str, Any]:
    """``wait_days``: mean, median, p90 (each the mean over replications), ci95 for the mean,
    ``p90_ci95`` for the p90, ``n`` placements per replication on average."""
    mean = interval(s[1] for s in summaries)
    p90 = interval(s[3] for s in summaries)
    return {
        "mean": mean["mean"],
        "median": interval(s[2] for s in summaries)["mean"],
        "p90": p90["mean"],
        "ci95": mean["ci95"],
        "p90_ci95": p90["ci95"],
        "placed_per_replication": _round(float(np.mean([s[0] for s in summaries])))
        if summaries
        else None,
    }


def _share(numerators: Sequence[int], denominators: Sequence[int]) -> dict[str, Any]:
    shares = (n / d if d else math.nan for n, d in zip(numerators, denominators, strict=True))
    return _pick(interval(shares, high=1.0))


def _per_year(counts: Sequence[float], years: float) -> dict[str, Any]:
    return _pick(interval(c / years for c in counts))


def _pick(figure: dict[str, Any]) -> dict[str, Any]:
    return {"mean": figure["mean"], "ci95": figure["ci95"]}


def summarise(scenario: Scenario, model: Model, tallies: Sequence[Tally]) -> dict[str, Any]:
    """The result dict of the ``simulate`` command (the JSON contract of the issue)."""
    years = (model.end - model.warm_up) / DAYS_PER_YEAR
    days = model.end - model.warm_up
    profiles = model.profiles
    by_profile: dict[str, Any] = {}
    for k, profile in enumerate(profiles):
        arrivals = [t.arrivals[k] for t in tallies]
        by_profile[profile.name] = {
            "wait_days": _wait_stats([t.summary_by_profile[k] for t in tallies]),
            "no_place_free_share": _share([t.no_place_free[k] for t in tallies], arrivals),
            "placed_suitably_share": _share([t.placed[k] for t in tallies], arrivals),
            "ad_hoc_per_year": _per_year([t.ad_hoc[k] for t in tallies], years),
            "drop_outs_per_year": _per_year([t.drop_outs[k] for t in tallies], years),
            "reflection_ended_per_year": _per_year([t.reflection_ended[k] for t in tallies], years),
            "declined_per_year": _per_year([t.declined[k] for t in tallies], years),
            "arrivals_per_year": _per_year(arrivals, years),
            "still_waiting_at_end": _pick(interval(t.still_waiting[k] for t in tallies)),
            "waiting_list_mean": _pick(interval(t.waiting_days[k] / days for t in tallies)),
            "national_gap": profile.national_gap,
            "categories": [CATEGORIES[c].value for c in profile.categories],
        }
    by_category: dict[str, Any] = {}
    for c, category in enumerate(CATEGORIES):
        beds = sum(
            cap for cap, cat in zip(model.capacity, model.category_of, strict=True) if cat == c
        )
        waiting = [k for k, p in enumerate(profiles) if c in p.categories]
        if not beds and not waiting:
            continue
        by_category[category.value] = {
            "places": beds,
            "wait_days": _wait_stats([t.summary_by_category[c] for t in tallies]),
            "occupancy": _pick(
                interval(
                    (t.busy_days[c] / (beds * days) if beds else math.nan for t in tallies),
                    high=1.0,
                )
            ),
            "placements_per_year": _per_year([t.summary_by_category[c][0] for t in tallies], years),
            "waiting_list_mean": _pick(
                interval(sum(t.waiting_days[k] for k in waiting) / days for t in tallies)
            ),
        }
    arrivals = [sum(t.arrivals) for t in tallies]
    return {
        "scenario": scenario.describe(),
        "replications": len(tallies),
        "seed": scenario.seed,
        "years": scenario.years,
        "warm_up_years": scenario.warm_up_years,
        "results": {
            "by_category": by_category,
            "by_profile": by_profile,
            "wait_days": _wait_stats([t.summary_all for t in tallies]),
            "ad_hoc_per_year": _per_year([sum(t.ad_hoc) for t in tallies], years),
            "placed_suitably_share": _share([sum(t.placed) for t in tallies], arrivals),
            "no_place_free_share": _share([sum(t.no_place_free) for t in tallies], arrivals),
            "drop_outs_per_year": _per_year([sum(t.drop_outs) for t in tallies], years),
            "reflection_ended_per_year": _per_year(
                [sum(t.reflection_ended) for t in tallies], years
            ),
            "arrivals_per_year": _per_year(arrivals, years),
            "events": int(sum(t.events for t in tallies)),
        },
    }


# --- other formats ------------------------------------------------------------------------------


def flatten(result: dict[str, Any]) -> list[tuple[str, str, str, object]]:
    """(section, name, figure, value) rows of the results, for CSV and the table."""
    rows: list[tuple[str, str, str, object]] = []
    res = result["results"]
    for section in ("by_category", "by_profile"):
        for name, figures in res[section].items():
            rows += [(section, name, key, value) for key, value in _leaves(figures)]
    for key in sorted(k for k in res if k not in ("by_category", "by_profile")):
        rows += [("total", "*", k, v) for k, v in _leaves({key: res[key]})]
    return rows


def _leaves(figures: dict[str, Any], prefix: str = "") -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for key, value in figures.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out += _leaves(value, f"{name}.")
        elif isinstance(value, list) and len(value) == 2 and key.endswith("ci95"):
            out += [(f"{name}.low", value[0]), (f"{name}.high", value[1])]
        elif isinstance(value, list):
            out.append((name, ";".join(map(str, value))))
        else:
            out.append((name, value))
    return out


def to_csv(result: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "name", "figure", "value"])
    for row in flatten(result):
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def _mean_of(wait: dict[str, Any]) -> dict[str, Any]:
    return {"mean": wait["mean"], "ci95": wait["ci95"]}


def _fmt(figure: dict[str, Any] | None, digits: int = 1) -> str:
    if not figure or figure.get("mean") is None:
        return "-"
    low, high = figure["ci95"]
    return f"{figure['mean']:.{digits}f} [{low:.{digits}f}-{high:.{digits}f}]"


def to_table(result: dict[str, Any]) -> str:
    """A plain-text summary: the main figures per category and per profile, mean [95 % CI]."""
    res = result["results"]
    lines = [
        f"Scenario {result['scenario']['name']}: {result['replications']} replicaties, "
        f"{result['years']:g} jaar (warm-up {result['warm_up_years']:g}), seed {result['seed']}",
        f"Ad hoc per jaar {_fmt(res['ad_hoc_per_year'])}; passend geplaatst "
        f"{_fmt(res['placed_suitably_share'], 3)}; "
        f"geen plek vrij {_fmt(res['no_place_free_share'], 3)}",
        "",
        f"{'categorie':<14}{'plekken':>8}  {'wacht gem. (dagen)':<24}{'p90':>8}  {'bezetting':<22}",
    ]
    for name, cat in res["by_category"].items():
        wait = cat["wait_days"]
        p90 = "-" if wait["p90"] is None else f"{wait['p90']:.1f}"
        lines.append(
            f"{name:<14}{cat['places']:>8}  {_fmt(_mean_of(wait)):<24}"
            f"{p90:>8}  {_fmt(cat['occupancy'], 3):<22}"
        )
    lines += ["", f"{'profiel':<24}{'wacht gem.':<24}{'geen plek vrij':<24}{'ad hoc/jaar':<22}"]
    for name, prof in res["by_profile"].items():
        wait = prof["wait_days"]
        lines.append(
            f"{name:<24}{_fmt(_mean_of(wait)):<24}"
            f"{_fmt(prof['no_place_free_share'], 3):<24}{_fmt(prof['ad_hoc_per_year']):<22}"
        )
    return "\n".join(lines) + "\n"
