"""Plain-Dutch presentation of a routing decision for the pages (labels, names, dates)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veiligeplek.domain.countries import DUTCH_LANGUAGE
from veiligeplek.domain.decision import FiredRule, RoutingDecision
from veiligeplek.domain.enums import (
    AUTHORITY_LABELS_NL,
    CATEGORY_LABELS_NL,
    CONTRA_INDICATION_LABELS_NL,
    GENDER_LABELS_NL,
    ContraIndication,
    Flag,
    Gender,
    LegalBasis,
    SafetyRisk,
    Track,
)
from veiligeplek.domain.geography import RegionTable
from veiligeplek.domain.wording import Day, Language
from veiligeplek.wording import say_text

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
        authority=say_text(AUTHORITY_LABELS_NL[decision.placement_authority]),
        case_owner=say_text(AUTHORITY_LABELS_NL[decision.case_owner]),
        categories=[say_text(CATEGORY_LABELS_NL[c]) for c in decision.place_categories],
        gap_categories=[say_text(CATEGORY_LABELS_NL[c]) for c in decision.gap_categories],
        reflection_ends=say_text(Day(period.ends_on)) if period else None,
        flags=[
            FlagView(flag.value, FLAG_LABELS[flag], decision.rule_for(flag))
            for flag in sorted(decision.flags, key=lambda f: list(Flag).index(f))
        ],
    )


# The input a refusal names, as the form calls it (never the internal field name).
FIELD_LABELS: dict[str, Promise] = {
    "case": _("Casus"),
    "reason": _("Reden"),
    "referral": _("Verwijzing"),
    "number": _("Casusnummer"),
    "starts_at": _("Van"),
    "ends_at": _("Tot"),
    "date_of_birth": _("Geboortedatum"),
    "category": _("Categorie"),
    "placement": _("Plaatsing"),
    "group": _("Plekken"),
    "entry": _("Wachtlijst"),
    "v_number": _("V-nummer"),
    "user": _("Wie"),
    "urgency": _("Urgentie"),
    "shift": _("Dienst"),
    "place": _("Bed"),
    "outflow": _("Uitstroom naar"),
    "municipality": _("Gemeente"),
    "kind": _("Soort"),
    "decline_text": _("Toelichting"),
    "decline_reason": _("Reden van afwijzing"),
    "callback_name": _("Naam terugbelcontact"),
    "bsn": _("BSN"),
}


def refusal_text(field: str, message: str) -> str:
    """A refusal for a page: "Toelichting: licht 'anders' toe", not "decline_text: ..."."""
    label = FIELD_LABELS.get(field)
    return f"{label}: {message}" if label else str(message)


SAFETY_LABELS: dict[SafetyRisk, Promise] = {
    SafetyRisk.NORMAL: _("geen verhoogd veiligheidsrisico"),
    SafetyRisk.HIGH: _("hoog veiligheidsrisico"),
}


def referral_facts(facts: Mapping[str, Any]) -> list[str]:
    """What a shelter must know before accepting, in words: gender and age, interpreter need,
    safety risk, contra-indications and children (no name, no identity)."""
    gender = say_text(GENDER_LABELS_NL[Gender(facts["gender"])]) if facts.get("gender") else None
    age = facts.get("age")
    parts = [f"{gender or '?'}, {age if age is not None else '?'} " + str(_("jaar"))]
    foreign = [c for c in facts.get("languages") or () if c != DUTCH_LANGUAGE]
    if foreign:
        names = ", ".join(say_text(Language(c)) for c in foreign)
        parts.append(str(_("tolk nodig (%(languages)s)")) % {"languages": names})
    else:
        parts.append(str(_("geen tolk nodig")))
    risk = facts.get("safety_risk") or SafetyRisk.NORMAL.value
    parts.append(str(SAFETY_LABELS[SafetyRisk(risk)]))
    contra = [
        say_text(CONTRA_INDICATION_LABELS_NL[ContraIndication(c)])
        for c in facts.get("contra_indications") or ()
    ]
    parts.append(str(_("contra-indicaties")) + ": " + (", ".join(contra) or str(_("geen"))))
    if facts.get("children"):
        parts.append(str(_("%(n)s kind(eren)")) % {"n": facts["children"]})
    return parts
