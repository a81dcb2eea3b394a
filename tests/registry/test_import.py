"""Importing the landscape: all or nothing, idempotent, CSV and XLSX, and the CLI contract."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tests.conftest import run_cli
from tests.registry.test_landscape_file import SOURCE, with_changed_row
from veiligeplek.data.landscape import parse_csv, parse_xlsx, write_xlsx
from veiligeplek.registry import selectors
from veiligeplek.registry.models import AvailabilityChange, Place, PlaceGroup
from veiligeplek.registry.services import (
    RegistryError,
    landscape_import,
    registry_geography,
)

pytestmark = pytest.mark.django_db


def snapshot() -> tuple[object, ...]:
    return (
        tuple(PlaceGroup.objects.order_by("pk").values_list()),
        tuple(Place.objects.order_by("pk").values_list()),
        AvailabilityChange.objects.count(),
    )


def test_the_loaded_registry_has_one_row_per_bed() -> None:
    assert PlaceGroup.objects.count() == 21
    assert Place.objects.count() == 162
    assert PlaceGroup.objects.get(external_id="wmo-essm-nood").places.count() == 3


def test_reimporting_the_same_file_changes_nothing() -> None:
    before = snapshot()
    summary = landscape_import(acting_user=None, rows=parse_csv(SOURCE, registry_geography()))
    assert not summary.changed
    assert len(summary.unchanged) == 21
    assert snapshot() == before


@pytest.mark.parametrize(
    "changes",
    [{"municipality_code": "GM9999"}, {"places_max": "-3"}, {"category": "hotel"}],
)
def test_a_file_with_one_bad_row_imports_nothing_and_names_row_and_field(
    tmp_path: Path, changes: dict[str, str]
) -> None:
    text = with_changed_row(5, **changes).replace("COSM-plekken voor mannen", "gewijzigd")
    path = tmp_path / "landschap.csv"
    path.write_text(text, encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError) as error:
        call_command("import_places", str(path))
    assert error.value.returncode == 2
    assert snapshot() == before


def test_a_changed_capacity_adds_beds_and_records_the_change() -> None:
    text = with_changed_row(0, places_max="13", places_min="13")
    summary = landscape_import(acting_user=None, rows=parse_csv(text, registry_geography()))
    assert summary.updated == ["cosm-yadeborg"]
    assert summary.beds_added == 2
    assert PlaceGroup.objects.get(external_id="cosm-yadeborg").places.count() == 13


def test_a_group_cannot_shrink_below_a_bed_occupied_by_a_victim() -> None:
    group = PlaceGroup.objects.get(external_id="cosm-yadeborg")
    group.places.filter(number=11).update(status=Place.Status.OCCUPIED)
    before = snapshot()
    text = with_changed_row(0, places_max="10", places_min="10")
    with pytest.raises(RegistryError) as error:
        with_rollback_import(text)
    assert error.value.field == "places_max"
    assert "bed 11 is bezet" in error.value.message
    assert snapshot() == before


def with_rollback_import(text: str) -> None:
    from django.db import transaction

    with transaction.atomic():
        landscape_import(acting_user=None, rows=parse_csv(text, registry_geography()))


def test_an_xlsx_export_imports_back_unchanged() -> None:
    content = write_xlsx(selectors.landscape_rows(), selectors.police_unit_names())
    rows = parse_xlsx(content, registry_geography())
    summary = landscape_import(acting_user=None, rows=rows)
    assert len(rows) == 21
    assert not summary.changed


def test_a_file_that_is_no_workbook_is_refused_with_a_message() -> None:
    from veiligeplek.data.landscape import LandscapeError

    with pytest.raises(LandscapeError) as error:
        parse_xlsx(b"not a workbook", registry_geography())
    assert "XLSX" in error.value.problems[0].message


def test_the_export_command_writes_the_source_format_back(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    call_command("export_places", str(path))
    assert path.read_bytes().decode("utf-8") == SOURCE


@pytest.mark.slow
def test_the_cli_exits_2_with_one_line_per_problem_for_a_bad_file(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    path = tmp_path / "fout.csv"
    path.write_text(with_changed_row(2, places_max="-1"), encoding="utf-8")
    result = run_cli(["import-places", str(path), "--dry-run"], cli_env)
    assert result.returncode == 2
    assert "regel 4, veld places_max" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bed_with_only_availability_history_can_be_removed_by_a_smaller_import() -> None:
    group = PlaceGroup.objects.get(external_id="cosm-yadeborg")
    bed = group.places.get(number=11)
    AvailabilityChange.objects.create(
        group=group,
        place=bed,
        from_status="free",
        to_status="occupied",
        changed_at=timezone.now(),
        via="web",
    )
    with_rollback_import(with_changed_row(0, places_max="10", places_min="10"))
    assert group.places.count() == 10
    assert AvailabilityChange.objects.filter(group=group, place__isnull=True).count() == 1


def test_a_bed_that_held_a_placement_is_not_removed_and_the_import_says_which() -> None:
    from tests.cases.conftest import ctx, facts
    from veiligeplek.accounts.models import User
    from veiligeplek.cases.services.intake import signal_submit
    from veiligeplek.cases.services.placement import placement_create, placement_end

    police = User.objects.create_user("agent", role="signaller")
    comensha = User.objects.create_user("cm", role="comensha")
    case = signal_submit(
        ctx=ctx(police),
        facts_data=facts("maria"),
        urgency="normal",
        callback_name="Agent",
        callback_phone="06 1234 5678",
    )
    group = PlaceGroup.objects.get(external_id="cosm-yadeborg")
    group.places.exclude(number=11).update(status=Place.Status.OCCUPIED)
    group.genders = ["female"]  # let Maria's route fit the bed for this test
    group.save()
    placed = placement_create(ctx=ctx(comensha), case=case, group=group)
    placement_end(ctx=ctx(comensha), placement=placed, outflow="return")
    before = snapshot()
    with pytest.raises(RegistryError) as error:
        with_rollback_import(with_changed_row(0, places_max="10", places_min="10"))
    assert "bed(den) 11" in error.value.message
    assert snapshot() == before
