"""Keeping ``CaseFlow`` in step with the timeline: the only writer of the monitor's table.

``case_flows_refresh`` recomputes the cases whose timeline grew since the last refresh (looking
back a little, for events committed late); ``full=True`` recomputes every case. Dashboards, the
API and the command line refresh before they count, so the figures are live.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.utils import timezone

from veiligeplek.cases import monitoring as cases_door
from veiligeplek.domain import geography
from veiligeplek.domain import monitoring as m
from veiligeplek.monitor import summary
from veiligeplek.monitor.models import CaseFlow, FlowWatermark
from veiligeplek.registry import monitoring as registry_door
from veiligeplek.registry.matching_cache import region_table_on

CHUNK = 2000
LAG = 200


@transaction.atomic
def case_flows_refresh(*, full: bool = False) -> int:
    """Recompute what changed; returns the number of cases recomputed."""
    mark, _ = FlowWatermark.objects.select_for_update().get_or_create(id=1)
    last = cases_door.last_event_id()
    if full:
        ids = cases_door.all_case_ids()
    else:
        # Every case starts with its signal event, so a new case is a changed case. The last
        # LAG events are looked at again: on PostgreSQL a transaction may commit an event with
        # a lower id after a higher one was already read.
        ids = cases_door.case_ids_changed_since(max(0, mark.last_event_id - LAG))
    recount = bool(ids) and (full or last != mark.last_event_id or _differs(ids))
    if summary.missing():  # new (its migration) beside existing rows: fill it before the deltas
        summary.flow_counts_rebuild()
    if recount:
        _recompute(sorted(ids))
    if full:
        summary.flow_counts_rebuild()  # a full refresh also refills the summary from scratch
    if recount or full:  # answers kept or stored for the old version are no longer current
        mark.version += 1
        mark.token = uuid.uuid4()
    if recount or last != mark.last_event_id:
        mark.last_event_id = last
        mark.save(update_fields=["last_event_id", "version", "token"])
    return len(ids) if recount else 0


def _differs(ids: set[int]) -> bool:
    """Whether a case of the look-back has no row yet (nothing new: no recount needed)."""
    return CaseFlow.objects.filter(case_id__in=ids).count() < len(ids)


def _recompute(ids: list[int]) -> None:
    regions = region_table_on(timezone.localdate())
    locations = {g.external_id: g.municipality for g in registry_door.groups()}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = [_flow_row(r, regions, locations) for r in cases_door.case_records(chunk)]
        old = list(CaseFlow.objects.filter(case_id__in=chunk))
        CaseFlow.objects.filter(case_id__in=chunk).delete()
        CaseFlow.objects.bulk_create(rows, batch_size=500)
        summary.apply_flow_changes(old, rows)  # the monthly counts follow (ADR 0016)


def _flow_row(
    record: cases_door.CaseRecord, regions: geography.RegionTable, locations: dict[str, str]
) -> CaseFlow:
    facts = record.facts
    signal_at = _signal_at(record)
    flow = m.derive_flow(signal_at, record.events)
    found = str(facts.get("found_municipality") or "")
    home = record.responsible_municipality or found
    region = record.care_region_code or _region_of(regions, home)
    distance, outside = _moved(regions, found, locations.get(flow.suitable_group), region)
    categories = record.place_categories
    return CaseFlow(
        case_id=record.pk,
        signal_at=signal_at,
        signal_month=f"{timezone.localtime(signal_at):%Y-%m}",
        picked_up_at=flow.picked_up_at,
        routed_at=flow.routed_at,
        referred_at=flow.referred_at,
        accepted_at=flow.accepted_at,
        first_placement_at=flow.first_placement_at,
        suitable_placement_at=flow.suitable_placement_at,
        ad_hoc_at=flow.ad_hoc_at,
        waiting_at=flow.waiting_at,
        closed_at=flow.closed_at,
        handed_over_at=flow.handed_over_at,
        handovers=flow.handovers,
        step=flow.step,
        outcome=flow.outcome,
        shelter=flow.shelter,
        region=region,
        central_municipality=_central(regions, region),
        police_unit=regions.municipalities[home].police_unit if home in regions else "",
        found_municipality=found,
        exploitation=m.primary_exploitation(list(facts.get("exploitation") or [])),
        gender=m.gender_value(facts.get("gender")),
        age_group=m.age_group(facts.get("age")),
        nationality_group=m.nationality_group(facts.get("nationality")),
        track=record.track,
        category=flow.suitable_category or (categories[0] if categories else "none"),
        gap_profile=m.gap_profile(facts),
        national_gap=record.national_gap,
        days_to_pickup=m.days_between(signal_at, flow.picked_up_at),
        days_to_first_placement=m.days_between(signal_at, flow.first_placement_at),
        days_to_suitable_placement=m.days_between(signal_at, flow.suitable_placement_at),
        distance_km=distance,
        outside_region=outside,
    )


def _signal_at(record: cases_door.CaseRecord) -> dt.datetime:
    signals = [e.at for e in record.events if e.kind == "signal"]
    return min(signals) if signals else record.created_at


def _region_of(regions: geography.RegionTable, code: str) -> str:
    return regions.municipalities[code].care_region if code in regions else ""


def _central(regions: geography.RegionTable, region: str) -> str:
    found = regions.regions.get(region)
    return found.central_municipality if found else ""


def _moved(
    regions: geography.RegionTable, found: str, placed: str | None, region: str
) -> tuple[float | None, bool | None]:
    """Kilometres from where the person was found to the suitable place, and whether that
    place lies outside the case's own care region."""
    if placed is None or found not in regions or placed not in regions:
        return None, None
    a, b = regions.municipalities[found], regions.municipalities[placed]
    return round(geography.distance_km(a, b), 1), b.care_region != region
