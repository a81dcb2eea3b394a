"""The HTCDS field list kept in the repository (``htcds_fields.csv``; provenance in SOURCES.md).

IOM's Human Trafficking Case Data Standard, CC BY 4.0. One row per field: its full name with
the table prefix (``prs_Gender``), label, type, whether it is core, its status, its value
names (``;``-separated; "ISO 3166-1 alpha-2" for country fields), description and the file of
the standard's repository it was taken from.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache

from veiligeplek.data import data_file

ISO_3166_ALPHA_2 = "ISO 3166-1 alpha-2"


@dataclass(frozen=True)
class HtcdsField:
    name: str
    prefix: str
    label: str
    type: str
    core: bool
    status: str
    values: tuple[str, ...]  # empty: free value; ("ISO 3166-1 alpha-2",): a country code
    description: str
    source: str


@cache
def htcds_fields() -> dict[str, HtcdsField]:
    text = data_file("htcds_fields.csv").read_text(encoding="utf-8")
    fields = {}
    for row in csv.DictReader(io.StringIO(text)):
        fields[row["name"]] = HtcdsField(
            name=row["name"],
            prefix=row["prefix"],
            label=row["label"],
            type=row["type"],
            core=row["core"] == "yes",
            status=row["status"],
            values=tuple(v for v in row["values"].split(";") if v),
            description=row["description"],
            source=row["source"],
        )
    return fields
