"""Counts per calendar year of each figure family the demo history fills, straight from the
records (for docs/benchmarks.md and the report on the history; not the monitoring itself)."""

from __future__ import annotations

from collections import Counter, defaultdict

from veiligeplek.cases.models import (
    AdHocPlacement,
    Case,
    MatchSearch,
    Placement,
    Referral,
    Signal,
    TimelineEvent,
    WaitingListEntry,
)
from veiligeplek.demo.cast import PREFIX

Table = dict[str, dict[int, int]]


def _years(table: Table, name: str, dates: object) -> None:
    table[name] = dict(Counter(d.year for d in dates if d is not None))  # type: ignore[attr-defined]


def counts_per_year() -> Table:
    """Each figure family by the year in which its event happened."""
    demo = Case.objects.filter(created_by__username__startswith=PREFIX)
    signals = Signal.objects.filter(case__in=demo)
    table: Table = {}
    _years(table, "signals", signals.values_list("submitted_at", flat=True))
    _years(table, "picked up", signals.values_list("picked_up_at", flat=True))
    _years(table, "escalated", signals.values_list("escalated_at", flat=True))
    events = TimelineEvent.objects.filter(case__in=demo)
    _years(table, "routed", events.filter(kind="routed").values_list("at", flat=True))
    referrals = Referral.objects.filter(case__in=demo)
    _years(table, "referred", referrals.values_list("referred_at", flat=True))
    accepted = referrals.filter(status="accepted")
    _years(table, "accepted", accepted.values_list("responded_at", flat=True))
    for reason in ("full", "contra_indication", "safety", "group", "other"):
        declined = referrals.filter(status="declined", decline_reason=reason)
        _years(table, f"declined: {reason}", declined.values_list("responded_at", flat=True))
    _years(
        table,
        "hold expired",
        referrals.filter(status="expired").values_list("referred_at", flat=True),
    )
    placed = events.filter(kind="placed")
    _years(
        table, "placed suitably", placed.filter(detail__suitable=True).values_list("at", flat=True)
    )
    ad_hoc = AdHocPlacement.objects.filter(case__in=demo)
    _years(table, "ad hoc", ad_hoc.values_list("started_at", flat=True))
    _years(
        table,
        "ad hoc, national gap",
        ad_hoc.filter(case__national_gap=True).values_list("started_at", flat=True),
    )
    waits = WaitingListEntry.objects.filter(case__in=demo)
    for category in ("omm", "nla", "mannenopvang", "wmo", "cosm"):
        rows = waits.filter(category=category).values_list("added_at", flat=True)
        _years(table, f"waiting list: {category}", rows)
    closed = events.filter(kind="closed", detail__has_key="reason")
    _years(table, "closed without placement", closed.values_list("at", flat=True))
    dropped = closed.filter(detail__reason="dropped_out").values_list("at", flat=True)
    _years(table, "  closed: dropped out", dropped)
    stays = Placement.objects.filter(case__in=demo, ended_at__isnull=False)
    _years(table, "outflow", stays.values_list("ended_at", flat=True))
    left = stays.filter(outflow="dropped_out").values_list("ended_at", flat=True)
    _years(table, "  outflow: dropped out", left)
    searches = MatchSearch.objects.filter(case__in=demo)
    _years(table, "searches", searches.values_list("at", flat=True))
    stale = searches.filter(stale_eligible_groups__gt=0).values_list("at", flat=True)
    _years(table, "  with stale eligible groups", stale)
    by_year: dict[int, int] = defaultdict(int)
    for at in demo.filter(status__in=("waiting", "placed", "searching", "referred")).values_list(
        "created_at", flat=True
    ):
        by_year[at.year] += 1
    table["open now (by signal year)"] = dict(by_year)
    return table
