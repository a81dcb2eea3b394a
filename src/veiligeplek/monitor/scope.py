"""Scopes of the figures: national, a care region (``VT01``), a central municipality
(``GM0363``: the regions it is central for) or a police unit (``RE05``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils import timezone

from veiligeplek.domain.geography import RegionTable
from veiligeplek.registry.matching_cache import region_table_on

NATIONAL = "national"


class ScopeKind(StrEnum):
    NATIONAL = "national"
    REGION = "region"
    CENTRAL_MUNICIPALITY = "central_municipality"
    POLICE_UNIT = "police_unit"


class ScopeError(ValueError):
    pass


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    code: str  # "national", or the region, municipality or police unit code
    name: str
    regions: tuple[str, ...]  # care regions that the scope touches

    @property
    def flow_filter(self) -> dict[str, str]:
        """The filter on ``CaseFlow`` that selects this scope."""
        field = {
            ScopeKind.REGION: "region",
            ScopeKind.CENTRAL_MUNICIPALITY: "central_municipality",
            ScopeKind.POLICE_UNIT: "police_unit",
        }.get(self.kind)
        return {field: self.code} if field else {}


def regions_now() -> RegionTable:
    return region_table_on(timezone.localdate())


def parse_scope(text: str, table: RegionTable | None = None) -> Scope:
    """Read a scope code; ``ScopeError`` (Dutch message) when it names nothing known."""
    code = text.strip()
    table = table or regions_now()
    if code.lower() == NATIONAL:
        return Scope(ScopeKind.NATIONAL, NATIONAL, "Nederland", tuple(sorted(table.regions)))
    upper = code.upper()
    if upper in table.regions:
        return Scope(ScopeKind.REGION, upper, table.regions[upper].name, (upper,))
    if re.fullmatch(r"GM\d{4}", upper):
        regions = tuple(
            sorted(r.code for r in table.regions.values() if r.central_municipality == upper)
        )
        if regions:
            name = table.municipalities[upper].name if upper in table else upper
            return Scope(ScopeKind.CENTRAL_MUNICIPALITY, upper, name, regions)
    if re.fullmatch(r"RE\d{2}", upper):
        members = [m for m in table.municipalities.values() if m.police_unit == upper]
        if members:
            regions = tuple(sorted({m.care_region for m in members}))
            return Scope(ScopeKind.POLICE_UNIT, upper, members[0].police_unit_name, regions)
    raise ScopeError(
        f"onbekend gebied {code!r}: gebruik national, een zorgregio (VT01), een "
        "centrumgemeente (GM0363) of een politie-eenheid (RE05)"
    )
