"""Open-data files: protected counts as CSV, suppressed cells as one label, a README."""

from __future__ import annotations

import csv
import io

import pytest

from tests.domain.test_disclosure import HAND
from veiligeplek.domain.disclosure import (
    TOTAL,
    CountTable,
    PublishedCell,
    PublishedTable,
    protect,
    violations,
)
from veiligeplek.domain.opendata import COUNT_COLUMN, opendata_csv, opendata_files

BY_GENDER = CountTable(
    "placements_by_gender", "placements", ("gender",), (("female", "male", "other"),),
    {("female",): 40, ("male",): 20, ("other",): 4},
)  # fmt: skip


def read_back(table: PublishedTable, text: str) -> PublishedTable:
    """The CSV parsed back into a published table (label -> suppressed)."""
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [*table.table.dimensions, COUNT_COLUMN]
    cells = tuple(
        PublishedCell(tuple(r[:-1]), None if r[-1] == "x" else int(r[-1])) for r in rows[1:]
    )
    return PublishedTable(table.table, cells)


def test_the_csv_files_pass_the_disclosure_check_and_hold_no_suppressed_number() -> None:
    published = protect([HAND, BY_GENDER], threshold=10)
    files = opendata_files(published, threshold=10, period="2026", scope="landelijk")
    assert set(files) == {
        "cases_by_region_and_exploitation.csv",
        "placements_by_gender.csv",
        "README.md",
    }
    back = [read_back(p, files[f"{p.table.id}.csv"]) for p in published]
    assert back == list(published)
    assert violations(back, threshold=10) == []
    hidden = sum(c.count is None for p in published for c in p.cells)
    assert (
        sum(text.count(",x\r\n") for name, text in files.items() if name.endswith(".csv")) == hidden
    )
    assert hidden > 0


def test_the_csv_lists_every_combination_with_totals_and_zeros() -> None:
    table = CountTable("t", "cases", ("gender",), (("female", "male"),), {("female",): 12})
    (published,) = protect([table], threshold=10)
    assert opendata_csv(published) == f"gender,aantal\r\nfemale,12\r\nmale,0\r\n{TOTAL},12\r\n"


def test_the_readme_states_the_threshold_the_rule_and_every_file() -> None:
    published = protect([HAND, BY_GENDER], threshold=5)
    readme = opendata_files(
        published, threshold=5, period="2026-Q3", scope="VT13",
        titles={"placements_by_gender": "Plaatsingen naar gender"},
    )["README.md"]  # fmt: skip
    assert "1 tot en met 4" in readme and "drempel 5" in readme
    assert "`placements_by_gender.csv`: Plaatsingen naar gender" in readme
    assert "`cases_by_region_and_exploitation.csv`" in readme
    assert "Bron: CBS / PDOK" in readme


@pytest.mark.parametrize("label", ["<10", "", "9"])
def test_a_label_that_could_read_as_a_number_is_refused(label: str) -> None:
    (published,) = protect([BY_GENDER], threshold=10)
    with pytest.raises(ValueError, match="label"):
        opendata_csv(published, label=label)
