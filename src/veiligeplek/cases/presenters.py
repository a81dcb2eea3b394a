"""Plain-Dutch presentation of a routing decision for the pages (labels, names, dates)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veiligeplek.domain.decision import FiredRule, RoutingDecision
from veiligeplek.domain.enums import (
    AUTHORITY_LABELS_NL,
    CATEGORY_LABELS_NL,
    Flag,
    LegalBasis,
    Track,
)
from veiligeplek.domain.geography import RegionTable
from veiligeplek.domain.rules import dutch_date

TRACK_LABELS: dict[Track, Promise] = {
    Track.MUNICIPAL: _("Gemeentelijk spoor (rechtmatig verblijf)"),
    Track.ALIENS_LAW: _("Vreemdelingrechtelijk spoor (geen rechtmatig verblijf)"),
}
BASIS_LABELS: dict[LegalBasis, Promise] = {
    LegalBasis.WMO: _("Wmo 2015 (maatschappelijke opvang)"),
    LegalBasis.JEUGDWET: _("Jeugdwet"),
    LegalBasis.REFLECTION_PERIOD: _("Bedenktijd (verblijfsregeling mensenhandel, Vc B8/3)"),
}
FLAG_LABELS: dict[Flag, Promise] = {
    Flag.MINOR: _("Minderjarig"),
    Flag.NATIONAL_GAP: _("Landelijk tekort: geen passende plek in Nederland"),
    Flag.CONTRA_INDICATION: _("Contra-indicatie"),
    Flag.MULTI_PROBLEM: _("Multiproblematiek"),
    Flag.INTERPRETER_NEEDED: _("Tolk nodig"),
    Flag.NATIONALITY_UNKNOWN: _("Nationaliteit onbekend"),
    Flag.DUBLIN: _("Dublinindicatie"),
    Flag.CHILDREN: _("Kinderen mee"),
    Flag.HUMANITARIAN_RESIDENCE: _("Schrijnend pad mogelijk"),
    Flag.B8: _("B8-verblijfsvergunning"),
    Flag.SAFETY_HIGH: _("Hoog veiligheidsrisico"),
}


@dataclass(frozen=True)
class FlagView:
    code: str
    label: Promise
    rule: FiredRule | None


@dataclass(frozen=True)
class DecisionView:
    decision: RoutingDecision
    track: Promise
    legal_basis: Promise
    responsible: str | None
    region: str | None
    central: str | None
    authority: str
    case_owner: str
    categories: list[str]
    gap_categories: list[str]
    reflection_ends: str | None
    flags: list[FlagView]


def present(decision: RoutingDecision, regions: RegionTable) -> DecisionView:
    def name(code: str | None) -> str | None:
        return f"{regions.municipality(code).name} ({code})" if code else None

    region = regions.regions.get(decision.care_region or "")
    period = decision.reflection_period
    return DecisionView(
        decision=decision,
        track=TRACK_LABELS[decision.track],
        legal_basis=BASIS_LABELS[decision.legal_basis],
        responsible=name(decision.responsible_municipality),
        region=region.name if region else None,
        central=name(decision.central_municipality),
        authority=AUTHORITY_LABELS_NL[decision.placement_authority],
        case_owner=AUTHORITY_LABELS_NL[decision.case_owner],
        categories=[CATEGORY_LABELS_NL[c] for c in decision.place_categories],
        gap_categories=[CATEGORY_LABELS_NL[c] for c in decision.gap_categories],
        reflection_ends=dutch_date(period.ends_on) if period else None,
        flags=[
            FlagView(flag.value, FLAG_LABELS[flag], decision.rule_for(flag))
            for flag in sorted(decision.flags, key=lambda f: list(Flag).index(f))
        ],
    )
