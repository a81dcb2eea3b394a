"""Loading the shipped reference data (municipalities, regions) into the database, idempotently."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models, transaction

from veiligeplek.data.reference import care_region_rows, municipality_rows
from veiligeplek.registry.models import CareRegion, Municipality, PoliceUnit, Province, SafetyRegion


@dataclass(frozen=True)
class ReferenceSummary:
    municipalities: int
    provinces: int
    police_units: int
    safety_regions: int
    care_regions_created: int


@transaction.atomic
def reference_data_load() -> ReferenceSummary:
    """Upsert the CBS 2025 geography; create the default care regions where none exist yet.

    Administrator revisions of regions are kept: a region code that already has a version is
    left alone.
    """
    rows = municipality_rows()
    _upsert(Province, {r.province_code: {"name": r.province_name} for r in rows})
    _upsert(PoliceUnit, {r.police_unit_code: {"name": r.police_unit_name} for r in rows})
    _upsert(SafetyRegion, {r.safety_region_code: {"name": r.safety_region_name} for r in rows})
    municipalities = {
        r.code: {
            "cbs_code": r.cbs_code,
            "official_name": r.official_name,
            "display_name": r.display_name,
            "province_id": r.province_code,
            "police_unit_id": r.police_unit_code,
            "safety_region_id": r.safety_region_code,
            "vt_region_code": r.vt_region_code,
            "vt_region_name": r.vt_region_name,
            "label_lat": r.label_lat,
            "label_lon": r.label_lon,
            "area_km2": r.area_km2,
        }
        for r in rows
    }
    _upsert(Municipality, municipalities)
    created = _create_default_regions()
    return ReferenceSummary(
        municipalities=Municipality.objects.count(),
        provinces=Province.objects.count(),
        police_units=PoliceUnit.objects.count(),
        safety_regions=SafetyRegion.objects.count(),
        care_regions_created=created,
    )


def _upsert[M: models.Model](model: type[M], values: dict[str, dict[str, object]]) -> None:
    fields = sorted(next(iter(values.values())))
    objects = [model(pk=code, **attrs) for code, attrs in values.items()]
    model._default_manager.bulk_create(
        objects, update_conflicts=True, unique_fields=["code"], update_fields=fields
    )


def _create_default_regions() -> int:
    existing = set(CareRegion.objects.values_list("code", flat=True))
    members: dict[str, list[str]] = {}
    for m in municipality_rows():
        members.setdefault(m.vt_region_code, []).append(m.code)
    created = 0
    for row in care_region_rows():
        if row.code in existing:
            continue
        region = CareRegion.objects.create(
            code=row.code,
            name=row.name,
            valid_from=row.valid_from,
            central_municipality_id=row.central_municipality,
            note="Standaardindeling: Veilig Thuis-regio (CBS 2025)",
        )
        region.municipalities.set(Municipality.objects.filter(pk__in=members[row.code]))
        created += 1
    return created
