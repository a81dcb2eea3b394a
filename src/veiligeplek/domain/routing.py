"""Legal routing: track, legal basis, who is responsible, which place categories fit, and by when.

Rules (DOMAIN.md, "Legal routing"; the report, "Rapport opvang slachtoffers mensenhandel 2025",
chapter 2 table 1 and chapter 4, wins where they differ):

1. Legal residence decides the track. Given facts win; otherwise Dutch and EU/EEA/Swiss
   nationals have it, others only with a valid residence permit. An unknown nationality without
   a permit counts as no legal residence until the nationality is established. A B8 permit
   always means legal residence: the victim has the same rights as Dutch citizens.
2. Municipal track: Wmo 2015 for adults, Jeugdwet for minors. Responsible is the municipality
   of registration (BRP), otherwise the municipality where the victim was found; its region's
   care coordinator keeps the case.
3. Aliens-law track: reflection period of 90 days (30 with a Dublin indication) from
   identification (from ``today`` while that date is unknown); CoMensha keeps the case.
   Filing a report gives a B8 permit and moves the victim to the municipal track; a victim who
   cannot file a report may apply for temporary humanitarian residence.
4. Place categories, best fit first: OMM for contra-indications or multiple problems (the only
   category that accepts them, so it precedes NLA too), NLA for labour exploitation, then COSM
   plus the men's shelter (aliens-law track) or the men's shelter plus Wmo (municipal track).
   Criminal exploitation has no suitable category at all: a national gap, with the categories
   the route would otherwise have kept as ``gap_categories`` (report ch. 4, "Geen passende
   opvang voor slachtoffers van criminele uitbuiting").
5. The placement authority is the one of the best category, or the track's case owner when
   there is none.

Choices made here (the report is silent):
- On the aliens-law track no municipality is responsible (``responsible_municipality`` is
  null, as the contract allows); ``care_region`` and ``central_municipality`` are those of the
  municipality where the victim was found, for the regional coordinator and regional figures.
- The decision's ``legal_residence`` is true exactly on the municipal track, also after a B8.
- An interpreter is needed when the victim's languages are known and Dutch is not among them.

Every rule that fires is recorded with its Dutch explanation and source, taken from the rule
set valid on ``today`` (``rules.py``); the decision records that rule set's version.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from veiligeplek.domain.countries import DUTCH_LANGUAGE, NETHERLANDS, has_free_movement
from veiligeplek.domain.decision import FiredRule, ReflectionPeriod, RoutingDecision
from veiligeplek.domain.enums import (
    AUTHORITY_LABELS_NL,
    CATEGORY_LABELS_NL,
    CONTRA_INDICATION_LABELS_NL,
    ContraIndication,
    Exploitation,
    Flag,
    Gender,
    LegalBasis,
    PlaceCategory,
    PlacementAuthority,
    ResidencePermit,
    SafetyRisk,
    Track,
)
from veiligeplek.domain.facts import CaseFacts
from veiligeplek.domain.geography import RegionTable
from veiligeplek.domain.rules import RuleId, RuleSet, ruleset_for
from veiligeplek.domain.wording import Country, Day, Language, Listing, Sentence, Term, _, pgettext

# The values of the explanations, said again in the reader's language on the pages.
YES_ANSWER = pgettext("rechtmatig verblijf: heeft", "wel")
NO_ANSWER = pgettext("rechtmatig verblijf: heeft", "geen")
AGE = _("%(age)s jaar")
AGE_UNKNOWN = _("leeftijd onbekend, behandeld als volwassene")
ONE_CHILD = _("1 kind")
CHILDREN = _("%(n)s kinderen")
MULTI_PROBLEM = _("multiproblematiek")

# Who may place on each category (report ch. 4, "Bij plaatsing van slachtoffers hebben
# verschillende partijen bevoegdheden").
CATEGORY_AUTHORITY: dict[PlaceCategory, PlacementAuthority] = {
    PlaceCategory.COSM: PlacementAuthority.COMENSHA,
    PlaceCategory.OMM: PlacementAuthority.COMENSHA,
    PlaceCategory.NLA: PlacementAuthority.NLA,
    PlaceCategory.WMO: PlacementAuthority.REGIONAL_COORDINATOR,
    PlaceCategory.MANNENOPVANG: PlacementAuthority.REGIONAL_COORDINATOR,
    PlaceCategory.CRISIS: PlacementAuthority.REGIONAL_COORDINATOR,
}

# Who keeps the case on each track, and places when no category fits.
CASE_OWNER: dict[Track, PlacementAuthority] = {
    Track.MUNICIPAL: PlacementAuthority.REGIONAL_COORDINATOR,
    Track.ALIENS_LAW: PlacementAuthority.COMENSHA,
}


def route_case(
    facts: CaseFacts, *, today: dt.date, regions: RegionTable, ruleset: RuleSet | None = None
) -> RoutingDecision:
    """Decide the route for one case; ``ruleset=None`` uses the rule set valid on ``today``."""
    trace = _Trace(ruleset_for(today) if ruleset is None else ruleset)
    track = _track(facts, trace)
    legal_basis = _legal_basis(facts, track, trace)
    area = _area(facts, track, regions, trace)
    reflection_period = _reflection_period(facts, track, today, trace)
    _humanitarian_residence(facts, track, trace)
    route = _categories(facts, track, trace)
    place_categories, gap_categories = _national_gap(facts, route, trace)
    authority = _placement_authority(place_categories, track, trace)
    _needs(facts, trace)
    return RoutingDecision(
        track=track,
        legal_basis=legal_basis,
        responsible_municipality=area.responsible,
        central_municipality=area.central,
        care_region=area.care_region,
        placement_authority=authority,
        case_owner=CASE_OWNER[track],
        place_categories=place_categories,
        gap_categories=gap_categories,
        reflection_period=reflection_period,
        legal_residence=track is Track.MUNICIPAL,
        flags=frozenset(trace.flags),
        rules=tuple(trace.fired),
        ruleset_version=trace.ruleset.version,
    )


@dataclass
class _Trace:
    """The rules that fired, in order, and the flags they raised (private, per decision)."""

    ruleset: RuleSet
    fired: list[FiredRule] = field(default_factory=list)
    flags: set[Flag] = field(default_factory=set)

    def fire(self, rule_id: RuleId, *flags: Flag, **values: object) -> None:
        fired = self.ruleset.rule(rule_id).fire(**values)
        self.fired.append(dataclasses.replace(fired, flags=flags))
        self.flags.update(flags)

    def parameter(self, name: str) -> int:
        return self.ruleset.parameter(name)


@dataclass(frozen=True)
class _Area:
    responsible: str | None
    central: str
    care_region: str


# --- track --------------------------------------------------------------------------------


def _track(facts: CaseFacts, trace: _Trace) -> Track:
    if facts.residence_permit is ResidencePermit.B8:
        # A B8 permit is lawful residence whatever else was entered (Vc 2000 B8/3).
        trace.fire(RuleId.B8_PERMIT, Flag.B8)
        residence = True
    else:
        residence = _legal_residence(facts, trace)
        if not residence and facts.report_filed:
            trace.fire(RuleId.B8_REPORT, Flag.B8)
            residence = True
    if facts.nationality is None and Flag.NATIONALITY_UNKNOWN not in trace.flags:
        trace.fire(RuleId.NATIONALITY_UNKNOWN, Flag.NATIONALITY_UNKNOWN)
    if residence:
        days = str(trace.parameter("reflection_days"))
        trace.fire(RuleId.TRACK_MUNICIPAL, reflection_days=days)
        return Track.MUNICIPAL
    trace.fire(RuleId.TRACK_ALIENS_LAW)
    return Track.ALIENS_LAW


def _legal_residence(facts: CaseFacts, trace: _Trace) -> bool:
    nationality = facts.nationality
    if facts.legal_residence is not None:
        trace.fire(RuleId.RES_GIVEN, answer=YES_ANSWER if facts.legal_residence else NO_ANSWER)
        return facts.legal_residence
    if nationality == NETHERLANDS:
        trace.fire(RuleId.RES_DUTCH)
        return True
    if nationality is not None and has_free_movement(nationality):
        trace.fire(RuleId.RES_FREE_MOVEMENT, country=Country(nationality))
        return True
    if facts.residence_permit is ResidencePermit.OTHER_VALID:
        trace.fire(RuleId.RES_PERMIT)
        return True
    if nationality is None:
        trace.fire(RuleId.RES_NATIONALITY_UNKNOWN, Flag.NATIONALITY_UNKNOWN)
        return False
    trace.fire(RuleId.RES_THIRD_COUNTRY, country=Country(nationality))
    return False


# --- legal basis, responsibility, deadlines -----------------------------------------------


def _legal_basis(facts: CaseFacts, track: Track, trace: _Trace) -> LegalBasis:
    majority = trace.parameter("age_of_majority")
    minor = facts.age is not None and facts.age < majority
    ages = {"age": _age_text(facts.age), "age_of_majority": Sentence(AGE, age=majority)}
    if track is Track.ALIENS_LAW:
        basis = LegalBasis.REFLECTION_PERIOD  # explained by the reflection-period rule
    elif minor:
        trace.fire(RuleId.BASIS_JEUGDWET, **ages)
        basis = LegalBasis.JEUGDWET
    else:
        trace.fire(RuleId.BASIS_WMO, age=ages["age"])
        basis = LegalBasis.WMO
    if minor:
        trace.fire(RuleId.MINOR, Flag.MINOR, **ages)
    return basis


def _area(facts: CaseFacts, track: Track, regions: RegionTable, trace: _Trace) -> _Area:
    if track is Track.ALIENS_LAW:
        code, rule, responsible = facts.found_municipality, RuleId.REGION_ALIENS_LAW, None
    elif facts.registered_municipality:
        code = responsible = facts.registered_municipality
        rule = RuleId.RESP_REGISTERED
    else:
        code = responsible = facts.found_municipality
        rule = RuleId.RESP_FOUND
    region = regions.region_of(code)
    trace.fire(
        rule,
        municipality=regions.municipality(code).name,
        region=region.name,
        central=regions.municipality(region.central_municipality).name,
    )
    return _Area(responsible, region.central_municipality, region.code)


def _reflection_period(
    facts: CaseFacts, track: Track, today: dt.date, trace: _Trace
) -> ReflectionPeriod | None:
    if track is Track.MUNICIPAL:
        return None
    starts_on = facts.identified_on or today
    flags: tuple[Flag, ...]
    if facts.dublin_indication:
        days = trace.parameter("reflection_days_dublin")
        rule, flags = RuleId.REFLECTION_DUBLIN, (Flag.DUBLIN,)
    else:
        days = trace.parameter("reflection_days")
        rule, flags = RuleId.REFLECTION, ()
    period = ReflectionPeriod(
        days=days, starts_on=starts_on, ends_on=starts_on + dt.timedelta(days=days)
    )
    dates = {"starts_on": Day(starts_on), "ends_on": Day(period.ends_on)}
    trace.fire(rule, *flags, days=str(days), **dates)
    if facts.identified_on is None:
        trace.fire(RuleId.REFLECTION_START_TODAY, starts_on=dates["starts_on"])
    return period


def _humanitarian_residence(facts: CaseFacts, track: Track, trace: _Trace) -> None:
    if track is Track.ALIENS_LAW and facts.cannot_report:
        trace.fire(RuleId.HUMANITARIAN, Flag.HUMANITARIAN_RESIDENCE)


# --- place categories and placement authority ---------------------------------------------


def _categories(facts: CaseFacts, track: Track, trace: _Trace) -> tuple[PlaceCategory, ...]:
    route = [*_specialised_categories(facts, trace)]
    men = facts.gender is Gender.MALE
    if track is Track.ALIENS_LAW:
        trace.fire(RuleId.CAT_COSM)
        route.append(PlaceCategory.COSM)
    if men:
        trace.fire(RuleId.CAT_MANNENOPVANG)
        route.append(PlaceCategory.MANNENOPVANG)
    if track is Track.MUNICIPAL:
        trace.fire(RuleId.CAT_WMO)
        route.append(PlaceCategory.WMO)
    return tuple(route)


def _specialised_categories(facts: CaseFacts, trace: _Trace) -> list[PlaceCategory]:
    route: list[PlaceCategory] = []
    contra = [c for c in ContraIndication if c in facts.contra_indications]
    if contra or facts.multi_problem:
        reasons: list[Term] = [CONTRA_INDICATION_LABELS_NL[c] for c in contra]
        reasons += [MULTI_PROBLEM] if facts.multi_problem else []
        flags = [Flag.CONTRA_INDICATION] if contra else []
        flags += [Flag.MULTI_PROBLEM] if facts.multi_problem else []
        trace.fire(RuleId.CAT_OMM, *flags, reasons=Listing(reasons))
        route.append(PlaceCategory.OMM)
    if Exploitation.LABOUR in facts.exploitation:
        trace.fire(RuleId.CAT_NLA)
        route.append(PlaceCategory.NLA)
    return route


def _national_gap(
    facts: CaseFacts, route: tuple[PlaceCategory, ...], trace: _Trace
) -> tuple[tuple[PlaceCategory, ...], tuple[PlaceCategory, ...]]:
    """(place categories, gap categories): criminal exploitation empties the first."""
    categories = _category_list(route)
    if Exploitation.CRIMINAL not in facts.exploitation:
        trace.fire(RuleId.CAT_ORDER, categories=categories)
        return route, ()
    trace.fire(RuleId.GAP_CRIMINAL, Flag.NATIONAL_GAP, categories=categories)
    return (), route


def _placement_authority(
    categories: tuple[PlaceCategory, ...], track: Track, trace: _Trace
) -> PlacementAuthority:
    if categories:
        authority = CATEGORY_AUTHORITY[categories[0]]
        trace.fire(
            RuleId.AUTHORITY_CATEGORY,
            authority=AUTHORITY_LABELS_NL[authority],
            category=CATEGORY_LABELS_NL[categories[0]],
        )
        return authority
    authority = CASE_OWNER[track]
    trace.fire(RuleId.AUTHORITY_TRACK, authority=AUTHORITY_LABELS_NL[authority])
    return authority


# --- needs that every place search must respect -------------------------------------------


def _needs(facts: CaseFacts, trace: _Trace) -> None:
    if facts.languages and DUTCH_LANGUAGE not in facts.languages:
        languages = Listing([Language(code) for code in facts.languages])
        trace.fire(RuleId.INTERPRETER, Flag.INTERPRETER_NEEDED, languages=languages)
    if facts.children > 0:
        children = ONE_CHILD if facts.children == 1 else Sentence(CHILDREN, n=facts.children)
        trace.fire(RuleId.CHILDREN, Flag.CHILDREN, children=children)
    if facts.safety_risk is SafetyRisk.HIGH:
        trace.fire(RuleId.SAFETY_HIGH, Flag.SAFETY_HIGH)


# --- Dutch names for explanations ---------------------------------------------------------


def _age_text(age: int | None) -> Term | Sentence:
    return AGE_UNKNOWN if age is None else Sentence(AGE, age=age)


def _category_list(categories: Sequence[PlaceCategory]) -> Listing:
    return Listing([CATEGORY_LABELS_NL[c] for c in categories])
