"""The referral workflow over HTTP: 201 on create, 409 when someone else was first, 422 naming
the field, 404 outside one's scope."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.cases.conftest import facts, fill
from veiligeplek.accounts.models import ApiToken, User
from veiligeplek.cases.models import (
    AdHocPlacement,
    Case,
    Hold,
    Placement,
    Referral,
    TimelineEvent,
    WaitingListEntry,
)
from veiligeplek.registry.models import Place

pytestmark = pytest.mark.django_db


def api(user: User) -> Client:
    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=user,
        name="test",
        key_hash=ApiToken.hash(key),
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    return Client(headers={"Authorization": f"Bearer {key}"})


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def signal(client: Client, name: str, **changes: Any) -> Any:
    return post(
        client,
        "/api/v1/cases",
        {
            "facts": facts(name, **changes),
            "urgency": "crisis",
            "callback_name": "Agent",
            "callback_phone": "06 1234 5678",
        },
    )


def test_a_signal_over_the_api_opens_a_case_for_the_coordinator_on_duty(
    people: dict[str, User],
) -> None:
    response = signal(api(people["police"]), "sandra")
    assert response.status_code == 201
    body = response.json()
    assert body["number"].startswith("VP-")
    assert body["assigned_role"] == "regional_coordinator"
    listed = api(people["flevoland"]).get("/api/v1/cases").json()
    assert [c["number"] for c in listed] == [body["number"]]
    assert api(people["amsterdam"]).get(f"/api/v1/cases/{body['number']}").status_code == 404


def test_referral_accept_and_outflow_over_the_api(people: dict[str, User]) -> None:
    number = signal(api(people["police"]), "maria").json()["number"]
    referral = post(
        api(people["comensha"]), f"/api/v1/cases/{number}/referrals", {"place_group": "cosm-ctm-v"}
    )
    assert referral.status_code == 201
    assert referral.json()["hold_expires_at"] is not None
    accepted = post(api(people["ctm"]), f"/api/v1/referrals/{referral.json()['id']}/accept", {})
    assert accepted.status_code == 200
    assert accepted.json()["place_group"] == "cosm-ctm-v"
    case = api(people["comensha"]).get(f"/api/v1/cases/{number}").json()
    assert case["status"] == "placed"
    ended = post(
        api(people["ctm"]), f"/api/v1/placements/{accepted.json()['id']}/end", {"outflow": "return"}
    )
    assert ended.status_code == 200
    assert Case.objects.get(number=number).status == "closed"


def test_a_bed_someone_else_just_took_answers_409_in_dutch(people: dict[str, User]) -> None:
    fill("cosm-essm")
    bed = Place.objects.filter(group__external_id="cosm-essm").order_by("number")[0]
    bed.status = Place.Status.FREE
    bed.save()
    first = signal(api(people["police"]), "maria").json()["number"]
    second = signal(api(people["police"]), "maria").json()["number"]
    cm = api(people["comensha"])
    assert (
        post(
            cm, f"/api/v1/cases/{first}/placements", {"place_group": "cosm-essm", "bed": bed.number}
        ).status_code
        == 201
    )
    late = post(
        cm, f"/api/v1/cases/{second}/placements", {"place_group": "cosm-essm", "bed": bed.number}
    )
    assert late.status_code == 409
    assert "iemand anders was u voor" in late.json()["detail"][0]["msg"]
    assert Placement.objects.filter(place=bed, ended_at__isnull=True).count() == 1


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("placements", {"place_group": "omm-ctm"}, "override_reason"),
        ("waiting-list", {"category": "nla"}, "category"),
        ("ad-hoc", {"kind": "hotel", "municipality": "GM9999", "reason": "x"}, "municipality"),
        ("ad-hoc", {"kind": "tent", "municipality": "GM0363", "reason": "x"}, "kind"),
        ("referrals", {"place_group": "cosm-essm", "extra": 1}, "extra"),
    ],
)
def test_invalid_input_is_422_naming_the_field_and_saves_nothing(
    people: dict[str, User], path: str, body: dict[str, Any], field: str
) -> None:
    number = signal(api(people["police"]), "maria").json()["number"]
    before = saved_state(number)
    response = post(api(people["comensha"]), f"/api/v1/cases/{number}/{path}", body)
    assert response.status_code == 422, response.content
    assert field in json.dumps(response.json()["detail"])
    assert saved_state(number) == before


def saved_state(number: str) -> dict[str, object]:
    """What any of the case's actions could have saved: every row they write, and the case."""
    case = Case.objects.get(number=number)
    rows = {
        model.__name__: model.objects.filter(case=case).count()
        for model in (Placement, Referral, Hold, WaitingListEntry, AdHocPlacement, TimelineEvent)
    }
    return {
        **rows,
        "status": case.status,
        "beds": list(Place.objects.order_by("pk").values_list("status")),
    }


def test_the_waiting_list_proposal_over_the_api(people: dict[str, User]) -> None:
    fill("omm-ldh-ijsselland", "omm-fier", "omm-ctm", "omm-blijf")
    number = signal(api(people["police"]), "sandra").json()["number"]
    assert (
        post(
            api(people["flevoland"]), f"/api/v1/cases/{number}/waiting-list", {"category": "omm"}
        ).status_code
        == 201
    )
    Place.objects.filter(group__external_id="omm-fier", number=1).update(status=Place.Status.FREE)
    body = api(people["comensha"]).get("/api/v1/waiting-list").json()
    assert body["entries"][0]["case"] == number
    assert body["proposal"] == [
        {"case": number, "category": "omm", "place_group": "omm-fier", "priority": 4.0}
    ]
