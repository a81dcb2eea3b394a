"""Properties of legal routing that hold for every valid case (hypothesis).

The strategy draws case facts over the real municipality codes, a mix of Dutch, EU/EEA/Swiss,
third-country and unknown nationalities, every permit and every combination of exploitation.
"""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import given
from hypothesis import strategies as st

from veiligeplek.data.reference import default_region_table
from veiligeplek.domain.decision import RoutingDecision
from veiligeplek.domain.enums import (
    ContraIndication,
    Exploitation,
    Flag,
    Gender,
    LegalBasis,
    PlaceCategory,
    ResidencePermit,
    SafetyRisk,
    Track,
)
from veiligeplek.domain.facts import CaseFacts
from veiligeplek.domain.routing import CASE_OWNER, CATEGORY_AUTHORITY, route_case
from veiligeplek.domain.rules import RuleId

# A hypothesis test cannot take function-scoped fixtures; the table is immutable and cached.
REGIONS = default_region_table()
MUNICIPALITIES = sorted(REGIONS.municipalities)
NATIONALITIES = [None, "NL", "PL", "RO", "BG", "DE", "NO", "CH", "BR", "NG", "UA", "SY", "VN"]
LANGUAGES = ["nl", "en", "es", "pl", "ro", "ar", "uk", "vi"]

# Keys of the routing decision in ARCHITECTURE.md ("Contracts that must stay stable").
CONTRACT_KEYS = {
    "track", "legal_basis", "responsible_municipality", "central_municipality",
    "placement_authority", "place_categories", "reflection_period", "flags", "rules",
    "explanation",
}  # fmt: skip

# The rules that may raise each flag: every flag on a decision is explained.
FLAG_RULES = {
    Flag.MINOR: {RuleId.MINOR},
    Flag.NATIONAL_GAP: {RuleId.GAP_CRIMINAL},
    Flag.CONTRA_INDICATION: {RuleId.CAT_OMM},
    Flag.MULTI_PROBLEM: {RuleId.CAT_OMM},
    Flag.INTERPRETER_NEEDED: {RuleId.INTERPRETER},
    Flag.NATIONALITY_UNKNOWN: {RuleId.RES_NATIONALITY_UNKNOWN, RuleId.NATIONALITY_UNKNOWN},
    Flag.DUBLIN: {RuleId.REFLECTION_DUBLIN},
    Flag.CHILDREN: {RuleId.CHILDREN},
    Flag.HUMANITARIAN_RESIDENCE: {RuleId.HUMANITARIAN},
    Flag.B8: {RuleId.B8_PERMIT, RuleId.B8_REPORT},
    Flag.SAFETY_HIGH: {RuleId.SAFETY_HIGH},
}

days = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2035, 12, 31))


@st.composite
def case_facts(draw: st.DrawFn) -> CaseFacts:
    return CaseFacts(
        found_municipality=draw(st.sampled_from(MUNICIPALITIES)),
        exploitation=draw(st.frozensets(st.sampled_from(Exploitation), min_size=1)),
        gender=draw(st.none() | st.sampled_from(Gender)),
        age=draw(st.none() | st.integers(min_value=0, max_value=120)),
        nationality=draw(st.sampled_from(NATIONALITIES)),
        legal_residence=draw(st.none() | st.booleans()),
        residence_permit=draw(st.none() | st.sampled_from(ResidencePermit)),
        dublin_indication=draw(st.booleans()),
        registered_municipality=draw(st.none() | st.sampled_from(MUNICIPALITIES)),
        contra_indications=draw(st.frozensets(st.sampled_from(ContraIndication))),
        multi_problem=draw(st.booleans()),
        children=draw(st.integers(min_value=0, max_value=20)),
        languages=tuple(draw(st.lists(st.sampled_from(LANGUAGES), unique=True, max_size=3))),
        safety_risk=draw(st.sampled_from(SafetyRisk)),
        identified_on=draw(st.none() | days),
        report_filed=draw(st.booleans()),
        cannot_report=draw(st.booleans()),
    )


def decide(facts: CaseFacts, today: dt.date) -> RoutingDecision:
    return route_case(facts, today=today, regions=REGIONS)


@given(case_facts(), days)
def test_the_same_facts_always_give_the_same_decision(facts: CaseFacts, today: dt.date) -> None:
    first, second = decide(facts, today), decide(facts, today)
    assert first == second
    assert first.to_dict() == second.to_dict()


@given(case_facts(), days)
def test_every_decision_names_at_least_one_rule_and_explains_every_flag(
    facts: CaseFacts, today: dt.date
) -> None:
    decision = decide(facts, today)
    fired = {rule.id for rule in decision.rules}
    assert fired
    assert len(fired) == len(decision.rules)  # no rule fires twice
    for flag in decision.flags:
        assert fired & FLAG_RULES[flag], flag


@given(case_facts(), days)
def test_the_municipal_track_always_names_the_responsible_and_central_municipality(
    facts: CaseFacts, today: dt.date
) -> None:
    decision = decide(facts, today)
    assert decision.central_municipality in REGIONS
    assert decision.care_region in REGIONS.regions
    if decision.track is Track.MUNICIPAL:
        assert decision.responsible_municipality in REGIONS
        assert decision.responsible_municipality in (
            facts.registered_municipality or facts.found_municipality,
        )
        assert decision.legal_basis in (LegalBasis.WMO, LegalBasis.JEUGDWET)
        assert decision.reflection_period is None
        assert decision.legal_residence


@given(case_facts(), days)
def test_the_aliens_law_track_always_has_a_reflection_period_of_30_or_90_days(
    facts: CaseFacts, today: dt.date
) -> None:
    decision = decide(facts, today)
    if decision.track is Track.ALIENS_LAW:
        period = decision.reflection_period
        assert period is not None
        assert period.days in {30, 90}
        assert period.ends_on > period.starts_on
        assert (period.ends_on - period.starts_on).days == period.days
        assert period.starts_on == (facts.identified_on or today)
        assert decision.legal_basis is LegalBasis.REFLECTION_PERIOD
        assert decision.responsible_municipality is None
        assert not decision.legal_residence


@given(case_facts(), days)
def test_a_national_gap_exactly_when_criminal_exploitation_and_no_place_category(
    facts: CaseFacts, today: dt.date
) -> None:
    decision = decide(facts, today)
    criminal = Exploitation.CRIMINAL in facts.exploitation
    assert decision.national_gap is criminal
    assert (decision.place_categories == ()) is decision.national_gap
    assert (decision.gap_categories != ()) is decision.national_gap


@given(case_facts(), days)
def test_the_placement_authority_is_that_of_the_best_category_or_the_case_owner(
    facts: CaseFacts, today: dt.date
) -> None:
    decision = decide(facts, today)
    categories = decision.place_categories or decision.gap_categories
    assert len(set(categories)) == len(categories)
    assert decision.case_owner is CASE_OWNER[decision.track]
    if decision.place_categories:
        assert decision.placement_authority is CATEGORY_AUTHORITY[decision.place_categories[0]]
    else:
        assert decision.placement_authority is decision.case_owner
    assert (PlaceCategory.MANNENOPVANG in categories) is (facts.gender is Gender.MALE)


@given(case_facts(), days)
def test_the_decision_serialises_to_json_with_every_contract_key(
    facts: CaseFacts, today: dt.date
) -> None:
    data = decide(facts, today).to_dict()
    assert data.keys() >= CONTRACT_KEYS
    assert json.loads(json.dumps(data)) == data
    assert len(data["rules"]) == len(data["explanation"])
