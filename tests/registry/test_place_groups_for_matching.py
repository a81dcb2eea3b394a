"""The registry as matching reads it (``place_groups_for_matching``, plain rows for speed): the
same criteria as the landscape file, live free beds, holds, the phone only on request."""

from __future__ import annotations

import dataclasses

import pytest
from django.utils import timezone

from veiligeplek.data.landscape import shipped_landscape
from veiligeplek.domain.places import GroupProfile
from veiligeplek.registry.matching_cache import place_groups_for_matching, region_table_on
from veiligeplek.registry.models import Location, Place, PlaceGroup

pytestmark = pytest.mark.django_db
LIVE_FIELDS = ("free", "held", "availability_updated_at", "phone")


def criteria(group: GroupProfile) -> dict[str, object]:
    values = dataclasses.asdict(group)
    return {k: v for k, v in values.items() if k not in LIVE_FIELDS}


def test_every_group_has_the_criteria_of_its_row_in_the_landscape_file() -> None:
    expected = {row.id: criteria(row.to_place_group()) for row in shipped_landscape()}
    groups = {g.id: criteria(g) for g in place_groups_for_matching()}
    assert groups == expected


def test_free_counts_only_free_beds_and_holds_are_subtracted() -> None:
    group = PlaceGroup.objects.get(external_id="cosm-essm")
    beds = list(group.places.order_by("number"))
    Place.objects.filter(pk__in=[b.pk for b in beds[:15]]).update(status=Place.Status.OCCUPIED)
    Place.objects.filter(pk=beds[15].pk).update(status=Place.Status.OTHER_TARGET_GROUP)
    Place.objects.filter(pk=beds[16].pk).update(status=Place.Status.OUT_OF_SERVICE)
    essm = next(g for g in place_groups_for_matching(holds={group.pk: 1}) if g.id == "cosm-essm")
    assert (essm.free, essm.held, essm.available) == (2, 1, 1)


def test_the_phone_and_the_update_time_come_from_the_location_and_the_group() -> None:
    now = timezone.now()
    PlaceGroup.objects.filter(external_id="nla-ctm").update(availability_updated_at=now)
    Location.objects.filter(groups__external_id="nla-ctm").update(phone_24_7="020 000 0042")
    without = {g.id: g for g in place_groups_for_matching()}
    with_phone = {g.id: g for g in place_groups_for_matching(with_phone=True)}
    assert without["nla-ctm"].phone is None
    assert with_phone["nla-ctm"].phone == "020 000 0042"
    assert with_phone["nla-ctm"].availability_updated_at == now
    assert with_phone["nla-ctm"].location_name == "HVO Querido CTM, Amsterdam"


def test_the_region_table_names_municipalities_and_their_care_region() -> None:
    table = region_table_on(timezone.localdate())
    amsterdam = table.municipality("GM0363")
    assert (amsterdam.name, amsterdam.care_region) == ("Amsterdam", "VT01")
    assert amsterdam.police_unit_name == "Amsterdam"
    assert table.region_of("GM0363").central_municipality == "GM0363"
    assert len(table.municipalities) == 342
