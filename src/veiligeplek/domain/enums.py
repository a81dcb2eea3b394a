"""Enumerations of the domain. Values are the stable codes of the JSON contract.

Dutch terms of art are defined once in docs/glossary.md.
"""

from __future__ import annotations

from enum import StrEnum

from veiligeplek.domain.wording import Term, _


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class Exploitation(StrEnum):
    """Forms of exploitation (art. 273f Sr; the 2024 EU directive adds the last three)."""

    SEXUAL = "sexual"
    LABOUR = "labour"
    CRIMINAL = "criminal"
    ORGAN_REMOVAL = "organ_removal"
    FORCED_MARRIAGE = "forced_marriage"
    ILLEGAL_ADOPTION = "illegal_adoption"
    SURROGACY = "surrogacy"
    OTHER = "other"


class ContraIndication(StrEnum):
    ADDICTION = "addiction"
    PSYCHIATRIC = "psychiatric"
    LVB = "lvb"  # licht verstandelijke beperking: mild intellectual disability


class ResidencePermit(StrEnum):
    NONE = "none"
    B8 = "b8"
    OTHER_VALID = "other_valid"


class SafetyRisk(StrEnum):
    NORMAL = "normal"
    HIGH = "high"


class Track(StrEnum):
    MUNICIPAL = "municipal"
    ALIENS_LAW = "aliens_law"


class LegalBasis(StrEnum):
    WMO = "wmo"
    JEUGDWET = "jeugdwet"
    REFLECTION_PERIOD = "reflection_period"


class PlacementAuthority(StrEnum):
    REGIONAL_COORDINATOR = "regional_coordinator"
    COMENSHA = "comensha"
    NLA = "nla"


class PlaceCategory(StrEnum):
    COSM = "cosm"
    OMM = "omm"
    WMO = "wmo"
    NLA = "nla"
    MANNENOPVANG = "mannenopvang"
    CRISIS = "crisis"


class Phase(StrEnum):
    FIRST = "first"
    SECOND = "second"


class RegionBindingKind(StrEnum):
    MUNICIPALITY = "municipality"
    POLICE_UNIT = "police_unit"
    CARE_REGION = "care_region"


class Flag(StrEnum):
    MINOR = "minor"
    NATIONAL_GAP = "national_gap"
    CONTRA_INDICATION = "contra_indication"
    MULTI_PROBLEM = "multi_problem"
    INTERPRETER_NEEDED = "interpreter_needed"
    NATIONALITY_UNKNOWN = "nationality_unknown"
    DUBLIN = "dublin"
    CHILDREN = "children"
    HUMANITARIAN_RESIDENCE = "humanitarian_residence"
    B8 = "b8"
    SAFETY_HIGH = "safety_high"


class ReasonCode(StrEnum):
    """Why a place refuses a case (matching). Stable codes of the match contract."""

    GENDER = "gender"
    AGE = "age"
    EXPLOITATION = "exploitation"
    CONTRA_INDICATION = "contra_indication"
    REGION_BINDING = "region_binding"
    CHILDREN = "children"
    CATEGORY = "category"
    SAFETY = "safety"
    FULL = "full"
    STALE = "stale"


# Dutch labels for the UI and explanations; the codes above stay English.
CATEGORY_LABELS_NL: dict[PlaceCategory, Term] = {
    PlaceCategory.COSM: _("COSM (categorale opvang)"),
    PlaceCategory.OMM: _("OMM (opvang multiproblematiek)"),
    PlaceCategory.WMO: _("Wmo-plek"),
    PlaceCategory.NLA: _("NLA-plek"),
    PlaceCategory.MANNENOPVANG: _("Mannenopvang"),
    PlaceCategory.CRISIS: _("Crisisplek"),
}

AUTHORITY_LABELS_NL: dict[PlacementAuthority, Term] = {
    PlacementAuthority.REGIONAL_COORDINATOR: _("Regionale zorgcoördinator"),
    PlacementAuthority.COMENSHA: _("CoMensha"),
    PlacementAuthority.NLA: _("Nederlandse Arbeidsinspectie (NLA)"),
}

EXPLOITATION_LABELS_NL: dict[Exploitation, Term] = {
    Exploitation.SEXUAL: _("seksuele uitbuiting"),
    Exploitation.LABOUR: _("arbeidsuitbuiting"),
    Exploitation.CRIMINAL: _("criminele uitbuiting"),
    Exploitation.ORGAN_REMOVAL: _("gedwongen orgaanverwijdering"),
    Exploitation.FORCED_MARRIAGE: _("gedwongen huwelijk"),
    Exploitation.ILLEGAL_ADOPTION: _("illegale adoptie"),
    Exploitation.SURROGACY: _("uitbuiting van draagmoederschap"),
    Exploitation.OTHER: _("andere vorm van uitbuiting"),
}

CONTRA_INDICATION_LABELS_NL: dict[ContraIndication, Term] = {
    ContraIndication.ADDICTION: _("verslaving"),
    ContraIndication.PSYCHIATRIC: _("psychiatrische problematiek"),
    ContraIndication.LVB: _("licht verstandelijke beperking (LVB)"),
}

# ``other`` is another gender identity (eligibility_text: "mensen met een andere
# genderidentiteit"); an unknown gender is no value at all (null), offered as "Onbekend".
GENDER_LABELS_NL: dict[Gender, Term] = {
    Gender.FEMALE: _("vrouw"),
    Gender.MALE: _("man"),
    Gender.OTHER: _("anders (andere genderidentiteit)"),
}
