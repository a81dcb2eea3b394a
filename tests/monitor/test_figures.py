"""The monitoring's figures equal independent counts written directly in SQL over the recorded
cases, timelines and referrals (not over the monitor's own table)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter

import pytest
from django.db import connection

from tests.monitor.conftest import World
from veiligeplek.cases.models import MatchSearch, TimelineEvent
from veiligeplek.cases.monitoring import search_staleness
from veiligeplek.domain.periods import parse_period
from veiligeplek.monitor import figures as f
from veiligeplek.monitor.scope import parse_scope
from veiligeplek.monitor.services import case_flows_refresh
from veiligeplek.monitor.statistics import Statistics, statistics_for

pytestmark = pytest.mark.django_db
YEAR = parse_period("2026")


def exact(scope: str = "national") -> Statistics:
    return statistics_for(YEAR, parse_scope(scope), exact=True)


def sql(query: str, *params: str) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return list(cursor.fetchall())


def reached(kind: str) -> int:
    [(n,)] = sql("SELECT COUNT(DISTINCT case_id) FROM cases_timelineevent WHERE kind = %s", kind)
    return int(str(n))


def test_cases_per_region_equal_a_count_of_cases_in_sql(world: World) -> None:
    stats = exact()
    for region, n in sql(
        "SELECT care_region_code, COUNT(*) FROM cases_case GROUP BY care_region_code"
    ):
        assert stats.cell("cases_by_region_and_exploitation", str(region), "*") == n
    [(total,)] = sql("SELECT COUNT(*) FROM cases_case")
    assert stats.cell("cases_by_region_and_exploitation", "*", "*") == total == len(world.cases)


def test_the_funnel_counts_the_cases_that_reached_each_step(world: World) -> None:
    stats = exact()
    furthest = {
        step: stats.cell("cases_by_step_and_outcome", step, "*")
        for step in ("signal", "routed", "picked_up", "referred", "accepted", "placed_suitably")
    }
    placed = sql("SELECT COUNT(DISTINCT case_id) FROM cases_timelineevent WHERE kind = 'placed'")[
        0
    ][0]
    assert furthest["placed_suitably"] == placed == len(world.placed)
    # Reached "referred or further" = every case with a referral event.
    later = sum(furthest[s] or 0 for s in ("referred", "accepted", "placed_suitably"))
    assert later == reached("referred")
    picked = sum(v or 0 for k, v in furthest.items() if k not in {"signal", "routed"})
    assert picked == reached("picked_up")
    assert sum(v or 0 for v in furthest.values()) == len(world.cases)


def test_declines_by_reason_equal_the_declined_referrals(world: World) -> None:
    stats = exact()
    for reason, category, n in sql(
        "SELECT r.decline_reason, g.category, COUNT(*) FROM cases_referral r "
        "JOIN registry_placegroup g ON g.id = r.group_id WHERE r.status = 'declined' "
        "GROUP BY r.decline_reason, g.category"
    ):
        assert stats.cell("declines_by_reason_and_category", str(reason), str(category)) == n
    assert stats.cell("declines_by_reason_and_category", "full", "cosm") == 3


def test_ad_hoc_and_waiting_figures_equal_their_records(world: World) -> None:
    stats = exact()
    [(ad_hoc,)] = sql("SELECT COUNT(*) FROM cases_adhocplacement")
    assert stats.cell("ad_hoc_placements_by_kind_and_duration", "*", "*") == ad_hoc == 3
    [(waits,)] = sql("SELECT COUNT(*) FROM cases_waitinglistentry WHERE category = 'omm'")
    assert stats.cell("waiting_entries_by_category_and_result", "omm", "*") == waits == 2
    assert stats.cell("cases_by_gap_profile_and_national_gap", "criminal", "yes") == 3


def _median_days_to_placement() -> float:
    rows = sql(
        "SELECT s.at, p.at FROM cases_timelineevent s JOIN cases_timelineevent p "
        "ON p.case_id = s.case_id WHERE s.kind = 'signal' AND p.kind = 'placed'"
    )
    days = [
        (_as_datetime(placed) - _as_datetime(signal)).total_seconds() / 86_400
        for signal, placed in rows
    ]
    return float(round(statistics.median(days), 1))


def _as_datetime(value: object) -> dt.datetime:
    """SQLite hands timestamps back as text, PostgreSQL as datetimes."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def test_time_to_suitable_placement_is_the_median_over_the_timeline(world: World) -> None:
    figure = exact().figure("days_signal_to_suitable_placement", route="all")
    assert figure is not None
    assert figure["n"] == len(world.placed)
    assert figure["median"] == _median_days_to_placement()


def test_changing_one_event_time_moves_the_median(world: World) -> None:
    before = exact().figure("days_signal_to_suitable_placement", route="all")
    assert before is not None
    fastest = world.placed[0]  # placed on the day of its signal
    event = TimelineEvent.objects.get(case=fastest, kind="placed")
    event.at = event.at + dt.timedelta(days=90)
    event.save(update_fields=["at"])
    case_flows_refresh(full=True)
    after = exact().figure("days_signal_to_suitable_placement", route="all")
    assert after is not None
    assert after["median"] > before["median"]
    assert after["median"] == _median_days_to_placement()


def test_occupancy_at_month_end_equals_the_bed_history(world: World) -> None:
    ctx = f.context(parse_period("2026-03"), parse_scope("national"))
    [point] = [p for p in f.occupancy(ctx) if p.category == "cosm"]
    edge = dt.datetime(2026, 3, 31, 23, 0, tzinfo=dt.UTC)  # midnight in Amsterdam (CEST: +1)
    rows = sql(
        "SELECT g.category, COUNT(*) FROM registry_place p "
        "JOIN registry_placegroup g ON g.id = p.group_id "
        "WHERE (SELECT c.to_status FROM registry_availabilitychange c "
        "       WHERE c.place_id = p.id AND c.changed_at < %s AND c.to_status <> '' "
        "       ORDER BY c.changed_at DESC, c.id DESC LIMIT 1) = 'occupied' "
        "GROUP BY g.category",
        edge.isoformat(),
    )
    occupied = {str(category): n for category, n in rows}
    assert point.occupied == occupied.get("cosm", 0)
    [(beds,)] = sql(
        "SELECT COUNT(*) FROM registry_place p JOIN registry_placegroup g ON g.id = p.group_id "
        "WHERE g.category = 'cosm'"
    )
    assert point.beds == beds


def test_share_placed_outside_the_own_region_equals_the_placements(world: World) -> None:
    stats = exact()
    rows = sql(
        "SELECT c.care_region_code, m.vt_region_code, COUNT(*) FROM cases_placement p "
        "JOIN cases_case c ON c.id = p.case_id JOIN registry_place b ON b.id = p.place_id "
        "JOIN registry_placegroup g ON g.id = b.group_id "
        "JOIN registry_location l ON l.id = g.location_id "
        "JOIN registry_municipality m ON m.code = l.municipality_id "
        "GROUP BY c.care_region_code, m.vt_region_code"
    )
    outside = sum(int(str(n)) for home, there, n in rows if home != there)
    total = sum(int(str(n)) for _, _, n in rows)
    assert stats.cell("suitable_placements_by_category_and_outside_region", "*", "yes") == outside
    assert stats.cell("suitable_placements_by_category_and_outside_region", "*", "*") == total
    assert total == len(world.placed)


def test_staleness_at_search_counts_the_recorded_searches(world: World) -> None:
    at = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)
    for stale in (0, 2, 3):
        MatchSearch.objects.create(
            at=at,
            channel="search_page",
            care_region_code="VT01",
            role="comensha",
            groups=21,
            eligible_groups=4,
            placeable_groups=1,
            stale_groups=stale,
            stale_eligible_groups=stale,
            stale_locations=stale,
        )
    found = search_staleness(at - dt.timedelta(days=1), at + dt.timedelta(days=1), ["VT01"])
    [(n, with_stale)] = sql(
        "SELECT COUNT(*), SUM(CASE WHEN stale_eligible_groups > 0 THEN 1 ELSE 0 END) "
        "FROM cases_matchsearch WHERE care_region_code = 'VT01'"
    )
    assert (found.searches, found.with_stale_eligible) == (n, with_stale) == (3, 2)
    assert found.mean_stale_locations == round(5 / 3, 1)


@pytest.mark.parametrize("by_quarter", [False, True])
def test_every_regions_tables_add_up_to_the_country_and_count_its_cases(
    world: World, by_quarter: bool
) -> None:
    """``count_tables_by_region`` (every region at once, ``disclosure.protect_parts``): the
    regions' cells sum to the country's, and a region's cases are the cases found there."""
    case_flows_refresh()
    national = parse_scope("national")
    whole = f.count_tables_by_quarter(2026, national)
    parts = f.count_tables_by_region(whole, 2026, national, by_quarter=by_quarter)
    plain = [t for t in whole if f.REGION not in t.dimensions]
    assert [p.id for p in parts] == [f"{t.id}{f.BY_REGION}" for t in plain]
    keep = 0 if by_quarter else 1
    for t, p in zip(plain, parts, strict=True):
        assert p.dimensions == (f.REGION, *t.dimensions[keep:])
        over_regions: Counter[tuple[str, ...]] = Counter()
        for key, n in p.counts.items():
            over_regions[key[1:]] += n
        country: Counter[tuple[str, ...]] = Counter()
        for key, n in t.counts.items():
            country[key[keep:]] += n
        assert +over_regions == +country
    steps = next(p for p in parts if p.id == f"cases_by_step_and_outcome{f.BY_REGION}")
    per_region: Counter[str] = Counter()
    for key, n in steps.counts.items():  # a case is at one step with one outcome
        per_region[key[0]] += n
    found = sql("SELECT care_region_code, COUNT(*) FROM cases_case GROUP BY care_region_code")
    assert len(found) > 1  # the world has cases in several regions
    assert +per_region == Counter({str(r or f.UNKNOWN): int(str(n)) for r, n in found})
