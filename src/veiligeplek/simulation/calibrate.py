"""Calibration: a scenario file from the registry as it is now and the case history.

The only module of the simulation that reads the database (the model imports the domain and
the landscape parser only). ``veiligeplek simulate --calibrate FILE.toml`` writes FILE.toml
and, next to it, the registry in the ``import-places`` format (``FILE-landscape.csv``), so
that people can see and change every number. Per parameter (issue "Capacity simulation",
point 4):

- arrival rate per profile: cases per year over the span of the history, one stream per
  profile (the facts that drive routing: gender, minor or adult, nationality, forms of
  exploitation, contra-indications, multiple problems, safety risk, children), with the most
  frequent facts of the profile as its example; the ``MAX_PROFILES`` largest profiles carry
  the whole rate between them;
- length of stay per category: mean and standard deviation of the ended placements
  (lognormal);
- decline share: declined referrals among the answered ones;
- drop-out hazard: cases closed unplaced while waiting, per day on the waiting list;
- ad hoc after: the median time from registration to the first ad hoc placement.

Where the history holds fewer than ``MIN_SAMPLES`` observations for a parameter, the
report's figure (the scenario defaults, and the demand of ``scenarios/huidig.toml``) is used;
``[sources]`` in the file records which values came from the history.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import statistics
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone

from veiligeplek.cases.models import AdHocPlacement, Case, Placement, Referral, WaitingListEntry
from veiligeplek.data.landscape import LandscapeRow, write_csv
from veiligeplek.domain.countries import NETHERLANDS, has_free_movement
from veiligeplek.domain.enums import PlaceCategory
from veiligeplek.registry.selectors import landscape_rows, police_unit_names
from veiligeplek.simulation.scenario import DEFAULT_BEHAVIOUR, DEFAULT_STAY_DAYS

MIN_SAMPLES = 20
MIN_CASES = 50
MAX_PROFILES = 20
DEFAULT_SCENARIO = Path(__file__).parent / "scenarios" / "huidig.toml"


@dataclass
class History:
    """What calibration reads from the case history, as plain values."""

    cases: list[tuple[Mapping[str, Any], dt.datetime]] = field(default_factory=list)
    stays: list[tuple[str, float]] = field(default_factory=list)  # (category, days)
    declined: int = 0
    accepted: int = 0
    drop_outs: int = 0
    waiting_days: float = 0.0
    ad_hoc_delays: list[float] = field(default_factory=list)  # days


# --- reading the database (thin) ------------------------------------------------------------


def registry_rows() -> list[LandscapeRow]:
    return landscape_rows()


def history_read(now: dt.datetime) -> History:
    history = History(cases=list(Case.objects.values_list("facts", "created_at")))
    for category, start, end in Placement.objects.filter(ended_at__isnull=False).values_list(
        "place__group__category", "started_at", "ended_at"
    ):
        if end is not None:
            history.stays.append((category, (end - start).total_seconds() / 86400))
    answered = Counter(
        Referral.objects.filter(
            status__in=[Referral.Status.ACCEPTED, Referral.Status.DECLINED]
        ).values_list("status", flat=True)
    )
    history.declined = answered[Referral.Status.DECLINED]
    history.accepted = answered[Referral.Status.ACCEPTED]
    _waiting(history, now)
    first_ad_hoc: dict[int, dt.datetime] = {}
    for case_id, started in AdHocPlacement.objects.filter(case__national_gap=False).values_list(
        "case_id", "started_at"
    ):
        first_ad_hoc[case_id] = min(started, first_ad_hoc.get(case_id, started))
    created = dict(Case.objects.filter(pk__in=first_ad_hoc).values_list("pk", "created_at"))
    history.ad_hoc_delays = [
        max((first_ad_hoc[pk] - created[pk]).total_seconds() / 86400, 0.0) for pk in first_ad_hoc
    ]
    return history


def _waiting(history: History, now: dt.datetime) -> None:
    """Person-days on the waiting list, and the cases that left it unplaced (closed)."""
    spans: dict[int, list[dt.datetime]] = defaultdict(list)
    for case_id, added, removed in WaitingListEntry.objects.values_list(
        "case_id", "added_at", "removed_at"
    ):
        spans[case_id] += [added, removed or now]
    placed = set(Placement.objects.filter(case_id__in=spans).values_list("case_id", flat=True))
    closed = dict(
        Case.objects.filter(pk__in=spans, closed_at__isnull=False).values_list("pk", "closed_at")
    )
    for case_id, times in spans.items():
        history.waiting_days += (max(times) - min(times)).total_seconds() / 86400
        if case_id in closed and case_id not in placed:
            history.drop_outs += 1


def calibrate_to(path: Path, *, now: dt.datetime | None = None) -> list[str]:
    """Write the calibrated scenario to ``path`` and its landscape next to it."""
    now = now or timezone.now()
    landscape = path.with_name(f"{path.stem}-landscape.csv")
    rows = registry_rows()
    landscape.write_text(write_csv(rows, police_unit_names()), encoding="utf-8")
    path.write_text(
        calibrated_toml(history_read(now), landscape=landscape.name, today=now.date()),
        encoding="utf-8",
    )
    return [str(path), str(landscape)]


# --- from history to a scenario (pure) ------------------------------------------------------


def profile_key(facts: Mapping[str, Any]) -> tuple[object, ...]:
    """The facts that drive routing and eligibility, coarsened to a finite set of profiles."""
    nationality = facts.get("nationality")
    if nationality is None:
        origin = "unknown"
    elif nationality == NETHERLANDS:
        origin = "nl"
    else:
        origin = "eu" if has_free_movement(nationality) else "third"
    age = facts.get("age")
    return (
        facts.get("gender"),
        age is not None and age < 18,
        origin,
        tuple(sorted(facts.get("exploitation") or [])),
        tuple(sorted(facts.get("contra_indications") or [])),
        bool(facts.get("multi_problem")),
        facts.get("safety_risk") or "normal",
        (facts.get("children") or 0) > 0,
        facts.get("residence_permit") == "b8" or bool(facts.get("report_filed")),
    )


ROUTING_FACTS = (
    "gender", "age", "nationality", "legal_residence", "residence_permit", "dublin_indication",
    "registered_municipality", "found_municipality", "exploitation", "contra_indications",
    "multi_problem", "children", "safety_risk", "report_filed", "cannot_report",
)  # fmt: skip


def _example(group: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The most frequent value of each routing fact within a profile."""
    example: dict[str, Any] = {}
    for key in ROUTING_FACTS:
        values = Counter(json.dumps(f.get(key), sort_keys=True) for f in group)
        value = json.loads(values.most_common(1)[0][0])
        if value not in (None, [], False, 0, "", "normal") or key == "found_municipality":
            example[key] = value
    return example


def _streams(history: History) -> tuple[list[dict[str, Any]], bool]:
    """Arrival streams from the history, or the report's (``huidig.toml``) when too thin."""
    if len(history.cases) < MIN_CASES:
        default = tomllib.loads(DEFAULT_SCENARIO.read_text(encoding="utf-8"))
        return list(default["arrivals"]), False
    times = [created for _, created in history.cases]
    years = max((max(times) - min(times)).days / 365.25, 1.0)
    groups: dict[tuple[object, ...], list[Mapping[str, Any]]] = defaultdict(list)
    for facts, _ in history.cases:
        groups[profile_key(facts)].append(facts)
    ranked = sorted(groups.values(), key=len, reverse=True)
    kept = ranked[:MAX_PROFILES]
    scale = len(history.cases) / sum(len(g) for g in kept)
    streams = [
        {
            "name": f"profiel-{n + 1:02d}",
            "per_year": round(len(group) * scale / years, 2),
            "facts": _example(group),
        }
        for n, group in enumerate(kept)
    ]
    return streams, True


def _stays(history: History) -> dict[str, tuple[float, float] | None]:
    by_category: dict[str, list[float]] = defaultdict(list)
    for category, days in history.stays:
        if days > 0:
            by_category[category].append(days)
    return {
        c.value: (statistics.fmean(d), statistics.stdev(d)) if len(d) >= MIN_SAMPLES else None
        for c in PlaceCategory
        for d in [by_category.get(c.value, [])]
    }


def _behaviour(history: History) -> dict[str, float | None]:
    answered = history.declined + history.accepted
    return {
        "decline_share": round(history.declined / answered, 4) if answered >= MIN_SAMPLES else None,
        "drop_out_per_day": round(history.drop_outs / history.waiting_days, 6)
        if history.drop_outs >= MIN_SAMPLES and history.waiting_days > 0
        else None,
        "ad_hoc_after_days": round(statistics.median(history.ad_hoc_delays), 2)
        if len(history.ad_hoc_delays) >= MIN_SAMPLES
        else None,
    }


def calibrated_toml(history: History, *, landscape: str, today: dt.date) -> str:
    """The scenario file: every number written out, ``[sources]`` naming the history's."""
    sources: list[str] = []  # from the history
    defaults: list[str] = []  # the report's figures, written out
    streams, from_history = _streams(history)
    lines = [
        "# Gekalibreerd uit het register en de casushistorie op " + today.isoformat() + ".",
        "# Waarden zonder vermelding onder [sources] komen uit het rapport (standaardwaarden).",
        'name = "gekalibreerd"',
        f'description = "Register en historie van {today.isoformat()}"',
        "years = 10",
        "warm_up_years = 1",
        "replications = 50",
        "seed = 1",
        f"start_date = {today.isoformat()}",
        f"landscape = {_toml(landscape)}",
    ]
    for i, stream in enumerate(streams):
        lines += ["", "[[arrivals]]", f"name = {_toml(stream['name'])}"]
        lines += [f"per_year = {_toml(stream['per_year'])}", f"facts = {_toml(stream['facts'])}"]
        (sources if from_history else defaults).append(f"arrivals[{i}].per_year")
        (sources if from_history else defaults).append(f"arrivals[{i}].facts")
    for category, figures in _stays(history).items():
        lines += ["", f"[stay.{category}]"]
        if figures is None:
            lines += ['distribution = "exponential"']
            lines += [f"mean_days = {DEFAULT_STAY_DAYS[PlaceCategory(category)]}"]
            defaults += [f"stay.{category}.distribution", f"stay.{category}.mean_days"]
            continue
        mean, sd = figures
        lines += ['distribution = "lognormal"']
        lines += [f"mean_days = {round(mean, 2)}", f"sd_days = {round(max(sd, 0.01), 2)}"]
        sources += [f"stay.{category}.mean_days", f"stay.{category}.sd_days"]
    lines += ["", "[behaviour]"]
    calibrated = _behaviour(history)
    for key, default in DEFAULT_BEHAVIOUR.items():
        value = calibrated.get(key)
        lines.append(f"{key} = {_toml(default if value is None else value)}")
        (sources if value is not None else defaults).append(f"behaviour.{key}")
    lines += ["", "[sources]"]
    lines += [f'{_toml(key)} = "history"' for key in sources]
    lines += [f'{_toml(key)} = "default"' for key in defaults]
    return "\n".join(lines) + "\n"


def _toml(value: object) -> str:
    """A TOML value for the few shapes calibration writes (inline tables, lists, scalars)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if not (isinstance(value, float) and math.isinf(value)) else '"never"'
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    if isinstance(value, Iterable):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    raise TypeError(f"geen TOML-waarde: {value!r}")
