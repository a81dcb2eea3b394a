"""The landscape file format: parsing, validation naming row and field, and the report's totals."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest

from veiligeplek.data import data_file
from veiligeplek.data.landscape import (
    LandscapeError,
    parse_csv,
    reference_geography,
    shipped_landscape,
    write_csv,
)

SOURCE = data_file("landscape_2025.csv").read_bytes().decode("utf-8")


def test_the_shipped_landscape_reproduces_the_reports_totals() -> None:
    rows = shipped_landscape()
    low, high = Counter[str](), Counter[str]()
    for row in rows:
        low[row.category.value] += row.places_min
        high[row.category.value] += row.places_max
    assert (low["cosm"], high["cosm"]) == (51, 51)
    assert (low["omm"], high["omm"]) == (31, 31)
    assert (low["wmo"], high["wmo"]) == (38, 42)
    assert (low["nla"], high["nla"]) == (20, 20)
    assert (low["mannenopvang"], high["mannenopvang"]) == (18, 18)
    assert (sum(low.values()), sum(high.values())) == (158, 162)


def test_police_unit_bindings_are_resolved_to_their_codes() -> None:
    bindings = {r.id: r.region_binding for r in shipped_landscape() if r.region_binding}
    assert bindings["wmo-essm-crisis"] is not None
    assert bindings["wmo-essm-crisis"].code == "RE07"
    assert bindings["wmo-essm-rotterdam"] is not None
    assert bindings["wmo-essm-rotterdam"].code == "GM0599"


def with_changed_row(index: int, **changes: str) -> str:
    rows = list(csv.DictReader(io.StringIO(SOURCE)))
    rows[index].update(changes)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"municipality_code": "GM9999"}, "municipality_code", "onbekende gemeentecode"),
        ({"places_min": "-1"}, "places_min", "ligt niet tussen"),
        ({"places_max": "-4"}, "places_max", "ligt niet tussen"),
        ({"category": "hotel"}, "category", "onbekende waarde 'hotel'"),
        ({"genders": "vrouw"}, "genders", "onbekende waarde"),
        ({"region_binding": "police_unit:Atlantis"}, "region_binding", "onbekend gebied"),
        ({"placement_authority": "politie"}, "placement_authority", "onbekende waarde"),
        ({"multi_labelled": "misschien"}, "multi_labelled", "verwacht yes of no"),
        ({"places_min": "12", "places_max": "11"}, "places_min", "groter dan places_max"),
        ({"exploitation_served": "sexual;begging"}, "exploitation_served", "'begging'"),
        ({"id": "COSM Yadeborg"}, "id", "kleine letters"),
    ],
)
def test_a_bad_row_is_reported_with_its_line_and_field(
    changes: dict[str, str], field: str, fragment: str
) -> None:
    with pytest.raises(LandscapeError) as error:
        parse_csv(with_changed_row(3, **changes), reference_geography())
    problems = error.value.problems
    assert any(p.row == 5 and p.field == field and fragment in p.message for p in problems), (
        problems
    )


def test_every_problem_in_a_file_is_reported_not_only_the_first() -> None:
    text = with_changed_row(0, category="hotel")
    text = text.replace("GM0599", "GM9999")
    with pytest.raises(LandscapeError) as error:
        parse_csv(text, reference_geography())
    fields = {p.field for p in error.value.problems}
    assert {"category", "municipality_code"} <= fields
    assert len(error.value.problems) >= 5


def test_a_duplicate_id_is_refused() -> None:
    lines = SOURCE.splitlines()
    text = "\r\n".join([*lines, lines[1]]) + "\r\n"
    with pytest.raises(LandscapeError) as error:
        parse_csv(text, reference_geography())
    assert error.value.problems[0].field == "id"
    assert "staat ook op regel 2" in error.value.problems[0].message


def test_a_missing_column_is_refused_before_any_row() -> None:
    text = SOURCE.replace("placement_authority", "who_places", 1)
    with pytest.raises(LandscapeError) as error:
        parse_csv(text, reference_geography())
    assert {(p.row, p.field) for p in error.value.problems} == {
        (1, "placement_authority"),
        (1, "who_places"),
    }


def test_writing_the_parsed_rows_gives_back_the_source_file_byte_for_byte() -> None:
    names = {"RE05": "Amsterdam", "RE07": "Rotterdam"}
    assert write_csv(shipped_landscape(), names) == SOURCE
