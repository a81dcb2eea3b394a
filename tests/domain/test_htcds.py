"""The HTCDS export row: standard names from the kept field list, our own under ``nl_``."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io

import pytest

from veiligeplek.data.htcds import ISO_3166_ALPHA_2, htcds_fields
from veiligeplek.domain.countries import country_codes
from veiligeplek.domain.enums import Exploitation, Gender, LegalBasis, PlaceCategory, Track
from veiligeplek.domain.htcds import (
    CASE_STATUSES,
    DECLINE_REASONS,
    EXTENSION_PREFIX,
    HTCDS_COLUMNS,
    HTCDS_MAPPING,
    HtcdsCase,
    htcds_csv,
    htcds_row,
)

D = dt.date(2026, 3, 2)
CASE = HtcdsCase(
    pseudonym="X-0001",
    signal_on=D,
    case_status="placed",
    birth_year=1998,
    age_at_identification=27,
    gender=Gender.FEMALE,
    nationality="NG",
    exploitation=(Exploitation.SEXUAL, Exploitation.CRIMINAL),
    picked_up_on=D,
    first_referral_on=D + dt.timedelta(days=1),
    first_placement_on=D + dt.timedelta(days=1),
    suitable_placement_on=D + dt.timedelta(days=4),
    referral_decline_reasons=("full", "full", "safety"),
    track=Track.ALIENS_LAW,
    legal_basis=LegalBasis.REFLECTION_PERIOD,
    reflection_start=D,
    reflection_end=D + dt.timedelta(days=90),
    b8=True,
    responsible_municipality="GM0363",
    placement_category=PlaceCategory.COSM,
    placed_suitably=True,
    placed_ad_hoc=True,
    municipality_found="GM0599",
)


def test_every_standard_column_is_a_field_of_the_kept_list_and_every_other_is_ours() -> None:
    fields = htcds_fields()
    row = htcds_row(CASE)
    assert list(row) == list(HTCDS_COLUMNS)
    for column in row:
        assert column in fields or column.startswith(EXTENSION_PREFIX), column
        assert not (column in fields and column.startswith(EXTENSION_PREFIX))


def test_exported_values_are_in_the_standards_value_lists() -> None:
    fields = htcds_fields()
    row = htcds_row(CASE)
    for column, value in row.items():
        if column not in fields or not fields[column].values or value is None:
            continue
        allowed = fields[column].values
        for part in str(value).split(";"):
            if allowed == (ISO_3166_ALPHA_2,):
                assert part in country_codes(), (column, part)
            else:
                assert part in allowed, (column, part)


def test_the_row_carries_the_case_in_the_standards_terms() -> None:
    row = htcds_row(CASE)
    assert row["prs_Gender"] == "Feminine"
    assert row["prs_Citizenship"] == "NG"
    assert row["vic_TypeOfExploitation"] == "SexualExploitation;Other"
    assert row["nl_exploitation"] == "sexual;criminal"
    assert row["cas_Status"] == "Active"
    assert row["cas_IncomingReferralDate"] == "2026-03-02"
    assert row["nl_days_to_first_placement"] == 1
    assert row["nl_days_to_suitable_placement"] == 4
    assert row["nl_referral_decline_reasons"] == "full;full;safety"
    assert row["nl_country_found"] == "NL"


@pytest.mark.parametrize(
    ("kind", "codes"),
    [
        ("gender", [g.value for g in Gender]),
        ("exploitation", [e.value for e in Exploitation]),
        ("case_status", list(CASE_STATUSES)),
        ("decline_reason", list(DECLINE_REASONS)),
    ],
)
def test_the_mapping_covers_every_code_once(kind: str, codes: list[str]) -> None:
    mapped = [m.code for m in HTCDS_MAPPING if m.kind == kind]
    assert sorted(mapped) == sorted(codes)
    fields = htcds_fields()
    for m in HTCDS_MAPPING:
        if m.htcds_field is not None:
            assert m.htcds_value in fields[m.htcds_field].values, m


def test_the_domain_codes_are_the_apps_codes() -> None:
    from veiligeplek.cases.models import Referral
    from veiligeplek.cases.workflow import CaseStatus

    assert set(CASE_STATUSES) == {s.value for s in CaseStatus}
    assert set(DECLINE_REASONS) == {r.value for r in Referral.DeclineReason}


def test_the_csv_has_the_columns_and_the_standards_checkbox_values() -> None:
    text = htcds_csv([htcds_row(CASE), htcds_row(dataclasses.replace(CASE, b8=False))])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(HTCDS_COLUMNS)
    assert [r["nl_b8"] for r in rows] == ["TRUE", "FALSE"]
    assert rows[0]["nl_closed_on"] == ""


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"nationality": "XX"}, "nationality"),
        ({"case_status": "lost"}, "case_status"),
        ({"municipality_found": "0363"}, "municipality_found"),
        ({"referral_decline_reasons": ("rude",)}, "referral_decline_reasons"),
        ({"closed_on": D - dt.timedelta(days=1)}, "closed_on"),
        ({"birth_year": 1850}, "birth_year"),
        ({"pseudonym": ""}, "pseudonym"),
    ],
)
def test_bad_input_is_refused_naming_the_field(change: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        dataclasses.replace(CASE, **change)  # type: ignore[arg-type]


def test_the_kept_field_list_has_unique_prefixed_names() -> None:
    fields = htcds_fields()
    assert len(fields) > 60
    for name, f in fields.items():
        assert name.startswith(f.prefix)
        assert f.prefix in {"org_", "con_", "prs_", "vic_", "per_", "hte_", "cas_"}
