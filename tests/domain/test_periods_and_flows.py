"""Reporting periods and the derivation of one case's flow from its timeline."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veiligeplek.domain import monitoring as m
from veiligeplek.domain.periods import PeriodError, parse_period

T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("text", "start", "end", "previous"),
    [
        ("2026", "2026-01-01", "2026-12-31", "2025"),
        ("2026-Q1", "2026-01-01", "2026-03-31", "2025-Q4"),
        ("2026-q3", "2026-07-01", "2026-09-30", "2026-Q2"),
        ("2026-02", "2026-02-01", "2026-02-28", "2026-01"),
        ("2026-01", "2026-01-01", "2026-01-31", "2025-12"),
        ("2026-01-10..2026-01-19", "2026-01-10", "2026-01-19", "2025-12-31..2026-01-09"),
    ],
)
def test_periods_are_read_with_their_previous_period(
    text: str, start: str, end: str, previous: str
) -> None:
    period = parse_period(text)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)
    assert period.previous().label == previous


@pytest.mark.parametrize(
    "text",
    [
        "26",
        "2026-Q5",
        "2026-13",
        "2026-02-30..2026-03-01",
        "2026-03-01..2026-02-01",
        "1999",
        "volgend jaar",
    ],
)
def test_unreadable_periods_are_refused_in_dutch(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)


def test_a_year_lists_its_twelve_months() -> None:
    assert parse_period("2026").months()[::11] == ["2026-01", "2026-12"]


def event(kind: str, hours: float, **detail: object) -> m.CaseEvent:
    return m.CaseEvent(kind, T0 + dt.timedelta(hours=hours), detail)


def test_a_placed_case_reached_the_last_step_with_its_times() -> None:
    flow = m.derive_flow(
        T0,
        [
            event("signal", 0),
            event("picked_up", 1),
            event("routed", 1),
            event("ad_hoc", 2, ad_hoc="hotel"),
            event("referred", 30),
            event("accepted", 31),
            event("placed", 31, suitable=True, category="cosm", group="cosm-essm"),
        ],
    )
    assert flow.step == m.Step.PLACED_SUITABLY
    assert flow.shelter == m.Shelter.SUITABLE
    assert flow.first_placement_at == T0 + dt.timedelta(hours=2)  # the hotel came first
    assert flow.suitable_category == "cosm" and flow.suitable_group == "cosm-essm"
    assert flow.outcome == m.Outcome.OPEN


def test_a_handover_is_counted_from_the_timeline_with_its_first_time() -> None:
    flow = m.derive_flow(
        T0,
        [
            event("routed", 0),
            event("handed_over", 30, rule="R-HANDOVER-TRACK"),
            event("handed_over", 50, rule="R-HANDOVER-PLACEMENT"),
        ],
    )
    assert flow.handed_over_at == T0 + dt.timedelta(hours=30)
    assert flow.handovers == 2
    assert m.derive_flow(T0, [event("routed", 0)]).handed_over_at is None


def test_an_unsuitable_placement_counts_as_ad_hoc_not_suitable() -> None:
    flow = m.derive_flow(T0, [event("picked_up", 1), event("placed", 5, suitable=False)])
    assert flow.shelter == m.Shelter.AD_HOC and flow.suitable_placement_at is None
    assert flow.step == m.Step.PICKED_UP


@pytest.mark.parametrize(
    ("detail", "outcome"),
    [
        ({"reason": "dropped_out"}, m.Outcome.DROPPED_OUT),
        ({"outflow": "dropped_out"}, m.Outcome.DROPPED_OUT),
        ({"reason": "not_needed"}, m.Outcome.CLOSED),
    ],
)
def test_dropping_out_is_read_from_the_closure(detail: dict[str, str], outcome: m.Outcome) -> None:
    assert m.derive_flow(T0, [event("closed", 3, **detail)]).outcome == outcome


@pytest.mark.parametrize(
    ("facts", "profile"),
    [
        ({"exploitation": ["criminal"], "gender": "female", "age": 15}, m.GapProfile.CRIMINAL),
        ({"exploitation": ["sexual"], "age": 16, "gender": "male"}, m.GapProfile.MINOR),
        (
            {"exploitation": ["labour"], "gender": "male", "children": 2},
            m.GapProfile.MEN_WITH_CHILDREN,
        ),
        ({"exploitation": ["labour"], "gender": "male"}, m.GapProfile.MEN),
        (
            {"exploitation": ["sexual"], "contra_indications": ["addiction"]},
            m.GapProfile.CONTRA_INDICATION,
        ),
        ({"exploitation": ["sexual"], "multi_problem": True}, m.GapProfile.MULTI_PROBLEM),
        ({"exploitation": ["sexual"], "gender": "female"}, m.GapProfile.OTHER),
    ],
)
def test_gap_profiles_take_the_first_that_matches(
    facts: dict[str, object], profile: m.GapProfile
) -> None:
    assert m.gap_profile(facts) == profile


@pytest.mark.parametrize(
    ("nationality", "group"),
    [
        ("NL", "nl"),
        ("PL", "eu"),
        ("NO", "eu"),
        ("CH", "eu"),
        ("NG", "third_country"),
        (None, "unknown"),
    ],
)
def test_nationality_groups(nationality: str | None, group: str) -> None:
    assert m.nationality_group(nationality) == group


def test_several_forms_of_exploitation_count_as_multiple() -> None:
    assert m.primary_exploitation(["sexual", "labour"]) == "multiple"
    assert m.primary_exploitation(["labour", "labour"]) == "labour"


@given(st.lists(st.floats(min_value=0, max_value=1e4), min_size=1, max_size=60))
def test_the_median_is_the_statistics_median_and_p90_is_inclusive(values: list[float]) -> None:
    spread = m.spread(values)
    assert spread.n == len(values)
    assert spread.median == round(statistics.median(values), 1)
    if len(values) > 1:
        expected = statistics.quantiles(values, n=10, method="inclusive")[-1]
        assert spread.p90 == pytest.approx(round(expected, 1), abs=0.051)


@pytest.mark.parametrize("text", ["0000", "0000-Q1", "0000-01", "9999", "2000-01-01..2100-12-31"])
def test_periods_outside_the_range_are_refused_not_crashed(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)
