"""Eligibility of one place for one case: every hard criterion, the soft reasons, the texts.

The builders at the top (``decision_for``, ``make_place``, ``make_facts``) are shared with the
matching and assignment tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from veiligeplek.domain.decision import RoutingDecision
from veiligeplek.domain.eligibility import SAFETY_TEXT, evaluate, join_nl
from veiligeplek.domain.enums import (
    ContraIndication,
    Exploitation,
    Flag,
    Gender,
    LegalBasis,
    PlaceCategory,
    PlacementAuthority,
    ReasonCode,
    RegionBindingKind,
    Track,
)
from veiligeplek.domain.facts import CaseFacts
from veiligeplek.domain.geography import RegionTable
from veiligeplek.domain.places import GroupProfile, RegionBinding

NOW = dt.datetime(2026, 11, 28, 3, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(hours=24)
EVERY_FORM = frozenset(Exploitation) - {Exploitation.CRIMINAL}


def decision_for(
    *categories: PlaceCategory,
    gap_categories: tuple[PlaceCategory, ...] = (),
    national_gap: bool | None = None,
    responsible: str | None = None,
) -> RoutingDecision:
    """A routing decision with only what matching reads filled in meaningfully."""
    gap = bool(gap_categories) if national_gap is None else national_gap
    return RoutingDecision(
        track=Track.MUNICIPAL,
        legal_basis=LegalBasis.WMO,
        responsible_municipality=responsible,
        central_municipality=None,
        care_region=None,
        placement_authority=PlacementAuthority.REGIONAL_COORDINATOR,
        case_owner=PlacementAuthority.REGIONAL_COORDINATOR,
        place_categories=tuple(categories),
        gap_categories=tuple(gap_categories),
        reflection_period=None,
        legal_residence=True,
        flags=frozenset({Flag.NATIONAL_GAP}) if gap else frozenset(),
        rules=(),
        ruleset_version="test",
    )


def make_place(**overrides: Any) -> GroupProfile:
    """A Wmo group in Amsterdam that admits any adult, 2 beds free, availability current."""
    values: dict[str, Any] = {
        "id": "wmo-test",
        "organisation": "Testopvang",
        "location_name": "Testopvang, Amsterdam",
        "municipality": "GM0363",
        "category": PlaceCategory.WMO,
        "placement_authority": PlacementAuthority.REGIONAL_COORDINATOR,
        "capacity": 4,
        "capacity_min": 4,
        "exploitation_served": EVERY_FORM,
        "free": 2,
        "availability_updated_at": NOW,
    }
    return GroupProfile(**{**values, **overrides})


def make_facts(**overrides: Any) -> CaseFacts:
    """An adult woman, sexually exploited, found in Amsterdam, nothing else known."""
    values: dict[str, Any] = {
        "found_municipality": "GM0363",
        "exploitation": frozenset({Exploitation.SEXUAL}),
        "gender": Gender.FEMALE,
        "age": 30,
    }
    return CaseFacts(**{**values, **overrides})


def judge(
    regions: RegionTable,
    place: GroupProfile | None = None,
    facts: CaseFacts | None = None,
    decision: RoutingDecision | None = None,
) -> dict[ReasonCode, str]:
    evaluation = evaluate(
        place or make_place(),
        facts or make_facts(),
        decision or decision_for(PlaceCategory.WMO),
        regions=regions,
        now=NOW,
        stale_after=DAY,
    )
    return {r.code: r.text for r in evaluation.reasons}


def test_a_place_for_anyone_is_eligible_for_an_ordinary_case(regions: RegionTable) -> None:
    evaluation = evaluate(
        make_place(), make_facts(), decision_for(PlaceCategory.WMO),
        regions=regions, now=NOW, stale_after=DAY,
    )  # fmt: skip
    assert evaluation.eligible
    assert evaluation.reasons == ()
    assert evaluation.available == 2


HARD_CASES = [
    pytest.param(
        {"category": PlaceCategory.NLA}, {}, ReasonCode.CATEGORY,
        "Dit is een NLA-plek; deze casus komt alleen in aanmerking voor een Wmo-plek.",
        id="category",
    ),
    pytest.param(
        {"genders": frozenset({Gender.MALE})}, {}, ReasonCode.GENDER,
        "Deze plek neemt alleen mannen op.", id="gender",
    ),
    pytest.param(
        {"genders": frozenset({Gender.FEMALE})}, {"gender": None}, ReasonCode.GENDER,
        "Deze plek neemt alleen vrouwen op en het geslacht van het slachtoffer is onbekend.",
        id="gender-unknown",
    ),
    pytest.param(
        {}, {"age": 17}, ReasonCode.AGE,
        "Deze plek neemt alleen mensen vanaf 18 jaar op; het slachtoffer is 17.", id="age-min",
    ),
    pytest.param(
        {"age_max": 23}, {"age": 30}, ReasonCode.AGE,
        "Deze plek neemt alleen mensen tot en met 23 jaar op; het slachtoffer is 30.",
        id="age-max",
    ),
    pytest.param(
        {"exploitation_served": frozenset({Exploitation.LABOUR})}, {}, ReasonCode.EXPLOITATION,
        "Deze plek is alleen voor arbeidsuitbuiting, niet voor seksuele uitbuiting.",
        id="exploitation",
    ),
    pytest.param(
        {"contra_indications_excluded": frozenset(ContraIndication)},
        {"contra_indications": frozenset({ContraIndication.ADDICTION})},
        ReasonCode.CONTRA_INDICATION, "Deze plek sluit verslaving uit.", id="addiction",
    ),
    pytest.param(
        {}, {"multi_problem": True}, ReasonCode.CONTRA_INDICATION,
        "Deze plek neemt geen slachtoffers met multiproblematiek op.", id="multi-problem",
    ),
    pytest.param(
        {"contra_indications_excluded": frozenset(ContraIndication)},
        {"contra_indications": frozenset(ContraIndication), "multi_problem": True},
        ReasonCode.CONTRA_INDICATION,
        "Deze plek sluit verslaving, psychiatrische problematiek en licht verstandelijke "
        "beperking (LVB) uit en neemt geen slachtoffers met multiproblematiek op.",
        id="all-contra-indications",
    ),
    pytest.param(
        {}, {"children": 2}, ReasonCode.CHILDREN,
        "Deze plek neemt geen kinderen op; het slachtoffer heeft 2 kinderen bij zich.",
        id="children",
    ),
    pytest.param(
        {"region_binding": RegionBinding(RegionBindingKind.POLICE_UNIT, "RE07")},
        {"found_municipality": "GM0014"}, ReasonCode.REGION_BINDING,
        "Deze plek is alleen voor slachtoffers uit politie-eenheid Rotterdam; "
        "het slachtoffer is aangetroffen in Groningen.",
        id="region-binding",
    ),
    pytest.param(
        {}, {"exploitation": frozenset({Exploitation.CRIMINAL})}, ReasonCode.SAFETY,
        SAFETY_TEXT, id="safety",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("place", "facts", "code", "text"), HARD_CASES)
def test_each_hard_criterion_refuses_with_one_sentence_naming_the_value(
    regions: RegionTable, place: dict[str, Any], facts: dict[str, Any], code: ReasonCode, text: str
) -> None:
    reasons = judge(regions, make_place(**place), make_facts(**facts))
    assert list(reasons) == [code]
    assert reasons[code] == text


def test_a_case_failing_several_criteria_gets_every_reason_in_a_fixed_order(
    regions: RegionTable,
) -> None:
    place = make_place(
        category=PlaceCategory.NLA,
        genders=frozenset({Gender.MALE}),
        exploitation_served=frozenset({Exploitation.LABOUR}),
        free=0,
        availability_updated_at=None,
    )
    assert list(judge(regions, place)) == [
        ReasonCode.CATEGORY,
        ReasonCode.GENDER,
        ReasonCode.EXPLOITATION,
        ReasonCode.FULL,
        ReasonCode.STALE,
    ]


def test_criminal_exploitation_alone_is_judged_by_safety_not_by_exploitation(
    regions: RegionTable,
) -> None:
    place = make_place(exploitation_served=frozenset({Exploitation.LABOUR}))
    reasons = judge(regions, place, make_facts(exploitation=frozenset({Exploitation.CRIMINAL})))
    assert list(reasons) == [ReasonCode.SAFETY]


def test_criminal_and_labour_exploitation_fit_an_nla_place_only_on_safety_grounds(
    regions: RegionTable,
) -> None:
    place = make_place(exploitation_served=frozenset({Exploitation.LABOUR}))
    both = frozenset({Exploitation.CRIMINAL, Exploitation.LABOUR})
    assert list(judge(regions, place, make_facts(exploitation=both))) == [ReasonCode.SAFETY]


def test_a_place_that_serves_criminal_exploitation_is_safe_for_it(regions: RegionTable) -> None:
    place = make_place(exploitation_served=frozenset({Exploitation.CRIMINAL}))
    assert judge(regions, place, make_facts(exploitation=frozenset({Exploitation.CRIMINAL}))) == {}


@pytest.mark.parametrize(
    ("genders", "gender", "eligible"),
    [
        (frozenset(), None, True),
        (frozenset(), Gender.OTHER, True),
        (frozenset({Gender.FEMALE}), Gender.FEMALE, True),
        (frozenset({Gender.FEMALE}), Gender.OTHER, False),
        (frozenset({Gender.FEMALE, Gender.MALE}), Gender.MALE, True),
        (frozenset({Gender.MALE}), None, False),
    ],
)
def test_gender_restriction(
    regions: RegionTable, genders: frozenset[Gender], gender: Gender | None, eligible: bool
) -> None:
    reasons = judge(regions, make_place(genders=genders), make_facts(gender=gender))
    assert (ReasonCode.GENDER not in reasons) is eligible


@pytest.mark.parametrize(
    ("age_min", "age_max", "age", "eligible"),
    [
        (18, None, None, True),
        (18, None, 18, True),
        (18, None, 17, False),
        (None, None, 3, True),
        (0, 17, 17, True),
        (0, 17, 18, False),
        (18, 23, 23, True),
    ],
)
def test_age_range_is_inclusive_and_an_unknown_age_passes(
    regions: RegionTable, age_min: int | None, age_max: int | None, age: int | None, eligible: bool
) -> None:
    reasons = judge(regions, make_place(age_min=age_min, age_max=age_max), make_facts(age=age))
    assert (ReasonCode.AGE not in reasons) is eligible


@pytest.mark.parametrize(
    ("binding", "found", "responsible", "eligible"),
    [
        (RegionBinding(RegionBindingKind.MUNICIPALITY, "GM0599"), "GM0599", None, True),
        (RegionBinding(RegionBindingKind.MUNICIPALITY, "GM0599"), "GM0363", None, False),
        (RegionBinding(RegionBindingKind.MUNICIPALITY, "GM0599"), "GM0363", "GM0599", True),
        (RegionBinding(RegionBindingKind.POLICE_UNIT, "RE07"), "GM0505", None, True),
        (RegionBinding(RegionBindingKind.POLICE_UNIT, "RE07"), "GM0014", "GM0489", True),
        (RegionBinding(RegionBindingKind.POLICE_UNIT, "RE07"), "GM0014", "GM0014", False),
        (RegionBinding(RegionBindingKind.CARE_REGION, "VT18"), "GM0489", None, True),
        (RegionBinding(RegionBindingKind.CARE_REGION, "VT18"), "GM0505", None, False),
    ],
)
def test_region_binding_holds_for_the_found_or_the_responsible_municipality(
    regions: RegionTable,
    binding: RegionBinding,
    found: str,
    responsible: str | None,
    eligible: bool,
) -> None:
    reasons = judge(
        regions,
        make_place(region_binding=binding),
        make_facts(found_municipality=found),
        decision_for(PlaceCategory.WMO, responsible=responsible),
    )
    assert (ReasonCode.REGION_BINDING not in reasons) is eligible


def test_region_binding_text_names_the_responsible_municipality_when_it_differs(
    regions: RegionTable,
) -> None:
    reasons = judge(
        regions,
        make_place(region_binding=RegionBinding(RegionBindingKind.MUNICIPALITY, "GM0599")),
        make_facts(found_municipality="GM0363"),
        decision_for(PlaceCategory.WMO, responsible="GM0034"),
    )
    assert reasons[ReasonCode.REGION_BINDING] == (
        "Deze plek is alleen voor slachtoffers uit de gemeente Rotterdam; het slachtoffer is "
        "aangetroffen in Amsterdam en de verantwoordelijke gemeente is Almere."
    )


@pytest.mark.parametrize(
    ("found", "eligible"),
    [("GM0014", False), ("GM0599", True), ("GM0505", True), ("GM0542", True), ("GM0363", False)],
)
def test_the_rotterdam_crisis_bed_is_only_for_women_from_police_unit_rotterdam(
    regions: RegionTable, landscape: list[GroupProfile], found: str, eligible: bool
) -> None:
    crisis_bed = next(p for p in landscape if p.id == "wmo-essm-crisis")
    facts = make_facts(found_municipality=found, registered_municipality=None)
    reasons = judge(regions, crisis_bed, facts, decision_for(PlaceCategory.WMO, responsible=found))
    assert (ReasonCode.REGION_BINDING not in reasons) is eligible
    assert [c for c in reasons if c is not ReasonCode.REGION_BINDING] == []


def test_on_a_national_gap_the_gap_categories_decide_the_category(regions: RegionTable) -> None:
    gap = decision_for(gap_categories=(PlaceCategory.MANNENOPVANG, PlaceCategory.WMO))
    amir = make_facts(gender=Gender.MALE, exploitation=frozenset({Exploitation.CRIMINAL}))
    assert list(judge(regions, make_place(), amir, gap)) == [ReasonCode.SAFETY]
    cosm = make_place(category=PlaceCategory.COSM)
    assert list(judge(regions, cosm, amir, gap)) == [ReasonCode.CATEGORY, ReasonCode.SAFETY]


def test_a_route_without_categories_refuses_every_place(regions: RegionTable) -> None:
    reasons = judge(regions, decision=decision_for())
    assert reasons[ReasonCode.CATEGORY] == (
        "Dit is een Wmo-plek; de route van deze casus wijst geen categorie opvang aan."
    )


FULL_CASES = [
    pytest.param({"free": 0}, "Geen bed vrij: alle 4 bedden zijn bezet.", id="all-taken"),
    pytest.param(
        {"free": 1, "held": 1},
        "Geen bed beschikbaar: het vrije bed wordt vastgehouden voor een lopende verwijzing.",
        id="held",
    ),
    pytest.param(
        {"free": 2, "held": 3},
        "Geen bed beschikbaar: de 2 vrije bedden worden vastgehouden voor een lopende verwijzing.",
        id="held-several",
    ),
    pytest.param(
        {"free": 0, "capacity": 1, "capacity_min": 1},
        "Geen bed vrij: het enige bed is bezet.",
        id="single-bed",
    ),
    pytest.param(
        {"free": 0, "multi_labelled": True, "capacity": 3, "capacity_min": 1},
        "Geen bed vrij. Deze plek is meervoudig gelabeld: van de 3 bedden is er 1 gegarandeerd "
        "voor slachtoffers van mensenhandel; de andere zijn bezet door andere doelgroepen.",
        id="multi-labelled",
    ),
]


@pytest.mark.parametrize(("place", "text"), FULL_CASES)
def test_a_full_place_stays_eligible_and_says_why_it_is_full(
    regions: RegionTable, place: dict[str, Any], text: str
) -> None:
    evaluation = evaluate(
        make_place(**place), make_facts(), decision_for(PlaceCategory.WMO),
        regions=regions, now=NOW, stale_after=DAY,
    )  # fmt: skip
    assert evaluation.eligible
    assert evaluation.available == 0
    assert [(r.code, r.text) for r in evaluation.reasons] == [(ReasonCode.FULL, text)]


@pytest.mark.parametrize(
    ("updated_at", "text"),
    [
        (NOW, None),
        (NOW - DAY, None),
        (
            NOW - DAY - dt.timedelta(hours=2),
            "De beschikbaarheid is voor het laatst bijgewerkt op 27-11-2026 om 02:00; "
            "bel de opvang om te controleren.",
        ),
        (
            None,
            "De beschikbaarheid van deze plek is nooit doorgegeven; "
            "bel de opvang om te controleren.",
        ),
    ],
)
def test_availability_older_than_stale_after_is_stale_and_says_since_when_in_dutch_time(
    regions: RegionTable, updated_at: dt.datetime | None, text: str | None
) -> None:
    place = make_place(availability_updated_at=updated_at)
    evaluation = evaluate(
        place, make_facts(), decision_for(PlaceCategory.WMO),
        regions=regions, now=NOW, stale_after=DAY,
    )  # fmt: skip
    assert evaluation.eligible
    assert evaluation.stale is (text is not None)
    assert [r.text for r in evaluation.reasons] == ([text] if text else [])


def test_soft_reasons_never_make_a_place_ineligible(regions: RegionTable) -> None:
    place = make_place(free=0, availability_updated_at=None)
    evaluation = evaluate(
        place, make_facts(), decision_for(PlaceCategory.WMO),
        regions=regions, now=NOW, stale_after=DAY,
    )  # fmt: skip
    assert evaluation.eligible
    assert {r.code for r in evaluation.reasons} == {ReasonCode.FULL, ReasonCode.STALE}
    assert not any(r.hard for r in evaluation.reasons)


@pytest.mark.parametrize(
    ("items", "text"),
    [([], ""), (["a"], "a"), (["a", "b"], "a of b"), (["a", "b", "c"], "a, b of c")],
)
def test_dutch_lists_join_the_last_item_with_the_conjunction(items: list[str], text: str) -> None:
    assert join_nl(items, "of") == text


def test_builders_make_what_they_promise() -> None:
    assert dataclasses.replace(make_place(), free=0).available == 0
    assert decision_for(gap_categories=(PlaceCategory.WMO,)).national_gap
    assert not decision_for(PlaceCategory.WMO).national_gap
