"""The cases app's door for the monitoring: plain rows of what was recorded, codes and times
only (no number, name, address or free text). The monitor app derives its figures from these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as Case_
from django.db.models import (
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    QuerySet,
    Value,
    When,
)

from veiligeplek.cases.models import (
    AdHocPlacement,
    Case,
    MatchSearch,
    Referral,
    RoutingRecord,
    TimelineEvent,
    WaitingListEntry,
)
from veiligeplek.domain.monitoring import CaseEvent


@dataclass(frozen=True)
class CaseRecord:
    pk: int
    created_at: dt.datetime
    facts: dict[str, Any]
    track: str
    care_region_code: str
    responsible_municipality: str
    place_categories: list[str]
    national_gap: bool
    events: tuple[CaseEvent, ...]


def last_event_id() -> int:
    return TimelineEvent.objects.aggregate(m=Max("id"))["m"] or 0


def case_ids_changed_since(event_id: int) -> set[int]:
    """Cases with a timeline event after ``event_id``."""
    return set(
        TimelineEvent.objects.filter(id__gt=event_id).values_list("case_id", flat=True).distinct()
    )


def all_case_ids() -> set[int]:
    return set(Case.objects.values_list("pk", flat=True))


def case_records(case_ids: Iterable[int]) -> Iterator[CaseRecord]:
    """The cases with their timelines, in one query for the cases and one for the events."""
    ids = list(case_ids)
    events: dict[int, list[CaseEvent]] = {pk: [] for pk in ids}
    for case_id, kind, at, detail in (
        TimelineEvent.objects.filter(case_id__in=ids)
        .order_by("at", "id")
        .values_list("case_id", "kind", "at", "detail")
    ):
        events[case_id].append(CaseEvent(kind=kind, at=at, detail=detail or {}))
    columns = (
        "pk",
        "created_at",
        "facts",
        "track",
        "care_region_code",
        "responsible_municipality",
        "place_categories",
        "national_gap",
    )
    for pk, created, facts, track, region, responsible, categories, gap in Case.objects.filter(
        pk__in=ids
    ).values_list(*columns):
        yield CaseRecord(
            pk, created, facts, track, region, responsible, categories, gap, tuple(events[pk])
        )


@dataclass(frozen=True)
class DeclineRow:
    reason: str
    category: str
    location_id: int
    responded_at: dt.datetime


CaseIds = QuerySet[Any, Any] | None  # a subquery of case ids in scope; None: every case


def _in_scope[Q: QuerySet[Any, Any]](rows: Q, case_ids: CaseIds) -> Q:
    return rows if case_ids is None else rows.filter(case_id__in=case_ids)


def declines_between(
    start: dt.datetime, end: dt.datetime, case_ids: CaseIds = None
) -> list[DeclineRow]:
    """Referrals declined by a shelter in [start, end)."""
    referrals = Referral.objects.filter(
        status=Referral.Status.DECLINED, responded_at__gte=start, responded_at__lt=end
    )
    rows = _in_scope(referrals, case_ids).values_list(
        "decline_reason", "group__category", "group__location_id", "responded_at"
    )
    return [DeclineRow(reason, cat, loc, at) for reason, cat, loc, at in rows if at is not None]


@dataclass(frozen=True)
class WaitRow:
    category: str
    added_at: dt.datetime
    removed_at: dt.datetime | None
    removal_reason: str


def waits_between(start: dt.datetime, end: dt.datetime, case_ids: CaseIds = None) -> list[WaitRow]:
    """Waiting-list entries added in [start, end)."""
    entries = WaitingListEntry.objects.filter(added_at__gte=start, added_at__lt=end)
    rows = _in_scope(entries, case_ids).values_list(
        "category", "added_at", "removed_at", "removal_reason"
    )
    return [WaitRow(*row) for row in rows]


@dataclass(frozen=True)
class AdHocRow:
    kind: str
    started_at: dt.datetime
    ended_at: dt.datetime | None


def ad_hoc_between(
    start: dt.datetime, end: dt.datetime, case_ids: CaseIds = None
) -> list[AdHocRow]:
    """Ad hoc placements started in [start, end)."""
    stays = AdHocPlacement.objects.filter(started_at__gte=start, started_at__lt=end)
    return [
        AdHocRow(*row)
        for row in _in_scope(stays, case_ids).values_list("kind", "started_at", "ended_at")
    ]


def _counted(rows: QuerySet[Any, Any], fields: tuple[str, ...]) -> dict[tuple[str, ...], int]:
    counted = rows.values(*fields).annotate(n=Count("pk")).order_by()
    return {tuple(str(r[f]) for f in fields): r["n"] for r in counted}


def decline_counts(
    start: dt.datetime, end: dt.datetime, fields: tuple[str, ...], case_ids: CaseIds = None
) -> dict[tuple[str, ...], int]:
    """Declines in [start, end) counted in the database per ``fields`` (``decline_reason``,
    ``group__category``, ``group__location_id``), as ``declines_between`` lists them."""
    referrals = Referral.objects.filter(
        status=Referral.Status.DECLINED, responded_at__gte=start, responded_at__lt=end
    )
    return _counted(_in_scope(referrals, case_ids), fields)


# Duration bands of an ad hoc stay (days, upper bound excluded); open stays are "ongoing".
AD_HOC_BANDS: tuple[tuple[str, int], ...] = (("lt_1w", 7), ("1w_4w", 28), ("1m_3m", 91))


def ad_hoc_counts(
    start: dt.datetime, end: dt.datetime, case_ids: CaseIds = None
) -> dict[tuple[str, ...], int]:
    """Ad hoc placements started in [start, end) per kind and duration band."""
    stays = _in_scope(
        AdHocPlacement.objects.filter(started_at__gte=start, started_at__lt=end), case_ids
    ).annotate(length=ExpressionWrapper(F("ended_at") - F("started_at"), DurationField()))
    band = Case_(
        When(ended_at=None, then=Value("ongoing")),
        *(When(length__lt=dt.timedelta(days=d), then=Value(code)) for code, d in AD_HOC_BANDS),
        default=Value("gt_3m"),
        output_field=CharField(),
    )
    return _counted(stays.annotate(band=band), ("kind", "band"))


def wait_counts(
    start: dt.datetime, end: dt.datetime, case_ids: CaseIds = None
) -> dict[tuple[str, ...], int]:
    """Waiting-list entries added in [start, end) per category and result (placed, removed
    otherwise, still waiting)."""
    entries = _in_scope(
        WaitingListEntry.objects.filter(added_at__gte=start, added_at__lt=end), case_ids
    )
    result = Case_(
        When(removed_at=None, then=Value("waiting")),
        When(removal_reason="geplaatst", then=Value("placed")),
        default=Value("removed"),
        output_field=CharField(),
    )
    return _counted(entries.annotate(result=result), ("category", "result"))


AD_HOC_KINDS: tuple[str, ...] = tuple(AdHocPlacement.Kind.values)
DECLINE_REASONS: tuple[str, ...] = tuple(Referral.DeclineReason.values)
AD_HOC_KIND_LABELS = {value: label for value, label in AdHocPlacement.Kind.choices}
DECLINE_REASON_LABELS = {value: label for value, label in Referral.DeclineReason.choices}


@dataclass(frozen=True)
class ExportRecord:
    """What the HTCDS export may carry of one case: codes and dates, the year of birth, never a
    name, BSN, V-number, address, phone number or free text."""

    pk: int
    number: str
    created_at: dt.datetime
    status: str
    facts: dict[str, Any]
    track: str
    responsible_municipality: str
    national_gap: bool
    decision: dict[str, Any]
    birth_year: int | None
    decline_reasons: tuple[str, ...]


def export_records(start: dt.datetime, end: dt.datetime) -> list[ExportRecord]:
    """Cases signalled in [start, end), with their latest routing decision."""
    cases = list(
        Case.objects.filter(created_at__gte=start, created_at__lt=end)
        .order_by("created_at", "pk")
        .values_list(
            "pk",
            "number",
            "created_at",
            "status",
            "facts",
            "track",
            "responsible_municipality",
            "national_gap",
            "identity__date_of_birth",
        )
    )
    ids = [row[0] for row in cases]
    decisions: dict[int, dict[str, Any]] = {}
    for case_id, decision in (
        RoutingRecord.objects.filter(case_id__in=ids)
        .order_by("decided_at", "id")
        .values_list("case_id", "decision")
    ):
        decisions[case_id] = decision
    declines: dict[int, list[str]] = {}
    for case_id, reason in (
        Referral.objects.filter(case_id__in=ids, status=Referral.Status.DECLINED)
        .order_by("responded_at", "id")
        .values_list("case_id", "decline_reason")
    ):
        declines.setdefault(case_id, []).append(reason)
    return [
        ExportRecord(
            pk,
            number,
            created,
            status,
            facts,
            track,
            responsible,
            gap,
            decisions.get(pk, {}),
            born.year if born else None,
            tuple(declines.get(pk, ())),
        )
        for pk, number, created, status, facts, track, responsible, gap, born in cases
    ]


@dataclass(frozen=True)
class SearchStaleness:
    searches: int
    with_stale_eligible: int  # searches that saw at least one eligible group with stale data
    mean_stale_locations: float | None


def search_staleness(
    start: dt.datetime, end: dt.datetime, regions: Iterable[str] | None = None
) -> SearchStaleness:
    """How often availability was stale at the moment a coordinator searched."""
    rows = MatchSearch.objects.filter(at__gte=start, at__lt=end)
    if regions is not None:
        rows = rows.filter(care_region_code__in=list(regions))
    values = list(rows.values_list("stale_eligible_groups", "stale_locations"))
    stale = sum(1 for eligible, _ in values if eligible > 0)
    mean = round(sum(n for _, n in values) / len(values), 1) if values else None
    return SearchStaleness(len(values), stale, mean)
