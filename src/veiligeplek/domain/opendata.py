"""Open data: the protected catalogue as CSV files and a README, as a ministry can publish them
(issue "Reporting and exchange", point 4; ADR 0010).

Rules:

- Only ``PublishedTable``s go in (the output of ``disclosure.protect``); a suppressed cell is
  written as one label, never as a number, the same label for every suppressed cell (ADR 0010:
  a label that told small cells from cells suppressed to protect them would give the small ones
  away as 1..threshold-1). The default label is "x", as CBS writes "geheim".
- One CSV per table: one column per dimension, then ``aantal``; every combination of values,
  zeros included; ``*`` is the total over a dimension. UTF-8, comma, RFC 4180 quoting.
- The README says what every file and column means, the threshold and the rule.

Interface: ``opendata_csv(table, label=...) -> str``, ``opendata_readme(published, threshold=...,
period=..., scope=..., titles=..., dimension_labels=..., label=...) -> str`` and
``opendata_files(...) -> dict[str, str]`` (file name -> text: ``<table id>.csv`` and
``README.md``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from veiligeplek.domain.disclosure import TOTAL, PublishedTable

SUPPRESSED_LABEL = "x"
COUNT_COLUMN = "aantal"
_NONE: Mapping[str, str] = MappingProxyType({})


def opendata_csv(table: PublishedTable, *, label: str = SUPPRESSED_LABEL) -> str:
    _check_label(label)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*table.table.dimensions, COUNT_COLUMN])
    for cell in table.cells:
        writer.writerow([*cell.key, label if cell.count is None else cell.count])
    return out.getvalue()


def opendata_readme(
    published: Sequence[PublishedTable],
    *,
    threshold: int,
    period: str,
    scope: str,
    titles: Mapping[str, str] = _NONE,
    dimension_labels: Mapping[str, str] = _NONE,
    label: str = SUPPRESSED_LABEL,
) -> str:
    """The README (Dutch) for the files of ``opendata_files``."""
    _check_label(label)
    lines = [
        f"# Veilige Plek: open data, {period}, {scope}",
        "",
        "Aantallen uit het landelijk verwijs- en plaatsingssysteem voor de opvang van",
        "slachtoffers van mensenhandel, per tabel één CSV-bestand (UTF-8, komma als",
        "scheidingsteken).",
        "",
        "## Kolommen",
        "",
        f"- Eén kolom per indeling (zie per bestand hieronder); de waarde `{TOTAL}` is het totaal",
        "  over die indeling.",
        f"- `{COUNT_COLUMN}`: het aantal. Elke combinatie van waarden staat erin, ook als het",
        "  aantal 0 is.",
        "",
        "## Afscherming",
        "",
        f"- Een aantal van 1 tot en met {threshold - 1} wordt niet gepubliceerd (drempel "
        f"{threshold}).",
        "- Daarnaast zijn zo nodig andere cellen afgeschermd, zodat een afgeschermd aantal niet",
        "  uit totalen of uit andere tabellen van deze publicatie kan worden teruggerekend: voor",
        "  elke",
        f"  afgeschermde cel laten alle gepubliceerde cijfers samen ten minste {threshold}",
        "  mogelijke waarden open.",
        f"- Elke afgeschermde cel staat als `{label}`, of hij nu klein is of is afgeschermd om",
        "  een andere cel te beschermen; een afgeschermde cel is nooit 0.",
        "- Afgeleide cijfers (mediaan, percentiel, aandeel) op minder dan "
        f"{threshold} personen worden niet gepubliceerd.",
        "",
        "## Bestanden",
        "",
    ]
    for table in published:
        t = table.table
        dims = ", ".join(f"`{d}` ({dimension_labels.get(d, d)})" for d in t.dimensions)
        title = titles.get(t.id, t.id)
        lines.append(f"- `{t.id}.csv`: {title}. Telt: {t.population}. Indelingen: {dims}.")
    lines += [
        "",
        "Bron: Veilige Plek. Gemeente- en regio-indelingen: Bron: CBS / PDOK (CC BY 4.0).",
        "",
    ]
    return "\n".join(lines)


def opendata_files(
    published: Sequence[PublishedTable],
    *,
    threshold: int,
    period: str,
    scope: str,
    titles: Mapping[str, str] = _NONE,
    dimension_labels: Mapping[str, str] = _NONE,
    label: str = SUPPRESSED_LABEL,
) -> dict[str, str]:
    files = {f"{p.table.id}.csv": opendata_csv(p, label=label) for p in published}
    files["README.md"] = opendata_readme(
        published,
        threshold=threshold,
        period=period,
        scope=scope,
        titles=titles,
        dimension_labels=dimension_labels,
        label=label,
    )
    return files


def _check_label(label: str) -> None:
    if not label or any(ch.isdigit() for ch in label):
        raise ValueError(f"label: must be non-empty and contain no digit: {label!r}")
