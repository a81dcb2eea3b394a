"""The routing decision: track, legal basis, who is responsible, who may place, by when, and why.

Shape per ARCHITECTURE.md ("Routing decision"); ``to_dict`` is the JSON contract.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from veiligeplek.domain.enums import Flag, LegalBasis, PlaceCategory, PlacementAuthority, Track


@dataclass(frozen=True)
class ReflectionPeriod:
    days: int
    starts_on: dt.date
    ends_on: dt.date  # last day of the period

    def to_dict(self) -> dict[str, Any]:
        return {
            "days": self.days,
            "starts_on": self.starts_on.isoformat(),
            "ends_on": self.ends_on.isoformat(),
        }


@dataclass(frozen=True)
class FiredRule:
    id: str
    explanation: str  # one Dutch sentence
    source: str  # law article or report page
    flags: tuple[Flag, ...] = ()  # the flags this rule raised


@dataclass(frozen=True)
class RoutingDecision:
    track: Track
    legal_basis: LegalBasis
    responsible_municipality: str | None
    central_municipality: str | None
    care_region: str | None
    placement_authority: PlacementAuthority
    case_owner: PlacementAuthority  # who keeps the case: the regional coordinator or CoMensha
    place_categories: tuple[PlaceCategory, ...]  # best fit first; empty on a national gap
    # Categories the route would use were it not for the gap (e.g. criminal exploitation):
    # matching shows them as the "almost" places with the reason they are unsafe.
    gap_categories: tuple[PlaceCategory, ...]
    reflection_period: ReflectionPeriod | None
    legal_residence: bool
    flags: frozenset[Flag]
    rules: tuple[FiredRule, ...]
    ruleset_version: str

    @property
    def national_gap(self) -> bool:
        return Flag.NATIONAL_GAP in self.flags

    def rule_for(self, flag: Flag) -> FiredRule | None:
        """The rule that raised ``flag``: its explanation and source justify the flag."""
        return next((rule for rule in self.rules if flag in rule.flags), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "track": self.track.value,
            "legal_basis": self.legal_basis.value,
            "responsible_municipality": self.responsible_municipality,
            "central_municipality": self.central_municipality,
            "care_region": self.care_region,
            "placement_authority": self.placement_authority.value,
            "case_owner": self.case_owner.value,
            "place_categories": [c.value for c in self.place_categories],
            "gap_categories": [c.value for c in self.gap_categories],
            "reflection_period": self.reflection_period.to_dict()
            if self.reflection_period
            else None,
            "legal_residence": self.legal_residence,
            "flags": sorted(f.value for f in self.flags),
            "rules": [r.id for r in self.rules],
            "explanation": [r.explanation for r in self.rules],
            "sources": [r.source for r in self.rules],
            "ruleset_version": self.ruleset_version,
        }
