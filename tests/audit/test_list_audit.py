"""Issue 12, defect 4: a list that shows a person's details (the shelter's referrals, the case
list, the waiting list, and the API lists) records one read per case it shows, so that "who saw
this person" finds the list as well as the case page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.test_cases_api import api, post, signal
from tests.cases.conftest import fill
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db


def reads_of(number: str, user: User) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            object_pseudonym=number, actor=user, action=Action.READ
        ).values_list("section", flat=True)
    )


def test_the_shelters_referral_list_records_a_read_per_referred_person(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    number = signal(api(people["police"]), "maria").json()["number"]
    other = signal(api(people["police"]), "sandra").json()["number"]
    referred = post(
        api(people["comensha"]), f"/api/v1/cases/{number}/referrals", {"place_group": "cosm-ctm-v"}
    )
    assert referred.status_code == 201
    shelter = client_for(Role.SHELTER_STAFF, user=people["ctm"])
    assert shelter.get(reverse("cases:referrals")).status_code == 200
    assert reads_of(number, people["ctm"]) == ["verwijzingen en bewoners (in lijst)"]
    assert reads_of(other, people["ctm"]) == []  # not referred to this shelter, not shown
    officer = client_for(Role.PRIVACY_OFFICER)
    html = officer.get(reverse("audit:case", args=[number])).content.decode()
    assert people["ctm"].username in html


def test_the_case_list_and_the_api_lists_record_a_read_per_case(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    fill("omm-ldh-ijsselland", "omm-fier", "omm-ctm", "omm-blijf")
    number = signal(api(people["police"]), "sandra").json()["number"]
    coordinator = people["comensha"]
    assert client_for(Role.COMENSHA, user=coordinator).get(reverse("cases:list")).status_code == 200
    assert "casussen (open) (in lijst)" in reads_of(number, coordinator)
    client = api(coordinator)
    assert client.get("/api/v1/cases").status_code == 200
    assert "casussen (API) (in lijst)" in reads_of(number, coordinator)
    waiting = post(client, f"/api/v1/cases/{number}/waiting-list", {"category": "omm"})
    assert waiting.status_code == 201
    assert client.get("/api/v1/waiting-list").status_code == 200
    assert "wachtlijst (API) (in lijst)" in reads_of(number, coordinator)
    page = client_for(Role.COMENSHA, user=coordinator).get(reverse("cases:waiting_list"))
    assert page.status_code == 200
    assert "wachtlijst (in lijst)" in reads_of(number, coordinator)
