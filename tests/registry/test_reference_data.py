from __future__ import annotations

import datetime as dt

import pytest

from veiligeplek.registry.matching_cache import region_table_on
from veiligeplek.registry.models import CareRegion, Municipality, PoliceUnit, Province
from veiligeplek.registry.reference import reference_data_load

pytestmark = pytest.mark.django_db


def test_all_342_municipalities_of_2025_are_loaded_with_their_regions() -> None:
    assert Municipality.objects.count() == 342
    assert Province.objects.count() == 12
    assert PoliceUnit.objects.count() == 10
    amsterdam = Municipality.objects.get(pk="GM0363")
    assert amsterdam.police_unit.name == "Amsterdam"
    assert amsterdam.vt_region_code == "VT01"
    assert 52.2 < amsterdam.label_lat < 52.5


def test_den_haag_is_displayed_by_its_common_name_and_keeps_its_official_one() -> None:
    den_haag = Municipality.objects.get(pk="GM0518")
    assert den_haag.official_name == "'s-Gravenhage"
    assert den_haag.display_name == "Den Haag"


def test_loading_reference_data_twice_changes_nothing() -> None:
    before = (Municipality.objects.count(), CareRegion.objects.count())
    summary = reference_data_load()
    assert summary.care_regions_created == 0
    assert (Municipality.objects.count(), CareRegion.objects.count()) == before


def test_the_default_care_regions_are_the_25_veilig_thuis_regions_with_a_central_municipality() -> (
    None
):
    table = region_table_on(dt.date(2026, 11, 28))
    assert len(table.regions) == 25
    assert table.region_of("GM0034").name == "Flevoland"
    assert table.region_of("GM0034").central_municipality == "GM0034"
    for region in table.regions.values():
        assert table.municipality(region.central_municipality).care_region == region.code
    assert {m.care_region for m in table.municipalities.values()} == set(table.regions)
