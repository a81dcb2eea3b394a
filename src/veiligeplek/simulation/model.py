"""The capacity model: arrivals routed and matched by the domain, beds, waiting lists, stays.

Rules (issue "Capacity simulation", point 1; decisions in docs/adr, "capacity simulation"):

- Each arrival stream is a Poisson process (a year is 365.25 days), optionally with a monthly
  seasonal profile and a linear rise of demand (thinning).
- Each profile (a stream's case facts) is routed by ``domain.routing.route_case`` and matched
  by ``domain.matching.match_table`` against the simulated landscape, once: the ranking of the
  eligible groups does not depend on which beds are free (only the tier does), so the first
  free group of that order is the group the app ranks first (tests/simulation/test_model.py
  holds the two equal for random availability). No eligible group at all is the national gap:
  ad hoc at once, as today for criminal exploitation.
- An arrival takes the first free eligible group (the referral is declined with
  ``decline_share``, then the next); otherwise it waits on the waiting lists of its categories.
- A freed bed goes to the waiting person with the highest weight of the app's batch assignment
  (``domain.assignment.weight_matrix``: priority from urgency, safety and days waiting, times
  the fit), the longest waiting first among equals.
- A waiting person goes ad hoc after ``ad_hoc_after_days`` and stays on the waiting list, as
  in the app; leaves the list with hazard ``drop_out_per_day``; on the aliens-law track without
  a report, leaves when the reflection period ends (also a stay ends there at the latest).
- A stay lasts a draw of its category's distribution, at most the group's ``max_stay_days``.

Ad hoc and drop-out need no events: they follow from the arrival, placement and leave times
(``_Person.leave``), so a replication has an event per arrival and per end of stay only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Sequence

from veiligeplek.data.reference import default_region_table
from veiligeplek.domain.assignment import WAITING_SATURATION_DAYS, WaitingCase, weight_matrix
from veiligeplek.domain.geography import RegionTable
from veiligeplek.domain.matching import DEFAULT_STALE_AFTER, match_table, place_table
from veiligeplek.domain.places import Availability, GroupProfile
from veiligeplek.domain.routing import route_case
from veiligeplek.simulation.engine import (
    CATEGORIES,
    DAYS_PER_YEAR,
    Model,
    Profile,
    Tally,
    run_replication,
)
from veiligeplek.simulation.scenario import Scenario

__all__ = ["Model", "Profile", "Tally", "compile_model", "run_replication"]


def compile_model(scenario: Scenario, *, regions: RegionTable | None = None) -> Model:
    """Route and match every profile once with the domain code (see the module docstring)."""
    regions = regions or default_region_table()
    groups = scenario.groups
    now = dt.datetime.combine(scenario.start_date, dt.time(12), tzinfo=dt.UTC)
    table = place_table(groups)
    all_free = Availability(
        free=tuple(g.capacity for g in groups),
        held=(0,) * len(groups),
        updated_at=(now,) * len(groups),
    )
    live = [_live(g, now) for g in groups]
    index = {g.id: i for i, g in enumerate(groups)}
    profiles = []
    for stream in scenario.streams:
        decision = route_case(stream.facts, today=scenario.start_date, regions=regions)
        match = match_table(stream.facts, decision, table, all_free, regions=regions, now=now)
        order = tuple(index[m.place.id] for m in match.places if m.eligible)
        waiting = [
            WaitingCase(stream.name, stream.facts, decision, stream.urgent, days)
            for days in range(WAITING_SATURATION_DAYS + 1)
        ]
        weights = weight_matrix(
            waiting, live, regions=regions, now=now, stale_after=DEFAULT_STALE_AFTER
        )
        period = decision.reflection_period
        profiles.append(
            Profile(
                name=stream.name,
                per_day=stream.per_year / DAYS_PER_YEAR,
                seasonal=stream.seasonal,
                national_gap=match.national_gap,
                order=order,
                categories=tuple(sorted({CATEGORIES.index(groups[i].category) for i in order})),
                weights=tuple(tuple(float(w) for w in row) for row in weights),
                reflection_days=period.days if period else None,
            )
        )
    return _model(scenario, groups, tuple(profiles))


def _live(group: GroupProfile, now: dt.datetime) -> GroupProfile:
    return dataclasses.replace(group, free=group.capacity, availability_updated_at=now)


def _model(
    scenario: Scenario, groups: Sequence[GroupProfile], profiles: tuple[Profile, ...]
) -> Model:
    behaviour = scenario.behaviour
    return Model(
        capacity=tuple(g.capacity for g in groups),
        category_of=tuple(CATEGORIES.index(g.category) for g in groups),
        max_stay=tuple(math.inf if g.max_stay_days is None else g.max_stay_days for g in groups),
        profiles=profiles,
        waiting_for=tuple(
            tuple(k for k, p in enumerate(profiles) if g in p.order) for g in range(len(groups))
        ),
        stays=tuple(scenario.stays[c] for c in CATEGORIES),
        ad_hoc_after=math.inf
        if behaviour.ad_hoc_after_days is None
        else behaviour.ad_hoc_after_days,
        drop_out_per_day=behaviour.drop_out_per_day,
        decline_share=behaviour.decline_share,
        report_filed_share=behaviour.report_filed_share,
        end=scenario.years * DAYS_PER_YEAR,
        warm_up=scenario.warm_up_years * DAYS_PER_YEAR,
        ramp_to=scenario.ramp_to_factor,
        ramp_days=scenario.ramp_years * DAYS_PER_YEAR,
        start_month=scenario.start_date.month - 1,
    )
