"""Running a scenario: replications in parallel through joblib, results in replication order.

``simulate`` is what the command line, a background task and the search call: it returns the
result dict and reports progress as (replications done, total). Each replication's random
numbers come from the seed and its index alone (``model.seeds_for``) and the results are
gathered in index order, so the output is the same whatever the number of workers or the
joblib backend (``joblib.parallel_config(backend="dask")`` runs the same code on a Dask
cluster).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from joblib import Parallel, delayed

from veiligeplek.simulation.engine import Model, Tally, run_chunk
from veiligeplek.simulation.model import compile_model
from veiligeplek.simulation.results import summarise
from veiligeplek.simulation.scenario import Scenario

Progress = Callable[[int, int], None]
CHUNKS_PER_WORKER = 8


def replicate(
    model: Model,
    *,
    seed: int,
    replications: int,
    workers: int = 1,
    progress: Progress | None = None,
) -> list[Tally]:
    """Run the replications (``workers`` processes; 1: in this process), in index order."""
    size = max(1, math.ceil(replications / (max(workers, 1) * CHUNKS_PER_WORKER)))
    chunks = [range(a, min(a + size, replications)) for a in range(0, replications, size)]
    tallies: list[Tally] = []
    if progress:
        progress(0, replications)
    if workers <= 1:
        results: Any = (run_chunk(model, seed, chunk) for chunk in chunks)
    else:
        results = Parallel(n_jobs=workers, return_as="generator")(
            delayed(run_chunk)(model, seed, chunk) for chunk in chunks
        )
    for chunk_result in results:
        tallies += chunk_result
        if progress:
            progress(len(tallies), replications)
    return tallies


def simulate(
    scenario: Scenario, *, workers: int = 1, progress: Progress | None = None
) -> dict[str, Any]:
    """Compile, replicate and summarise ``scenario``: the result dict (see ``results.py``)."""
    model = compile_model(scenario)
    tallies = replicate(
        model,
        seed=scenario.seed,
        replications=scenario.replications,
        workers=workers,
        progress=progress,
    )
    return summarise(scenario, model, tallies)
