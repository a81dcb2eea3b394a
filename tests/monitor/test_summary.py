"""The monthly summary (``FlowCount``) counts exactly what the per-table queries over
``CaseFlow`` count: on random histories of derived rows, kept in step change by change, and
after a rebuild; for years, quarters and months, national and in every kind of scope. Runs on
SQLite and (with DATABASE_URL) PostgreSQL, where the one-scan path is compared as well."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.utils import timezone

from tests.factories import user_create
from tests.monitor.conftest import World
from veiligeplek.cases.models import Case
from veiligeplek.domain import monitoring as m
from veiligeplek.domain.enums import PlaceCategory, Track
from veiligeplek.domain.periods import parse_period
from veiligeplek.monitor import figures as f
from veiligeplek.monitor import sql, summary
from veiligeplek.monitor.models import CaseFlow, FlowCount
from veiligeplek.monitor.scope import parse_scope, regions_now
from veiligeplek.monitor.services import case_flows_refresh

pytestmark = pytest.mark.django_db

PERIODS = ("2025", "2026", "2026-Q1", "2026-Q4", "2026-03", "2025-12")
SCOPES = ("national", "VT01", "GM0363", "RE05", "VT13")
ZONE = timezone.get_default_timezone()


def _per_table(period: str, scope: str) -> dict[str, dict[tuple[str, ...], int]]:
    """What the plain per-table queries over CaseFlow count (the reference)."""
    ctx = f.context(parse_period(period), parse_scope(scope))
    out = {}
    for spec in summary.SUMMARISED:
        counted = f.COUNTERS.get(spec.id, f._cases_table)(ctx, spec)
        out[spec.id] = {k: n for k, n in counted.items() if "None" not in k}
    return out


def _summarised(period: str, scope: str) -> dict[str, dict[tuple[str, ...], int]]:
    ctx = f.context(parse_period(period), parse_scope(scope))
    return summary.summary_counts(ctx, summary.SUMMARISED)


def _assert_equal_everywhere() -> None:
    for period in PERIODS:
        for scope in SCOPES:
            assert _summarised(period, scope) == _per_table(period, scope), (period, scope)


def _moment(rng: random.Random) -> dt.datetime:
    # Around the year's and months' edges in local time too (23:30 UTC on 31 December is
    # already January in Amsterdam).
    day = dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=rng.randrange(730))
    return day + dt.timedelta(minutes=rng.choice([0, 30, 60 * 22 + 30, 60 * 23 + 30, 700]))


Places = list[tuple[str, str, str]]  # municipality, care region, police unit


def _random_flow(
    rng: random.Random, case_id: int, places: Places, central: dict[str, str]
) -> CaseFlow:
    found, region, unit = rng.choice(places)
    if rng.random() < 0.05:
        region = rng.choice(["", "VT99"])  # unknown or no longer valid: counted as "unknown"
    signal = _moment(rng)

    def later() -> dt.datetime | None:
        return None if rng.random() < 0.4 else signal + dt.timedelta(days=rng.random() * 90)

    suitable = later()
    moved = suitable is not None and rng.random() < 0.9
    return CaseFlow(
        case_id=case_id,
        signal_at=signal,
        signal_month=f"{timezone.localtime(signal, ZONE):%Y-%m}",
        picked_up_at=later(),
        first_placement_at=later(),
        suitable_placement_at=suitable,
        handed_over_at=later(),
        step=rng.choice(list(m.STEPS)),
        outcome=rng.choice(list(m.Outcome)),
        shelter=rng.choice(list(m.Shelter)),
        region=region,
        central_municipality=central.get(region, ""),
        police_unit=unit,
        found_municipality=found,
        exploitation=rng.choice(m.EXPLOITATION_VALUES),
        gender=rng.choice(m.GENDER_VALUES),
        age_group=rng.choice(list(m.AgeGroup)),
        nationality_group=rng.choice(list(m.NationalityGroup)),
        track=rng.choice(list(Track)),
        category=rng.choice([*PlaceCategory, "none"]),
        gap_profile=rng.choice(list(m.GapProfile)),
        national_gap=rng.random() < 0.2,
        distance_km=round(rng.random() * 200, 1) if moved else None,
        outside_region=rng.random() < 0.5 if moved else None,
    )


@pytest.mark.parametrize("seed", range(4))
def test_summary_equals_the_per_table_counts_on_random_histories(seed: int) -> None:
    rng = random.Random(seed)
    table = regions_now()
    places = [(c, m_.care_region, m_.police_unit) for c, m_ in table.municipalities.items()]
    central = {code: r.central_municipality for code, r in table.regions.items()}
    user = user_create(username=f"summary-{seed}")
    created = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    cases = Case.objects.bulk_create(
        Case(
            number=f"VP-S{seed}{i:05d}",
            facts={},
            track="municipal",
            placement_authority="comensha",
            case_owner="comensha",
            created_at=created,
            created_by=user,
        )
        for i in range(rng.randrange(150, 300))
    )
    ids = [c.pk for c in cases]
    rows = [_random_flow(rng, pk, places, central) for pk in ids]
    CaseFlow.objects.bulk_create(rows)
    summary.apply_flow_changes([], rows)
    _assert_equal_everywhere()

    for _ in range(3):  # cases move on, are corrected, change region: kept in step change by change
        chosen = rng.sample(ids, k=len(ids) // 4)
        old = list(CaseFlow.objects.filter(case_id__in=chosen))
        new = [_random_flow(rng, pk, places, central) for pk in chosen]
        CaseFlow.objects.filter(case_id__in=chosen).delete()
        CaseFlow.objects.bulk_create(new)
        summary.apply_flow_changes(old, new)
    _assert_equal_everywhere()
    assert not FlowCount.objects.filter(n__lte=0).exists()

    kept = sorted(FlowCount.objects.values_list("table_id", "month", "region", "a", "b", "n"))
    summary.flow_counts_rebuild()
    assert (
        sorted(FlowCount.objects.values_list("table_id", "month", "region", "a", "b", "n")) == kept
    )

    if sql.available():  # PostgreSQL: the one-scan path counts the same
        for scope in SCOPES:
            ctx = f.context(parse_period("2026"), parse_scope(scope))
            for population, column in f.SCANNED.items():
                specs = [s for s in summary.SUMMARISED if s.population == population]
                scanned = sql.grouped_counts(ctx, specs, time_column=column)
                summed = summary.summary_counts(ctx, specs)
                assert scanned == summed, (scope, population)


def test_the_refresh_keeps_the_summary_in_step_with_the_recorded_world(world: World) -> None:
    case_flows_refresh()
    assert FlowCount.objects.exists()
    _assert_equal_everywhere()
    FlowCount.objects.all().delete()  # as after the summary's migration: refilled by itself
    case_flows_refresh()
    _assert_equal_everywhere()


def test_custom_ranges_are_not_counted_from_the_summary() -> None:
    assert summary.covers(parse_period("2026"))
    assert summary.covers(parse_period("2026-Q3"))
    assert summary.covers(parse_period("2026-02"))
    assert summary.covers(parse_period("2026-01-01..2026-02-28"))
    assert not summary.covers(parse_period("2026-01-15..2026-03-31"))
    assert not summary.covers(parse_period("2026-01-01..2026-03-30"))
