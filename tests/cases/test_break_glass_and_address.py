"""Break-the-glass access and the confidential shelter address (step-up with a reason)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.accounts.conftest import totp_code
from tests.cases.conftest import ctx, facts
from tests.conftest import totp_device_for
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.audit.models import AuditEvent
from veiligeplek.cases.models import AccessReason, BreakGlassGrant, Case, Notification
from veiligeplek.cases.services.intake import signal_submit
from veiligeplek.cases.services.placement import placement_create
from veiligeplek.registry.models import Location, PlaceGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def sandra(people: dict[str, User]) -> Case:
    return signal_submit(
        ctx=ctx(people["police"]),
        facts_data=facts("sandra"),
        urgency="crisis",
        callback_name="Agent",
        callback_phone="06 1234 5678",
    )


def test_a_coordinator_of_another_region_opens_a_case_by_break_the_glass(
    people: dict[str, User], sandra: Case, client_for: Callable[..., Client]
) -> None:
    officer = User.objects.create_user("privacy", role=Role.PRIVACY_OFFICER)
    client = client_for(Role.REGIONAL_COORDINATOR, user=people["amsterdam"])
    url = reverse("cases:detail", args=[sandra.number])
    assert client.get(url).status_code == 404
    response = client.post(
        reverse("cases:break_glass"),
        {"number": sandra.number, "reason": "Slachtoffer staat hier aan de balie, nacht"},
    )
    assert response.status_code == 302
    assert client.get(url).status_code == 200
    event = AuditEvent.objects.get(action="break_glass")
    assert event.break_glass and event.object_pseudonym == sandra.number
    reason = AccessReason.objects.get(case=sandra, kind="break_glass")
    assert "balie" in reason.reason and "balie" not in event.purpose  # erasable, not in the log
    assert f"#{reason.pk}" in event.purpose
    assert Notification.objects.filter(recipient=officer, message__contains=sandra.number).exists()
    # The read under the grant is marked with it (issue 12, defect 6).
    grant = BreakGlassGrant.objects.get(case=sandra)
    assert event.break_glass_grant == grant.pk
    read = AuditEvent.objects.get(
        action="read", object_pseudonym=sandra.number, result="ok", actor=people["amsterdam"]
    )
    assert read.break_glass and read.break_glass_grant == grant.pk
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=61)):
        fresh = client_for(Role.REGIONAL_COORDINATOR, user=people["amsterdam"])  # idle limit passed
        assert fresh.get(url).status_code == 404


@pytest.mark.parametrize(
    ("reason", "number", "status"),
    [("kort", None, 422), ("Geen casus met dit nummer", "VP-0000-0000", 422)],
)
def test_break_the_glass_needs_a_reason_and_an_existing_case(
    people: dict[str, User],
    sandra: Case,
    client_for: Callable[..., Client],
    reason: str,
    number: str | None,
    status: int,
) -> None:
    client = client_for(Role.REGIONAL_COORDINATOR, user=people["amsterdam"])
    response = client.post(
        reverse("cases:break_glass"), {"number": number or sandra.number, "reason": reason}
    )
    assert response.status_code == status
    assert client.get(reverse("cases:detail", args=[sandra.number])).status_code == 404


@pytest.mark.parametrize(
    "role", [Role.SHELTER_STAFF, Role.POLICY_OFFICER, Role.SIGNALLER, Role.ADMINISTRATOR]
)
def test_break_the_glass_is_only_for_those_who_place(
    client_for: Callable[..., Client], role: Role
) -> None:
    assert client_for(role).get(reverse("cases:break_glass")).status_code == 404


def test_the_shelter_address_needs_a_fresh_code_and_a_reason_and_is_logged(
    people: dict[str, User], sandra: Case, client_for: Callable[..., Client]
) -> None:
    group = PlaceGroup.objects.get(external_id="omm-ctm")
    Location.objects.filter(pk=group.location_id).update(street_address="Geheimweg 1 CANARY-ADRES")
    placement_create(ctx=ctx(people["comensha"]), case=sandra, group=group)
    url = reverse("cases:address", args=[sandra.number])
    client = client_for(Role.COMENSHA, user=people["comensha"])
    device = totp_device_for(people["comensha"])
    assert "CANARY-ADRES" not in client.get(url).content.decode()
    wrong = client.post(url, {"code": "000000", "reason": "Taxi moet het adres hebben"})
    assert wrong.status_code == 422 and "CANARY-ADRES" not in wrong.content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5)):  # past the throttle
        ok = client.post(url, {"code": totp_code(device), "reason": "Taxi moet het adres hebben"})
    assert "CANARY-ADRES" in ok.content.decode()
    assert ok["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(section="opvangadres")
    reason = AccessReason.objects.get(case=sandra, kind="address")
    assert "Taxi" in reason.reason and f"#{reason.pk}" in event.purpose


def test_only_who_placed_the_person_sees_the_address(
    people: dict[str, User], sandra: Case, client_for: Callable[..., Client]
) -> None:
    placement_create(
        ctx=ctx(people["comensha"]),
        case=sandra,
        group=PlaceGroup.objects.get(external_id="omm-ctm"),
    )
    other = User.objects.create_user("cm-collega", role=Role.COMENSHA)
    client = client_for(Role.COMENSHA, user=other)
    assert client.get(reverse("cases:detail", args=[sandra.number])).status_code == 200
    assert client.get(reverse("cases:address", args=[sandra.number])).status_code == 404


def test_no_address_before_a_placement(
    people: dict[str, User], sandra: Case, client_for: Callable[..., Client]
) -> None:
    client = client_for(Role.REGIONAL_COORDINATOR, user=people["flevoland"])
    assert client.get(reverse("cases:address", args=[sandra.number])).status_code == 404
