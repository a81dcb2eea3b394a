"""Case facts: what is known about a (possible) victim that drives routing and matching.

The JSON shape is the stable contract of ARCHITECTURE.md ("Case facts"). ``parse_case_facts``
is the single validator used by the CLI, the API and the web forms, so that every entry point
refuses the same input with the same message naming the same field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Mapping
from dataclasses import dataclass, field
from typing import Any

from veiligeplek.domain.countries import country_codes, language_codes
from veiligeplek.domain.enums import (
    ContraIndication,
    Exploitation,
    Gender,
    ResidencePermit,
    SafetyRisk,
)
from veiligeplek.domain.text import CONTROL_MESSAGE, control_character_paths

MAX_AGE = 120
MAX_CHILDREN = 20
# Dates outside this range are typing errors (or probes) and would overflow date arithmetic
# (a reflection period ending after 9999-12-31): refused, naming the field.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
DATE_RANGE_MESSAGE = "datum buiten het bereik 1900-01-01 t/m 2100-12-31"


class InvalidFactsError(ValueError):
    """Input that cannot be case facts; ``field`` names the offending key (dotted for items)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class CaseFacts:
    found_municipality: str
    exploitation: frozenset[Exploitation]
    gender: Gender | None = None
    age: int | None = None
    nationality: str | None = None
    legal_residence: bool | None = None
    residence_permit: ResidencePermit | None = None
    dublin_indication: bool = False
    registered_municipality: str | None = None
    contra_indications: frozenset[ContraIndication] = field(default_factory=frozenset)
    multi_problem: bool = False
    children: int = 0
    languages: tuple[str, ...] = ()
    safety_risk: SafetyRisk = SafetyRisk.NORMAL
    identified_on: dt.date | None = None
    report_filed: bool = False
    cannot_report: bool = False

    @property
    def is_minor(self) -> bool:
        return self.age is not None and self.age < 18

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape, sets sorted so that equal facts serialise equally."""
        return {
            "gender": self.gender.value if self.gender else None,
            "age": self.age,
            "nationality": self.nationality,
            "legal_residence": self.legal_residence,
            "residence_permit": self.residence_permit.value if self.residence_permit else None,
            "dublin_indication": self.dublin_indication,
            "registered_municipality": self.registered_municipality,
            "found_municipality": self.found_municipality,
            "exploitation": sorted(e.value for e in self.exploitation),
            "contra_indications": sorted(c.value for c in self.contra_indications),
            "multi_problem": self.multi_problem,
            "children": self.children,
            "languages": list(self.languages),
            "safety_risk": self.safety_risk.value,
            "identified_on": self.identified_on.isoformat() if self.identified_on else None,
            "report_filed": self.report_filed,
            "cannot_report": self.cannot_report,
        }


FIELDS = frozenset(CaseFacts.__dataclass_fields__)
REQUIRED = ("found_municipality", "exploitation")


def parse_case_facts(data: object, *, municipalities: Container[str]) -> CaseFacts:
    """Validate a decoded JSON object into ``CaseFacts`` or raise ``InvalidFactsError``.

    ``municipalities`` holds the known CBS codes (``GM0363``); unknown codes are refused.
    """
    if not isinstance(data, Mapping):
        raise InvalidFactsError("(root)", "verwacht een JSON-object met de feiten van de casus")
    for key in data:
        if key not in FIELDS:
            raise InvalidFactsError(str(key), "onbekend veld")
    for path in control_character_paths(dict(data)):
        raise InvalidFactsError(".".join(path), CONTROL_MESSAGE)
    for key in REQUIRED:
        if data.get(key) in (None, "", []):
            raise InvalidFactsError(key, "verplicht veld ontbreekt")
    return CaseFacts(
        found_municipality=_municipality(data, "found_municipality", municipalities) or "",
        exploitation=frozenset(_enum_list(data, "exploitation", Exploitation)),
        gender=_enum(data, "gender", Gender),
        age=_int(data, "age", 0, MAX_AGE),
        nationality=_country(data, "nationality"),
        legal_residence=_optional_bool(data, "legal_residence"),
        residence_permit=_enum(data, "residence_permit", ResidencePermit),
        dublin_indication=_bool(data, "dublin_indication"),
        registered_municipality=_municipality(data, "registered_municipality", municipalities),
        contra_indications=frozenset(_enum_list(data, "contra_indications", ContraIndication)),
        multi_problem=_bool(data, "multi_problem"),
        children=_int(data, "children", 0, MAX_CHILDREN) or 0,
        languages=_languages(data, "languages"),
        safety_risk=_enum(data, "safety_risk", SafetyRisk) or SafetyRisk.NORMAL,
        identified_on=_date(data, "identified_on"),
        report_filed=_bool(data, "report_filed"),
        cannot_report=_bool(data, "cannot_report"),
    )


def _enum[E: (Gender, ResidencePermit, SafetyRisk)](
    data: Mapping[str, Any], key: str, enum: type[E]
) -> E | None:
    value = data.get(key)
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise InvalidFactsError(key, f"onbekende waarde {value!r}; toegestaan: {allowed}") from None


def _enum_list[E: (Exploitation, ContraIndication)](
    data: Mapping[str, Any], key: str, enum: type[E]
) -> list[E]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidFactsError(key, "verwacht een lijst")
    result = []
    for index, item in enumerate(value):
        try:
            result.append(enum(item))
        except (ValueError, TypeError):
            allowed = ", ".join(m.value for m in enum)
            raise InvalidFactsError(
                f"{key}[{index}]", f"onbekende waarde {item!r}; toegestaan: {allowed}"
            ) from None
    return result


def _bool(data: Mapping[str, Any], key: str) -> bool:
    return _optional_bool(data, key) or False


def _optional_bool(data: Mapping[str, Any], key: str) -> bool | None:
    value = data.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise InvalidFactsError(key, "verwacht true, false of null")


def _int(data: Mapping[str, Any], key: str, low: int, high: int) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidFactsError(key, "verwacht een geheel getal")
    if not low <= value <= high:
        raise InvalidFactsError(key, f"moet tussen {low} en {high} liggen")
    return value


def _municipality(data: Mapping[str, Any], key: str, known: Container[str]) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value.upper() not in known:
        raise InvalidFactsError(key, f"onbekende gemeentecode {value!r} (verwacht bijv. GM0363)")
    return value.upper()


def _country(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value.upper() not in country_codes():
        raise InvalidFactsError(key, f"onbekende landcode {value!r} (ISO 3166-1 alpha-2, bijv. NL)")
    return value.upper()


def _languages(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InvalidFactsError(key, "verwacht een lijst van taalcodes")
    result: list[str] = []
    for index, item in enumerate(value):
        if not isinstance(item, str) or item.lower() not in language_codes():
            raise InvalidFactsError(
                f"{key}[{index}]", f"onbekende taalcode {item!r} (ISO 639-1, bijv. es)"
            )
        if item.lower() not in result:
            result.append(item.lower())
    return tuple(result)


def _date(data: Mapping[str, Any], key: str) -> dt.date | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidFactsError(key, "verwacht een datum JJJJ-MM-DD")
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidFactsError(key, f"ongeldige datum {value!r} (verwacht JJJJ-MM-DD)") from None
    if not date_in_range(date):
        raise InvalidFactsError(key, DATE_RANGE_MESSAGE)
    return date


def date_in_range(date: dt.date) -> bool:
    return EARLIEST_DATE <= date <= LATEST_DATE
