"""Shelter staff keep their own availability current; nobody else can change it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from veiligeplek.accounts.roles import Role
from veiligeplek.registry.models import AvailabilityChange, Place, PlaceGroup
from veiligeplek.registry.overview import national_overview

pytestmark = pytest.mark.django_db


def bed(group: str, number: int = 1) -> Place:
    return Place.objects.get(group__external_id=group, number=number)


def test_shelter_staff_mark_their_own_bed_occupied_and_the_change_is_attributed(
    client_for: Callable[..., Client],
) -> None:
    client = client_for(Role.SHELTER_STAFF)
    target = bed("cosm-ctm-v", 3)
    response = client.post(
        reverse("registry:place_status", args=[target.pk]), {"status": "occupied"}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.status == Place.Status.OCCUPIED
    change = AvailabilityChange.objects.get(place=target)
    assert change.changed_by == client.user  # type: ignore[attr-defined]
    assert (change.from_status, change.to_status) == ("free", "occupied")
    assert target.group.availability_updated_at is not None


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_of_another_organisation_get_404_for_a_bed_that_is_not_theirs(
    client_for: Callable[..., Client], method: str
) -> None:
    client = client_for(Role.SHELTER_STAFF, organisation="Humanitas ESSM")
    target = bed("cosm-ctm-v", 3)
    url = reverse("registry:place_status", args=[target.pk])
    response = client.post(url, {"status": "occupied"}) if method == "post" else client.get(url)
    assert response.status_code in (404, 405)
    if method == "post":
        assert response.status_code == 404
    target.refresh_from_db()
    assert target.status == Place.Status.FREE
    assert not AvailabilityChange.objects.filter(place=target).exists()


def test_a_missing_bed_answers_404_like_another_organisations_bed(
    client_for: Callable[..., Client],
) -> None:
    client = client_for(Role.SHELTER_STAFF)
    response = client.post(reverse("registry:place_status", args=[999_999]), {"status": "free"})
    assert response.status_code == 404


def test_staff_see_only_their_own_locations(client_for: Callable[..., Client]) -> None:
    client = client_for(Role.SHELTER_STAFF, organisation="Humanitas ESSM")
    page = client.get(reverse("registry:my_availability")).content.decode()
    assert "Humanitas ESSM, Rotterdam" in page
    assert "HVO Querido CTM" not in page
    assert "Yadeborg" not in page


@pytest.mark.parametrize(
    "role", [Role.REGIONAL_COORDINATOR, Role.COMENSHA, Role.POLICY_OFFICER, Role.SIGNALLER]
)
def test_other_roles_cannot_change_availability(
    client_for: Callable[..., Client], role: Role
) -> None:
    client = client_for(role)
    target = bed("cosm-ctm-v", 1)
    response = client.post(
        reverse("registry:place_status", args=[target.pk]), {"status": "occupied"}
    )
    assert response.status_code == 404
    assert client.get(reverse("registry:my_availability")).status_code == 404


def test_an_unknown_status_is_refused_with_a_message(client_for: Callable[..., Client]) -> None:
    client = client_for(Role.SHELTER_STAFF)
    target = bed("cosm-ctm-v", 1)
    response = client.post(
        reverse("registry:place_status", args=[target.pk]), {"status": "weg"}, follow=True
    )
    assert "onbekende status" in response.content.decode()
    target.refresh_from_db()
    assert target.status == Place.Status.FREE


def test_beds_used_by_other_target_groups_are_not_free(client_for: Callable[..., Client]) -> None:
    client = client_for(Role.SHELTER_STAFF, organisation="Humanitas ESSM")
    group = PlaceGroup.objects.get(external_id="wmo-essm-nood")
    client.post(reverse("registry:group_other", args=[group.pk]), {"count": "3"})
    statuses = set(group.places.values_list("status", flat=True))
    assert statuses == {Place.Status.OTHER_TARGET_GROUP}
    row = next(r for r in national_overview(now=dt.datetime.now(dt.UTC)).rows if r.pk == group.pk)
    assert row.beds_free == 0
    assert row.beds_other == 3


def test_the_other_target_group_count_cannot_exceed_the_beds_not_taken_by_victims(
    client_for: Callable[..., Client],
) -> None:
    client = client_for(Role.SHELTER_STAFF, organisation="Humanitas ESSM")
    group = PlaceGroup.objects.get(external_id="wmo-essm-nood")
    group.places.filter(number=1).update(status=Place.Status.OCCUPIED)
    response = client.post(
        reverse("registry:group_other", args=[group.pk]), {"count": "3"}, follow=True
    )
    assert "moet tussen 0 en 2 liggen" in response.content.decode()
    assert not group.places.filter(status=Place.Status.OTHER_TARGET_GROUP).exists()


def test_availability_older_than_the_window_is_stale_everywhere(
    client_for: Callable[..., Client],
) -> None:
    client = client_for(Role.SHELTER_STAFF)
    location = PlaceGroup.objects.get(external_id="cosm-ctm-v").location
    with time_machine.travel(dt.datetime(2026, 11, 28, 3, 0, tzinfo=dt.UTC), tick=False):
        client.post(reverse("registry:location_confirm", args=[location.pk]))
    rows = {
        r.external_id: r
        for r in national_overview(now=dt.datetime(2026, 11, 29, 2, 59, tzinfo=dt.UTC)).rows
    }
    assert not rows["cosm-ctm-v"].stale
    assert rows["cosm-essm"].stale  # never updated
    later = {
        r.external_id: r
        for r in national_overview(now=dt.datetime(2026, 11, 29, 3, 1, tzinfo=dt.UTC)).rows
    }
    assert later["cosm-ctm-v"].stale
    assert later["cosm-ctm-v"].free_now == 0
