"""Case facts: what is known about a (possible) victim that drives routing and matching.

The JSON shape is the stable contract of ARCHITECTURE.md ("Case facts"). ``parse_case_facts``
is the single validator used by the CLI, the API and the web forms, so that every entry point
refuses the same input with the same message naming the same field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Mapping
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
from veiligeplek.domain.wording import Sentence, _

# Age in whole years. 0 is refused: it is what "unknown" becomes when typed as a number, and a
# baby is not a signal of its own but a child who comes along (``children``). Leave it empty
# when unknown.
MIN_AGE = 1
MAX_AGE = 120
MAX_CHILDREN = 20
# The messages a person can meet in a form are ``wording`` texts: Dutch for the API and the
# CLI, said again in the page's language in the forms.
AGE_MESSAGE = Sentence(
    _("moet tussen %(low)s en %(high)s liggen; laat het leeg als de leeftijd onbekend is"),
    low=MIN_AGE,
    high=MAX_AGE,
)
BETWEEN = _("moet tussen %(low)s en %(high)s liggen")
FUTURE_DATE = _(
    "datum in de toekomst (%(date)s); vul de dag in waarop het gebeurde, uiterlijk vandaag "
    "(%(today)s)"
)
# Dates of events (identification, a birth) cannot lie in the future. A client's clock or time
# zone (a phone set wrong, an API caller abroad) may be a day ahead of the server's date: one
# day of tolerance, then refused, naming the field.
FUTURE_TOLERANCE = dt.timedelta(days=1)
# Dates outside this range are typing errors (or probes) and would overflow date arithmetic
# (a reflection period ending after 9999-12-31): refused, naming the field.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
DATE_RANGE_MESSAGE = _("datum buiten het bereik 1900-01-01 t/m 2100-12-31")


class InvalidFactsError(ValueError):
    """Input that cannot be case facts; ``field`` names the offending key (dotted for items).

    ``errors`` holds every refusal found in the same input (this one first), so that a form or
    an API answer can show them all at once."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.errors: tuple[InvalidFactsError, ...] = (self,)

    @classmethod
    def of(cls, errors: list[InvalidFactsError]) -> InvalidFactsError:
        first = errors[0]
        first.errors = tuple(errors)
        return first


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


def parse_case_facts(
    data: object, *, municipalities: Container[str], today: dt.date | None = None
) -> CaseFacts:
    """Validate a decoded JSON object into ``CaseFacts`` or raise ``InvalidFactsError``.

    ``municipalities`` holds the known CBS codes (``GM0363``); unknown codes are refused.
    ``today`` is the date of the entry point's clock: event dates after it (beyond
    ``FUTURE_TOLERANCE``) are refused. Only replays of stored or simulated facts pass None.
    Every field is checked: the error raised carries all refusals in ``errors``.
    """
    if not isinstance(data, Mapping):
        raise InvalidFactsError("(root)", "verwacht een JSON-object met de feiten van de casus")
    for key in data:
        if key not in FIELDS:
            raise InvalidFactsError(str(key), "onbekend veld")
    for path in control_character_paths(dict(data)):
        raise InvalidFactsError(".".join(path), CONTROL_MESSAGE)
    errors: list[InvalidFactsError] = [
        InvalidFactsError(key, "verplicht veld ontbreekt")
        for key in REQUIRED
        if data.get(key) in (None, "", [])
    ]

    def checked[T](key: str, parse: Callable[[], T], default: T) -> T:
        if any(e.field == key for e in errors):
            return default
        try:
            return parse()
        except InvalidFactsError as error:
            errors.append(error)
            return default

    NO_E: list[Exploitation] = []  # noqa: N806 (the defaults of refused lists, typed)
    NO_CI: list[ContraIndication] = []  # noqa: N806
    facts = CaseFacts(
        found_municipality=checked(
            "found_municipality",
            lambda: _municipality(data, "found_municipality", municipalities) or "",
            "",
        ),
        exploitation=frozenset(
            checked("exploitation", lambda: _enum_list(data, "exploitation", Exploitation), NO_E)
        ),
        gender=checked("gender", lambda: _enum(data, "gender", Gender), None),
        age=checked("age", lambda: _age(data, "age"), None),
        nationality=checked("nationality", lambda: _country(data, "nationality"), None),
        legal_residence=checked(
            "legal_residence", lambda: _optional_bool(data, "legal_residence"), None
        ),
        residence_permit=checked(
            "residence_permit", lambda: _enum(data, "residence_permit", ResidencePermit), None
        ),
        dublin_indication=checked(
            "dublin_indication", lambda: _bool(data, "dublin_indication"), False
        ),
        registered_municipality=checked(
            "registered_municipality",
            lambda: _municipality(data, "registered_municipality", municipalities),
            None,
        ),
        contra_indications=frozenset(
            checked(
                "contra_indications",
                lambda: _enum_list(data, "contra_indications", ContraIndication),
                NO_CI,
            )
        ),
        multi_problem=checked("multi_problem", lambda: _bool(data, "multi_problem"), False),
        children=checked("children", lambda: _int(data, "children", 0, MAX_CHILDREN) or 0, 0),
        languages=checked("languages", lambda: _languages(data, "languages"), ()),
        safety_risk=checked(
            "safety_risk",
            lambda: _enum(data, "safety_risk", SafetyRisk) or SafetyRisk.NORMAL,
            SafetyRisk.NORMAL,
        ),
        identified_on=checked("identified_on", lambda: _date(data, "identified_on", today), None),
        report_filed=checked("report_filed", lambda: _bool(data, "report_filed"), False),
        cannot_report=checked("cannot_report", lambda: _bool(data, "cannot_report"), False),
    )
    if errors:
        raise InvalidFactsError.of(errors)
    return facts


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
        raise InvalidFactsError(key, Sentence(BETWEEN, low=low, high=high))
    return value


def _age(data: Mapping[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidFactsError(key, "verwacht een geheel getal")
    if not MIN_AGE <= value <= MAX_AGE:
        raise InvalidFactsError(key, AGE_MESSAGE)
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


def _date(data: Mapping[str, Any], key: str, today: dt.date | None) -> dt.date | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidFactsError(key, "verwacht een datum JJJJ-MM-DD")
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidFactsError(key, f"ongeldige datum {value!r} (verwacht JJJJ-MM-DD)") from None
    message = event_date_error(date, today=today)
    if message:
        raise InvalidFactsError(key, message)
    return date


def date_in_range(date: dt.date) -> bool:
    return EARLIEST_DATE <= date <= LATEST_DATE


def event_date_error(date: dt.date, *, today: dt.date | None) -> str | None:
    """Why a date of something that happened (an identification, a birth) is refused, or None.

    Outside 1900-2100 it is a typing error; after ``today`` plus ``FUTURE_TOLERANCE`` it has
    not happened yet. The one rule for the web forms, the API and the CLI."""
    if not date_in_range(date):
        return DATE_RANGE_MESSAGE
    if today is not None and date > today + FUTURE_TOLERANCE:
        return Sentence(FUTURE_DATE, date=date.isoformat(), today=today.isoformat())
    return None
