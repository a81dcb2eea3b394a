"""The national overview: the report's totals, free now, stale markers, gaps, and the map."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from veiligeplek.accounts.roles import Role
from veiligeplek.registry.models import Place, PlaceGroup
from veiligeplek.registry.services import location_confirm_availability

pytestmark = pytest.mark.django_db


def text_of(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}">([^<]*)<', html)
    assert match, testid
    return match.group(1).strip()


def test_the_overview_reproduces_the_reports_place_counts(
    client_for: Callable[..., Client],
) -> None:
    html = client_for(Role.POLICY_OFFICER).get(reverse("registry:overview")).content.decode()
    assert text_of(html, "capacity-cosm") == "51"
    assert text_of(html, "capacity-omm") == "31"
    assert text_of(html, "capacity-wmo") == "38–42"
    assert text_of(html, "capacity-nla") == "20"
    assert text_of(html, "capacity-mannenopvang") == "18"
    assert text_of(html, "capacity-total") == "158–162"


def test_free_now_counts_only_current_availability_and_drops_when_a_bed_is_taken(
    client_for: Callable[..., Client], make_user: Callable[..., object]
) -> None:
    staff = client_for(Role.SHELTER_STAFF)
    group = PlaceGroup.objects.get(external_id="cosm-ctm-v")
    location_confirm_availability(acting_user=staff.user, location_id=group.location_id)  # type: ignore[attr-defined]
    viewer = client_for(Role.REGIONAL_COORDINATOR)
    html = viewer.get(reverse("registry:overview")).content.decode()
    assert text_of(html, "free-cosm") == "21"  # CTM's 19 + 2 beds, the other COSM stale
    bed = group.places.get(number=1)
    staff.post(reverse("registry:place_status", args=[bed.pk]), {"status": "occupied"})
    html = viewer.get(reverse("registry:overview")).content.decode()
    assert text_of(html, "free-cosm") == "20"


def test_regions_without_any_place_are_named(client_for: Callable[..., Client]) -> None:
    html = client_for(Role.POLICY_OFFICER).get(reverse("registry:overview")).content.decode()
    without = text_of(html, "regions-without")
    assert "Flevoland" in without
    assert "Groningen" in without
    assert "Amsterdam-Amstelland" not in without
    assert "17 regio's zonder enige specialistische plek" in html


def test_filters_narrow_the_locations_to_a_category_and_region(
    client_for: Callable[..., Client],
) -> None:
    client = client_for(Role.COMENSHA)
    html = client.get(reverse("registry:overview"), {"categorie": "nla"}).content.decode()
    groups = set(re.findall(r'data-group="([^"]+)"', html))
    assert groups == {"nla-arosa", "nla-ctm"}
    html = client.get(reverse("registry:overview"), {"regio": "VT18"}).content.decode()
    assert set(re.findall(r'data-group="([^"]+)"', html)) == {
        "cosm-essm",
        "wmo-essm-nood",
        "wmo-essm-rotterdam",
        "wmo-essm-crisis",
    }


def test_the_map_draws_every_municipality_and_each_location_without_network(
    client_for: Callable[..., Client],
) -> None:
    response = client_for(Role.POLICY_OFFICER).get(reverse("registry:overview_map"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.count('<path class="vp-gm') == 342
    assert svg.count('<g class="vp-loc"') == 21
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_the_map_highlights_the_chosen_region(client_for: Callable[..., Client]) -> None:
    svg = (
        client_for(Role.POLICY_OFFICER)
        .get(reverse("registry:overview_map"), {"regio": "VT03"})
        .content.decode()
    )
    assert svg.count("vp-gm--region") == 6  # Flevoland has six municipalities


@pytest.mark.parametrize("role", [Role.SIGNALLER, Role.PRIVACY_OFFICER])
def test_roles_without_need_do_not_see_the_overview(
    client_for: Callable[..., Client], role: Role
) -> None:
    client = client_for(role)
    assert client.get(reverse("registry:overview")).status_code == 404
    assert client.get(reverse("registry:overview_map")).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page() -> None:
    response = Client().get(reverse("registry:overview"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_overview_never_shows_street_addresses_or_phone_numbers(
    client_for: Callable[..., Client],
) -> None:
    location = PlaceGroup.objects.get(external_id="cosm-essm").location
    location.street_address = "Geheimstraat 7 CANARY-ADDR"
    location.phone_24_7 = "CANARY-PHONE"
    location.save()
    for role in (Role.POLICY_OFFICER, Role.REGIONAL_COORDINATOR):
        client = client_for(role)
        for url in (reverse("registry:overview"), reverse("registry:overview_map")):
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            body = response.content.decode()
            assert 'data-group="cosm-essm"' in body or location.name in body  # the location shown
            assert "CANARY" not in body


def test_stale_free_beds_are_counted_apart(client_for: Callable[..., Client]) -> None:
    PlaceGroup.objects.filter(external_id="cosm-essm").update(
        availability_updated_at=timezone.now() - dt.timedelta(days=3)
    )
    Place.objects.filter(group__external_id="cosm-essm").update(status=Place.Status.FREE)
    html = client_for(Role.POLICY_OFFICER).get(reverse("registry:overview")).content.decode()
    assert 'data-group="cosm-essm"' in html
    row = html.split('data-group="cosm-essm"')[1].split("</tr>")[0]
    assert "verouderd" in row
    assert "19?" in row
