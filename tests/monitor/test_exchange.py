"""What leaves the system: the HTCDS export carries no personal data and only standard or
``nl_`` columns; the open-data tables pass the disclosure check."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from tests.monitor.conftest import World
from veiligeplek.accounts.models import User
from veiligeplek.audit.models import AuditEvent
from veiligeplek.audit.services import AuditContext
from veiligeplek.cases.models import CaseIdentity, Signal
from veiligeplek.data.htcds import htcds_fields
from veiligeplek.domain.disclosure import PublishedCell, PublishedTable, violations
from veiligeplek.domain.periods import parse_period
from veiligeplek.monitor.exchange import ExportRefusedError, htcds_export, opendata_zip
from veiligeplek.monitor.figures import IMPLICATIONS, LINKS
from veiligeplek.monitor.scope import parse_scope
from veiligeplek.monitor.statistics import statistics_for

pytestmark = pytest.mark.django_db
CANARIES = {
    "full_name": "Kanarie Vogelaar",
    "bsn": "999990019",
    "v_number": "8877665544",
    "note": "kanarie-vrije-tekst",
    "callback_name": "Kanarie Agent",
    "callback_phone": "0611223344",
    "signal_note": "kanarie-signaalnotitie",
}


def plant_canaries(world: World) -> None:
    for case in world.cases:
        CaseIdentity.objects.update_or_create(
            case=case,
            defaults={
                "full_name": CANARIES["full_name"],
                "bsn": CANARIES["bsn"],
                "v_number": CANARIES["v_number"],
                "note": CANARIES["note"],
            },
        )
    Signal.objects.update(
        callback_name=CANARIES["callback_name"],
        callback_phone=CANARIES["callback_phone"],
        note=CANARIES["signal_note"],
    )


def export(user: User, file_format: str = "csv") -> bytes:
    return htcds_export(
        ctx=AuditContext(user=user, client_address="127.0.0.1"),
        period=parse_period("2026"),
        purpose="Jaarcijfers voor het Nationaal Rapporteur (test)",
        file_format=file_format,
    )


def test_the_htcds_export_carries_no_personal_data(world: World, people: dict[str, User]) -> None:
    plant_canaries(world)
    text = export(people["comensha"]).decode()
    for canary in CANARIES.values():
        assert canary not in text
    for case in world.cases:
        assert case.number not in text
    assert "Amsterdam" not in text  # no addresses or place names, only codes


def test_every_column_is_a_kept_htcds_field_or_ours(world: World, people: dict[str, User]) -> None:
    header = next(csv.reader(io.StringIO(export(people["comensha"]).decode())))
    standard = set(htcds_fields())
    assert header
    assert all(c in standard or c.startswith("nl_") for c in header)
    assert any(c in standard for c in header)


def test_the_export_is_refused_without_the_role_and_audited_per_case(
    world: World, people: dict[str, User], make_user: object
) -> None:
    with pytest.raises(ExportRefusedError) as refused:
        export(people["amsterdam"])
    assert refused.value.field == "role"
    before = AuditEvent.objects.filter(action="export").count()
    export(people["comensha"], "xlsx")
    assert AuditEvent.objects.filter(action="export").count() - before == len(world.cases)


def test_the_open_data_tables_pass_the_disclosure_check(world: World) -> None:
    archive = zipfile.ZipFile(
        io.BytesIO(opendata_zip(parse_period("2026"), parse_scope("national")))
    )
    names = archive.namelist()
    assert any(n.endswith("README.md") for n in names)
    stats = statistics_for(parse_period("2026"), parse_scope("national"), exact=False)
    read_back = []
    for published in stats.tables:
        [name] = [n for n in names if n.endswith(f"/{published.table.id}.csv")]
        rows = list(csv.DictReader(io.StringIO(archive.read(name).decode())))
        assert len(rows) == len(published.cells)
        cells = []
        for row, cell in zip(rows, published.cells, strict=True):
            value = row["aantal"]
            assert value == "x" or (value.isdigit() and not 0 < int(value) < 10)
            cells.append(PublishedCell(cell.key, None if value == "x" else int(value)))
        read_back.append(PublishedTable(published.table, tuple(cells)))
    assert (
        violations(
            read_back, threshold=stats.threshold, hierarchies=LINKS, implications=IMPLICATIONS
        )
        == []
    )
