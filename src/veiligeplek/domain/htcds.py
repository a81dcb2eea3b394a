"""One pseudonymised case as a row of the HTCDS export (IOM's Human Trafficking Case Data
Standard; issue "Reporting and exchange", point 3; docs/htcds.md lists every column).

Rules:

- Columns carry the standard's field names, with their table prefix (``prs_``, ``vic_``,
  ``cas_``), where the standard has the field (the kept list: ``data/htcds_fields.csv``), and
  the standard's value names where it has a value list (``HTCDS_MAPPING``, the one table from
  our codes to the standard's values). Country codes are ISO 3166-1 alpha-2.
- What the standard lacks goes in columns with our own extension prefix ``nl_`` (track, legal
  basis, reflection period, Dublin, B8, responsible municipality, placement category and
  outcome, time to placement, national gap, where the person was found), never under a
  standard name. Where our code is finer than the standard's value (criminal exploitation is
  "Other" in the standard) the ``nl_`` column keeps our code beside it.
- Pseudonymised by construction: the input has no name, BSN, V-number, address, phone number or
  free text; the birth date is reduced to the year, the age at identification is kept. The
  ``pseudonym`` is the caller's (never the case number).
- Multiselect values are joined with ``;`` (as the standard's spreadsheet template does), booleans
  are ``TRUE``/``FALSE`` in the CSV (the standard's checkbox values), dates ISO 8601.

Interface: ``HtcdsCase`` (input), ``htcds_row(case) -> dict[str, Cell]`` (keys in
``HTCDS_COLUMNS`` order), ``htcds_csv(rows) -> str``; ``HTCDS_MAPPING`` and
``htcds_value(kind, code)``; ``CASE_STATUSES`` and ``DECLINE_REASONS`` are the codes of
``cases.workflow.CaseStatus`` and ``cases.models.Referral.DeclineReason`` (a test keeps them
equal; the domain cannot import the apps).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from veiligeplek.domain.countries import NETHERLANDS, country_codes
from veiligeplek.domain.enums import Exploitation, Gender, LegalBasis, PlaceCategory, Track

Cell = str | int | bool | None
MappedKind = Literal["gender", "exploitation", "case_status", "decline_reason"]
EXTENSION_PREFIX = "nl_"
CASE_STATUSES = ("new", "assessing", "searching", "referred", "waiting", "placed", "closed")
DECLINE_REASONS = ("full", "contra_indication", "safety", "group", "other")
MUNICIPALITY_CODE = re.compile(r"GM\d{4}")


@dataclass(frozen=True)
class CodeMapping:
    kind: MappedKind
    code: str  # ours
    htcds_field: str | None  # None: the standard has no such field
    htcds_value: str | None
    note: str = ""


M = CodeMapping
HTCDS_MAPPING: tuple[CodeMapping, ...] = (
    M("gender", "female", "prs_Gender", "Feminine"),
    M("gender", "male", "prs_Gender", "Masculine"),
    M("gender", "other", "prs_Gender", "NonSpecifiedUnknown", "ours: other or unknown"),
    M("exploitation", "sexual", "vic_TypeOfExploitation", "SexualExploitation"),
    M("exploitation", "labour", "vic_TypeOfExploitation", "ForcedLabour"),
    M("exploitation", "criminal", "vic_TypeOfExploitation", "Other",
      "the standard has no forced criminality; nl_exploitation keeps 'criminal'"),
    M("exploitation", "organ_removal", "vic_TypeOfExploitation", "OrganRemoval"),
    M("exploitation", "forced_marriage", "vic_TypeOfExploitation", "ForcedMarriage"),
    M("exploitation", "illegal_adoption", "vic_TypeOfExploitation", "ForcedAdoption"),
    M("exploitation", "surrogacy", "vic_TypeOfExploitation", "Surrogacy"),
    M("exploitation", "other", "vic_TypeOfExploitation", "Other"),
    M("case_status", "new", "cas_Status", "Active"),
    M("case_status", "assessing", "cas_Status", "Active"),
    M("case_status", "searching", "cas_Status", "Active"),
    M("case_status", "referred", "cas_Status", "Active"),
    M("case_status", "waiting", "cas_Status", "Active"),
    M("case_status", "placed", "cas_Status", "Active"),
    M("case_status", "closed", "cas_Status", "Closed"),
    *(
        M("decline_reason", code, None, None,
          "the standard has no field for a refused referral: nl_referral_decline_reasons")
        for code in DECLINE_REASONS
    ),
)  # fmt: skip

STANDARD_COLUMNS = (
    "prs_Gender",
    "prs_Citizenship",
    "vic_TraffickingStatus",
    "vic_TypeOfExploitation",
    "cas_Status",
    "cas_IncomingReferralDate",
    "cas_OutgoingReferralDate",
)
EXTENSION_COLUMNS = (
    "nl_pseudonym",
    "nl_birth_year",
    "nl_age_at_identification",
    "nl_exploitation",
    "nl_case_status",
    "nl_country_found",
    "nl_municipality_found",
    "nl_picked_up_on",
    "nl_first_placement_on",
    "nl_suitable_placement_on",
    "nl_closed_on",
    "nl_referral_decline_reasons",
    "nl_track",
    "nl_legal_basis",
    "nl_reflection_start",
    "nl_reflection_end",
    "nl_dublin",
    "nl_b8",
    "nl_responsible_municipality",
    "nl_placement_category",
    "nl_placed_suitably",
    "nl_placed_ad_hoc",
    "nl_days_to_first_placement",
    "nl_days_to_suitable_placement",
    "nl_national_gap",
)
HTCDS_COLUMNS = STANDARD_COLUMNS + EXTENSION_COLUMNS
# Every case here was signalled as a possible victim; the system does not decide victimhood.
TRAFFICKING_STATUS = "PossibleVictimOfTrafficking"


@dataclass(frozen=True)
class HtcdsCase:
    """One case, pseudonymised: only what the export may carry."""

    pseudonym: str
    signal_on: dt.date
    case_status: str  # a code of CASE_STATUSES
    birth_year: int | None = None
    age_at_identification: int | None = None
    gender: Gender | None = None
    nationality: str | None = None  # ISO 3166-1 alpha-2; None = unknown
    exploitation: tuple[Exploitation, ...] = ()
    picked_up_on: dt.date | None = None
    first_referral_on: dt.date | None = None
    first_placement_on: dt.date | None = None  # suitable or ad hoc, whichever came first
    suitable_placement_on: dt.date | None = None
    closed_on: dt.date | None = None
    referral_decline_reasons: tuple[str, ...] = ()  # codes of DECLINE_REASONS, one per decline
    track: Track | None = None
    legal_basis: LegalBasis | None = None
    reflection_start: dt.date | None = None
    reflection_end: dt.date | None = None
    dublin: bool = False
    b8: bool = False
    responsible_municipality: str | None = None  # GMxxxx
    placement_category: PlaceCategory | None = None
    placed_suitably: bool = False
    placed_ad_hoc: bool = False
    national_gap: bool = False
    municipality_found: str | None = None  # GMxxxx
    country_found: str = NETHERLANDS

    def __post_init__(self) -> None:
        _check(self)


def htcds_value(kind: MappedKind, code: str) -> str | None:
    for m in HTCDS_MAPPING:
        if m.kind == kind and m.code == code:
            return m.htcds_value
    raise ValueError(f"{kind}: no HTCDS mapping for {code!r}")


def htcds_row(case: HtcdsCase) -> dict[str, Cell]:
    """The export row of one case, keys in ``HTCDS_COLUMNS`` order."""
    exploitation = [htcds_value("exploitation", e.value) for e in case.exploitation]
    row: dict[str, Cell] = {
        "prs_Gender": htcds_value("gender", case.gender.value) if case.gender else None,
        "prs_Citizenship": case.nationality,
        "vic_TraffickingStatus": TRAFFICKING_STATUS,
        "vic_TypeOfExploitation": _join(dict.fromkeys(v for v in exploitation if v)),
        "cas_Status": htcds_value("case_status", case.case_status),
        "cas_IncomingReferralDate": case.signal_on.isoformat(),
        "cas_OutgoingReferralDate": _date(case.first_referral_on),
        "nl_pseudonym": case.pseudonym,
        "nl_birth_year": case.birth_year,
        "nl_age_at_identification": case.age_at_identification,
        "nl_exploitation": _join(e.value for e in case.exploitation),
        "nl_case_status": case.case_status,
        "nl_country_found": case.country_found,
        "nl_municipality_found": case.municipality_found,
        "nl_picked_up_on": _date(case.picked_up_on),
        "nl_first_placement_on": _date(case.first_placement_on),
        "nl_suitable_placement_on": _date(case.suitable_placement_on),
        "nl_closed_on": _date(case.closed_on),
        "nl_referral_decline_reasons": _join(case.referral_decline_reasons),
        "nl_track": case.track.value if case.track else None,
        "nl_legal_basis": case.legal_basis.value if case.legal_basis else None,
        "nl_reflection_start": _date(case.reflection_start),
        "nl_reflection_end": _date(case.reflection_end),
        "nl_dublin": case.dublin,
        "nl_b8": case.b8,
        "nl_responsible_municipality": case.responsible_municipality,
        "nl_placement_category": (
            case.placement_category.value if case.placement_category else None
        ),
        "nl_placed_suitably": case.placed_suitably,
        "nl_placed_ad_hoc": case.placed_ad_hoc,
        "nl_days_to_first_placement": _days(case.signal_on, case.first_placement_on),
        "nl_days_to_suitable_placement": _days(case.signal_on, case.suitable_placement_on),
        "nl_national_gap": case.national_gap,
    }
    return {column: row[column] for column in HTCDS_COLUMNS}


def htcds_csv(rows: Iterable[Mapping[str, Cell]]) -> str:
    """CSV text (UTF-8, comma, CRLF as RFC 4180) with the header ``HTCDS_COLUMNS``."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HTCDS_COLUMNS)
    for row in rows:
        writer.writerow([_csv_cell(row[c]) for c in HTCDS_COLUMNS])
    return out.getvalue()


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def _join(values: Iterable[str | None]) -> str | None:
    joined = ";".join(v for v in values if v)
    return joined or None


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _days(start: dt.date, end: dt.date | None) -> int | None:
    return (end - start).days if end else None


def _check(case: HtcdsCase) -> None:
    if not case.pseudonym:
        raise ValueError("pseudonym: required")
    if case.case_status not in CASE_STATUSES:
        raise ValueError(f"case_status: unknown code {case.case_status!r}")
    for field in ("nationality", "country_found"):
        code = getattr(case, field)
        if code is not None and code not in country_codes():
            raise ValueError(f"{field}: not an ISO 3166-1 alpha-2 code: {code!r}")
    for field in ("responsible_municipality", "municipality_found"):
        code = getattr(case, field)
        if code is not None and not MUNICIPALITY_CODE.fullmatch(code):
            raise ValueError(f"{field}: not a CBS municipality code (GMxxxx): {code!r}")
    unknown = [r for r in case.referral_decline_reasons if r not in DECLINE_REASONS]
    if unknown:
        raise ValueError(f"referral_decline_reasons: unknown codes {unknown}")
    _check_dates(case)


def _check_dates(case: HtcdsCase) -> None:
    later: Sequence[str] = (
        "picked_up_on", "first_referral_on", "first_placement_on", "suitable_placement_on",
        "closed_on",
    )  # fmt: skip
    for field in later:
        value = getattr(case, field)
        if value is not None and value < case.signal_on:
            raise ValueError(f"{field}: before the signal ({case.signal_on.isoformat()})")
    start, end = case.reflection_start, case.reflection_end
    if start and end and end < start:
        raise ValueError("reflection_end: before reflection_start")
    if case.birth_year is not None and not 1900 <= case.birth_year <= case.signal_on.year:
        raise ValueError(f"birth_year: out of range: {case.birth_year}")
    if case.age_at_identification is not None and not 0 <= case.age_at_identification <= 120:
        raise ValueError(f"age_at_identification: out of range: {case.age_at_identification}")
