"""The per-process caches of matching (registry/matching_cache.py): criteria, locations and region
tables are kept per registry generation, which database triggers renew on every change to them
by any code, in the transaction of the change; availability and holds are read for every match.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable

import pytest
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from tests.api.test_routing_api import persona
from tests.cases.conftest import ctx, facts
from tests.factories import signalled_case
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.cases.matching import match_routed
from veiligeplek.cases.models import Hold
from veiligeplek.cases.routing import routing_decide
from veiligeplek.cases.services.holds import active_holds
from veiligeplek.cases.services.placement import referral_create
from veiligeplek.data.landscape import shipped_landscape
from veiligeplek.domain.enums import Gender
from veiligeplek.domain.places import GroupProfile
from veiligeplek.registry.matching_cache import (
    LIVE_SQL,
    place_groups_for_matching,
    place_table_for_matching,
    region_table_on,
    registry_generation,
)
from veiligeplek.registry.models import (
    CareRegion,
    Location,
    Municipality,
    Organisation,
    Place,
    PlaceGroup,
    PoliceUnit,
    RegistryGeneration,
)
from veiligeplek.registry.regions import care_region_revise
from veiligeplek.registry.services import landscape_import

pytestmark = pytest.mark.django_db

# Columns that change with availability, or that matching does not read and that change often.
NOT_WATCHED: dict[type[models.Model], set[str]] = {
    PlaceGroup: {"availability_updated_at", "availability_updated_by"},
    Location: {"street_address", "stale_reminded_at"},
    Organisation: set(),
    Municipality: set(),
    PoliceUnit: set(),
    CareRegion: set(),
}


def groups() -> dict[str, GroupProfile]:
    return {g.id: g for g in place_groups_for_matching(with_phone=True)}


def renews(change: Callable[[], object]) -> bool:
    before = registry_generation()
    change()
    after = registry_generation()
    assert after is not None
    return after != before


@pytest.mark.parametrize("model", list(NOT_WATCHED))
def test_updating_any_column_matching_may_read_renews_the_generation(
    model: type[models.Model],
) -> None:
    rows = model._default_manager.filter(pk=model._default_manager.order_by("pk")[0].pk)
    for field in model._meta.concrete_fields:
        column = field.attname
        renewed = renews(lambda: rows.update(**{column: F(column)}))  # noqa: B023 - called now
        assert renewed == (field.name not in NOT_WATCHED[model]), field.name


def test_creating_and_deleting_rows_and_regions_membership_renew_the_generation() -> None:
    organisation = Organisation(name="Nieuwe opvang", kind=Organisation.Kind.SHELTER)
    assert renews(organisation.save)
    assert renews(organisation.delete)
    region = CareRegion.objects.order_by("pk").first()
    assert region is not None
    member = region.municipalities.first()
    assert member is not None
    assert renews(lambda: region.municipalities.remove(member))
    assert renews(lambda: region.municipalities.add(member))


def test_availability_and_holds_do_not_renew_the_generation(
    make_user: Callable[..., User],
) -> None:
    now = timezone.now()
    case = signalled_case(make_user(Role.SIGNALLER, organisation="Politie (test)"), facts("maria"))
    group = PlaceGroup.objects.get(external_id="cosm-essm")
    assert renews(lambda: None) is False  # reading twice renews nothing
    comensha = make_user(Role.COMENSHA, organisation="CoMensha (test)")

    def refer() -> None:
        referral_create(ctx=ctx(comensha), case=case, group=group)

    assert not renews(refer)  # a referral holds a bed
    assert Hold.objects.filter(case=case, released_at__isnull=True).count() == 1
    held = next(
        g for g in place_groups_for_matching(holds=active_holds(now=now)) if g.id == "cosm-essm"
    )
    assert held.held == 1  # and matching sees the hold at once
    assert not renews(lambda: Hold.objects.update(released_at=now))
    assert not renews(lambda: Place.objects.update(status=Place.Status.OCCUPIED))
    assert not renews(lambda: PlaceGroup.objects.update(availability_updated_at=now))
    assert not renews(lambda: Location.objects.update(stale_reminded_at=now))


def test_an_imported_change_of_criteria_is_seen_by_the_next_match() -> None:
    assert groups()["cosm-yadeborg"].genders == {Gender.MALE}  # now in the cache
    rows = [
        dataclasses.replace(row, genders=frozenset({Gender.FEMALE}), children_allowed=True)
        if row.id == "cosm-yadeborg"
        else row
        for row in shipped_landscape()
    ]
    landscape_import(acting_user=None, rows=rows)
    changed = groups()["cosm-yadeborg"]
    assert changed.genders == frozenset({Gender.FEMALE})
    assert changed.children_allowed


def test_a_change_made_with_a_bulk_update_is_seen_too() -> None:
    assert groups()["nla-ctm"].phone != "020 000 0042"
    Location.objects.filter(groups__external_id="nla-ctm").update(phone_24_7="020 000 0042")
    assert groups()["nla-ctm"].phone == "020 000 0042"


def test_the_match_sees_a_changed_group_at_once() -> None:
    def maria_may_go_to_yadeborg() -> bool:
        routed = routing_decide(persona("maria"), today=timezone.localdate())
        result = match_routed(routed, now=timezone.now())
        return next(m for m in result.places if m.place.id == "cosm-yadeborg").eligible

    assert not maria_may_go_to_yadeborg()  # men only
    PlaceGroup.objects.filter(external_id="cosm-yadeborg").update(genders=[])
    assert maria_may_go_to_yadeborg()


def test_a_rolled_back_change_leaves_nothing_in_the_cache() -> None:
    before = groups()["omm-fier"]
    with transaction.atomic():
        PlaceGroup.objects.filter(external_id="omm-fier").update(children_allowed=False, age_max=30)
        assert groups()["omm-fier"].age_max == 30  # cached, under a token that is rolled back
        transaction.set_rollback(True)
    assert groups()["omm-fier"] == before


def test_a_region_revision_is_seen_by_the_next_routing(make_user: Callable[..., User]) -> None:
    today = timezone.localdate()
    assert region_table_on(today).municipality("GM0362").care_region == "VT01"  # Amstelveen
    target = next(r for r in CareRegion.objects.all() if r.code == "VT02")
    members = [*target.municipalities.values_list("code", flat=True), "GM0362"]
    care_region_revise(
        acting_user=make_user(Role.ADMINISTRATOR),
        code="VT02",
        name=target.name,
        central_municipality=target.central_municipality_id,
        municipalities=members,
        valid_from=today,
    )
    assert region_table_on(today).municipality("GM0362").care_region == "VT02"
    yesterday = today - dt.timedelta(days=1)
    assert region_table_on(yesterday).municipality("GM0362").care_region == "VT01"


def test_availability_stays_live_between_matches() -> None:
    first = groups()["cosm-essm"]
    group = PlaceGroup.objects.get(external_id="cosm-essm")
    Place.objects.filter(group=group, number__lte=3).update(status=Place.Status.OCCUPIED)
    updated = timezone.now() - dt.timedelta(hours=2)
    PlaceGroup.objects.filter(pk=group.pk).update(availability_updated_at=updated)
    now = groups()["cosm-essm"]
    assert now.free == first.free - 3
    assert now.availability_updated_at == updated
    held = place_groups_for_matching(holds={group.pk: 2})
    assert next(g for g in held if g.id == "cosm-essm").held == 2


def test_between_matches_the_table_and_the_unchanged_update_times_are_the_same_objects() -> None:
    first_table, first = place_table_for_matching(with_phone=True)
    updated = timezone.now()
    PlaceGroup.objects.filter(external_id="cosm-essm").update(availability_updated_at=updated)
    second_table, second = place_table_for_matching(with_phone=True)
    assert second_table is first_table  # availability does not renew the generation
    ids = [g.id for g in first_table.groups]
    changed = {
        ids[i]
        for i, (a, b) in enumerate(zip(first.updated_at, second.updated_at, strict=True))
        if a is not b
    }
    assert changed == {"cosm-essm"}
    assert second.updated_at[ids.index("cosm-essm")] == updated


def test_unchanged_availability_is_the_same_object_and_any_change_makes_a_new_one() -> None:
    group = PlaceGroup.objects.get(external_id="cosm-essm")
    table, first = place_table_for_matching()
    assert place_table_for_matching()[1] is first
    i = [g.id for g in table.groups].index("cosm-essm")
    Place.objects.filter(group=group, number=1).update(status=Place.Status.OCCUPIED)
    _, occupied = place_table_for_matching()
    assert occupied is not first and occupied.free[i] == first.free[i] - 1
    _, held = place_table_for_matching(holds={group.pk: 1})
    assert held is not occupied and held.held[i] == 1
    assert place_table_for_matching(holds={group.pk: 1})[1] is held
    assert place_table_for_matching()[1].held[i] == 0


def test_the_generation_row_is_found_wherever_the_database_puts_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SQL does not promise that UNION ALL keeps the order of its parts: the live read finds
    the generation row first, last or missing (a flushed test database)."""
    expected = groups()
    token = registry_generation()
    generation_last = f"SELECT * FROM ({LIVE_SQL}) rows ORDER BY 1 DESC"  # noqa: S608 - id -1 last
    monkeypatch.setattr("veiligeplek.registry.matching_cache.LIVE_SQL", generation_last)
    assert groups() == expected
    assert registry_generation() == token
    table, _ = place_table_for_matching()
    assert place_table_for_matching()[0] is table  # the generation was found: kept


def test_a_time_updated_again_after_the_live_read_is_the_newer_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The live read gives the update time as text; a text it has not seen is loaded again
    from the row, which may meanwhile hold a newer time: the newer one is taken."""
    group = PlaceGroup.objects.get(external_id="nla-ctm")
    newer = timezone.now()
    PlaceGroup.objects.filter(pk=group.pk).update(availability_updated_at=newer)
    column = "CAST(g.availability_updated_at AS TEXT)"
    older = f"CASE WHEN g.id = {group.pk} THEN '2020-01-01 00:00:00+00' ELSE {column} END"
    monkeypatch.setattr(
        "veiligeplek.registry.matching_cache.LIVE_SQL", LIVE_SQL.replace(column, older)
    )
    assert groups()["nla-ctm"].availability_updated_at == newer


def test_the_tables_with_and_without_phones_list_the_same_groups_in_the_same_order() -> None:
    Location.objects.update(phone_24_7="020 000 0042")
    with_phone, _ = place_table_for_matching(with_phone=True)
    without, _ = place_table_for_matching(with_phone=False)
    assert [g.id for g in with_phone.groups] == [g.id for g in without.groups]
    assert {g.phone for g in with_phone.groups} == {"020 000 0042"}
    assert {g.phone for g in without.groups} == {None}


def test_a_group_created_after_the_table_was_built_is_left_out_until_the_generation_changes() -> (
    None
):
    """The generation is read before the live rows: a group can arrive in between. Here it
    arrives and the token is put back, as if the table had been built just before."""
    first, _ = place_table_for_matching()
    token = registry_generation()
    kind = PlaceGroup.objects.get(external_id="cosm-essm")
    kind.pk, kind.external_id = None, "cosm-nieuw"
    kind.save()
    Place.objects.create(group=kind, number=1, status=Place.Status.FREE)
    RegistryGeneration.objects.update(token=token)
    table, availability = place_table_for_matching()
    assert table is first and "cosm-nieuw" not in [g.id for g in table.groups]
    assert len(availability.free) == len(table.groups)
    RegistryGeneration.objects.update(token=uuid.uuid4())
    assert "cosm-nieuw" in groups()


def test_a_group_deleted_after_the_table_was_built_counts_as_full_and_never_updated() -> None:
    table, _ = place_table_for_matching()
    token = registry_generation()
    gone = PlaceGroup.objects.get(external_id="nla-ctm")
    Place.objects.filter(group=gone).delete()
    PlaceGroup.objects.filter(pk=gone.pk).delete()
    RegistryGeneration.objects.update(token=token)
    same, availability = place_table_for_matching()
    assert same is table
    i = [g.id for g in table.groups].index("nla-ctm")
    assert (availability.free[i], availability.updated_at[i]) == (0, None)


def test_without_the_generation_row_nothing_is_cached_and_a_change_brings_it_back() -> None:
    expected = groups()
    RegistryGeneration.objects.all().delete()  # as a flush of the test database does
    assert registry_generation() is None
    assert groups() == expected
    assert region_table_on(timezone.localdate()).municipality("GM0363").name == "Amsterdam"
    Organisation.objects.filter(name="HVO Querido CTM").update(name=F("name"))
    assert isinstance(registry_generation(), uuid.UUID)
