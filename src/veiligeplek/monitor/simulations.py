"""The simulation page's runs: a shipped or uploaded scenario, checked when it is asked for
(errors name the key and line), run by the worker through ``simulation.runner.simulate`` with
progress, and compared side by side with the same chart machinery as the dashboards."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from veiligeplek.accounts.models import User
from veiligeplek.monitor.charts import Bar, bar_chart_svg
from veiligeplek.monitor.models import SimulationRun
from veiligeplek.registry.selectors import landscape_rows
from veiligeplek.simulation.runner import simulate
from veiligeplek.simulation.scenario import Scenario, ScenarioError, parse_scenario

log = logging.getLogger(__name__)
SCENARIOS = Path(__file__).resolve().parents[1] / "simulation" / "scenarios"
MAX_REPLICATIONS = 200


def shipped() -> list[tuple[str, str]]:
    """(file name, scenario name) of the shipped scenarios."""
    out = []
    for path in sorted(SCENARIOS.glob("*.toml")):
        try:
            out.append((path.name, read(path.read_text(encoding="utf-8"), path.name).name))
        except ScenarioError:
            continue
    return out


def read(text: str, file: str) -> Scenario:
    return parse_scenario(text, base=SCENARIOS, file=file, registry_rows=landscape_rows)


def simulation_request(
    *, user: User, source: str, text: str | None, replications: int | None
) -> SimulationRun:
    """Check the scenario now (``ScenarioError`` names the key and line) and queue the run."""
    if text is None:
        if source not in {name for name, _ in shipped()}:
            raise ScenarioError("scenario", _("kies een scenario uit de lijst"))
        text = (SCENARIOS / source).read_text(encoding="utf-8")
    scenario = read(text, source)
    count = min(replications or scenario.replications, MAX_REPLICATIONS)
    run = SimulationRun.objects.create(
        requested_by=user,
        name=scenario.name[:100],
        source=source[:100],
        scenario_text=text,
        replications=count,
        steps_total=count,
        created_at=timezone.now(),
    )
    transaction.on_commit(lambda: simulation_run.enqueue(run.pk))
    return run


@task()
def simulation_run(run_id: int) -> str:
    run = SimulationRun.objects.get(pk=run_id)
    if run.status == SimulationRun.Status.DONE:
        return run.status
    SimulationRun.objects.filter(pk=run_id).update(status=SimulationRun.Status.RUNNING)

    def progress(done: int, total: int) -> None:
        SimulationRun.objects.filter(pk=run_id).update(steps_done=done, steps_total=total)

    try:
        scenario = read(run.scenario_text, run.source).with_overrides(replications=run.replications)
        result = simulate(scenario, workers=1, progress=progress)
        SimulationRun.objects.filter(pk=run_id).update(
            status=SimulationRun.Status.DONE,
            result=result,
            finished_at=timezone.now(),
            steps_done=run.replications,
        )
    except Exception as error:
        log.exception("simulation %s failed", run_id)
        SimulationRun.objects.filter(pk=run_id).update(
            status=SimulationRun.Status.FAILED, error=str(error)[:300], finished_at=timezone.now()
        )
    return str(SimulationRun.objects.get(pk=run_id).status)


def _mean(block: dict[str, Any] | None) -> float | None:
    if not block:
        return None
    value = block.get("mean")
    return None if value is None else float(value)


def comparison(runs: list[SimulationRun]) -> dict[str, Any]:
    """Charts and rows comparing finished runs: p90 waiting per category, ad hoc placements per
    year, the share placed suitably."""
    done = [(r, r.result) for r in runs if r.status == SimulationRun.Status.DONE and r.result]
    categories = sorted({c for _r, result in done for c in result["results"]["by_category"]})
    wait_bars, rows = [], []
    for run, result in done:
        results = result["results"]
        for category in categories:
            wait = results["by_category"].get(category, {}).get("wait_days", {})
            if wait.get("p90") is not None:
                wait_bars.append(Bar(category, run.name, float(wait["p90"])))
        ad_hoc, suitable = results["ad_hoc_per_year"], results["placed_suitably_share"]
        rows.append(
            {
                "name": run.name,
                "replications": run.replications,
                "ad_hoc": _mean(ad_hoc),
                "ad_hoc_ci": ad_hoc.get("ci95"),
                "suitable": _mean(suitable),
                "suitable_ci": suitable.get("ci95"),
                "by_category": {
                    c: results["by_category"].get(c, {}).get("wait_days", {}) for c in categories
                },
            }
        )
    return {
        "categories": categories,
        "rows": rows,
        "wait_svg": bar_chart_svg(
            wait_bars,
            title=_("Wachttijd (p90) per categorie en scenario"),
            value_title=_("dagen (90e percentiel)"),
            row_title=_("categorie"),
            series_title=_("scenario"),
        )
        if wait_bars
        else "",
        "ad_hoc_svg": bar_chart_svg(
            [Bar(r["name"], "", r["ad_hoc"]) for r in rows if r["ad_hoc"] is not None],
            title=_("Ad-hocplaatsingen per jaar (gemiddelde)"),
            value_title=_("per jaar"),
            row_title=_("scenario"),
        )
        if rows
        else "",
    }
