"""``POST /api/v1/matches``: the same operation as ``veiligeplek match`` over HTTP, with auth,
422s naming the field, and the 24/7 phone only for roles that may see it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from ninja import Schema

from tests.api.test_routing_api import bearer, persona
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import PLACING_ROLES, Role
from veiligeplek.api.matching import (
    BriefPlaceOut,
    CategoryStatusOut,
    MatchResultOut,
    NextStepOut,
    PlaceMatchOut,
    ReasonOut,
)
from veiligeplek.api.schemas import RoutingDecisionOut
from veiligeplek.cases.matching import match_routed
from veiligeplek.cases.routing import routing_decide
from veiligeplek.registry.models import Location, Place

pytestmark = pytest.mark.django_db
URL = "/api/v1/matches"
PLANTED_PHONE = "06 9999 4242 (api-test)"
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
# The contract's keys of a place item (ARCHITECTURE.md, "Match result"); the CLI test uses them too.
PLACE_KEYS = {
    "id",
    "organisation",
    "municipality",
    "category",
    "capacity",
    "available",
    "eligible",
    "reasons",
    "distance_km",
    "score",
}


def post(client: Client, body: object, **headers: str) -> Any:
    return client.post(URL, json.dumps(body), content_type="application/json", headers=headers)


def as_role(make_user: Callable[..., User], role: Role) -> dict[str, str]:
    return bearer(make_user(role))


def test_a_coordinator_gets_the_contracts_match_result(make_user: Callable[..., User]) -> None:
    response = post(Client(), persona("maria"), **as_role(make_user, Role.REGIONAL_COORDINATOR))
    assert response.status_code == 200
    result = response.json()
    assert set(result) >= {"decision", "national_gap", "no_capacity", "places"}
    assert result["decision"]["place_categories"] == ["cosm"]
    assert result["decision"]["reflection_period"]["days"] == 90
    assert len(result["places"]) == 21
    assert all(set(p) >= PLACE_KEYS for p in result["places"])
    assert [p["id"] for p in result["places"] if p["eligible"]] == ["cosm-essm", "cosm-ctm-v"]
    yadeborg = next(p for p in result["places"] if p["id"] == "cosm-yadeborg")
    assert yadeborg["reasons"][0] == {"code": "gender", "text": "Deze plek neemt alleen mannen op."}


def test_the_answer_equals_the_domain_result(make_user: Callable[..., User]) -> None:
    body = persona("sandra")
    response = post(Client(), body, **as_role(make_user, Role.COMENSHA))
    expected = match_routed(
        routing_decide(body, today=timezone.localdate()), now=timezone.now()
    ).to_dict()
    result = response.json()
    for item in result["places"]:
        item.pop("phone_24_7")
    assert [p["id"] for p in result["places"]] == [p["id"] for p in expected["places"]]
    assert result["national_gap"] == expected["national_gap"]
    assert result["next_step"] == expected["next_step"]


def test_amir_is_a_national_gap_not_an_empty_list(make_user: Callable[..., User]) -> None:
    result = post(Client(), persona("amir"), **as_role(make_user, Role.REGIONAL_COORDINATOR)).json()
    assert result["national_gap"] is True
    assert result["no_capacity"] is False
    assert len(result["places"]) == 21
    assert result["almost"] == []  # unsafe is no objection a shelter can waive
    assert result["next_step"]["code"] == "ad_hoc"


def test_sandra_is_no_capacity_when_every_omm_bed_is_taken(make_user: Callable[..., User]) -> None:
    Place.objects.filter(group__category="omm").update(status=Place.Status.OCCUPIED)
    result = post(Client(), persona("sandra"), **as_role(make_user, Role.COMENSHA)).json()
    assert (result["national_gap"], result["no_capacity"]) == (False, True)
    assert result["next_step"]["code"] == "waiting_list"


def test_without_credentials_the_answer_is_401() -> None:
    assert post(Client(), persona("maria")).status_code == 401


@pytest.mark.parametrize(
    "role", [Role.SIGNALLER, Role.SHELTER_STAFF, Role.POLICY_OFFICER, Role.ADMINISTRATOR]
)
def test_roles_that_do_not_place_get_404_and_no_phone(
    make_user: Callable[..., User], role: Role
) -> None:
    Location.objects.update(phone_24_7=PLANTED_PHONE)
    response = post(Client(), persona("maria"), **as_role(make_user, role))
    assert response.status_code == 404
    assert PLANTED_PHONE not in response.content.decode()


@pytest.mark.parametrize("role", sorted(PLACING_ROLES))
def test_placing_roles_see_the_24_7_phone_of_each_place(
    make_user: Callable[..., User], role: Role
) -> None:
    Location.objects.filter(name__startswith="Yadeborg").update(phone_24_7=PLANTED_PHONE)
    result = post(Client(), persona("maria"), **as_role(make_user, role)).json()
    phones = {p["id"]: p["phone_24_7"] for p in result["places"]}
    assert phones["cosm-yadeborg"] == PLANTED_PHONE
    assert list(phones.values()).count(PLANTED_PHONE) == 1


def test_a_match_without_the_phone_right_carries_no_phone_key() -> None:
    """The pages match without phones (``match_routed``'s default): the key is absent."""
    Location.objects.update(phone_24_7=PLANTED_PHONE)
    result = match_routed(routing_decide(persona("maria"), today=timezone.localdate()), now=NOW)
    answer = result.to_json()
    assert PLANTED_PHONE.encode() not in answer
    assert all("phone_24_7" not in p for p in json.loads(answer)["places"])
    with_phone = match_routed(
        routing_decide(persona("maria"), today=timezone.localdate()), now=NOW, with_phone=True
    )
    assert PLANTED_PHONE.encode() in with_phone.to_json(with_phone=True)  # it was planted


def test_above_brief_above_groups_the_default_answer_is_brief_and_detail_full_is_whole(
    make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100x (2,100 groups) the default answer gives only the best eligible groups and the
    almost ones in full; the real registry (21 groups) stands in with a lower threshold."""
    monkeypatch.setattr("veiligeplek.api.matching.BRIEF_ABOVE", 5)
    monkeypatch.setattr("veiligeplek.domain.matching.BRIEF_IN_FULL", 1)
    headers = as_role(make_user, Role.COMENSHA)
    brief = post(Client(), persona("maria"), **headers).json()
    whole = (
        Client()
        .post(
            URL + "?detail=full", json.dumps(persona("maria")), "application/json", headers=headers
        )
        .json()
    )
    assert [p["id"] for p in brief["places"]] == [p["id"] for p in whole["places"]]
    assert all(set(p) >= PLACE_KEYS for p in whole["places"])
    short = [p for p in brief["places"] if set(p) == schema_keys(BriefPlaceOut)]
    full_ids = {p["id"] for p in brief["places"] if set(p) >= PLACE_KEYS}
    assert full_ids == {whole["places"][0]["id"], *whole["almost"]}
    assert len(short) == len(whole["places"]) - len(full_ids)
    assert all("text" not in r for p in short for r in p["reasons"])
    assert {k: v for k, v in brief.items() if k != "places"} == {
        k: v for k, v in whole.items() if k != "places"
    }


def test_the_browser_session_works(client_for: Callable[..., Client]) -> None:
    response = post(client_for(Role.NLA), persona("radek"))
    assert response.status_code == 200
    assert response.json()["places"][0]["id"] == "nla-arosa"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"found_municipality": "GM9999"}, "found_municipality"),
        ({"age": 130}, "age"),
        ({"exploitation": []}, "exploitation"),
        ({"exploitation": ["begging"]}, "exploitation"),
        ({"gender": "unknown"}, "gender"),
        ({"identified_on": "28-11-2026"}, "identified_on"),
        ({"favourite_colour": "blue"}, "favourite_colour"),
        ({"registered_municipality": "Amsterdam"}, "registered_municipality"),
        ({"languages": ["xx"]}, "languages"),
        ({"nationality": "XX"}, "nationality"),
    ],
)
def test_invalid_input_answers_422_naming_the_field(
    make_user: Callable[..., User], change: dict[str, object], field: str
) -> None:
    body = {**persona("maria"), **change}
    response = post(Client(), body, **as_role(make_user, Role.COMENSHA))
    assert response.status_code == 422
    locations = [e["loc"] for e in response.json()["detail"]]
    assert any(field in [str(part).split("[")[0] for part in loc] for loc in locations), locations


def test_a_body_without_found_municipality_answers_422(make_user: Callable[..., User]) -> None:
    body = {k: v for k, v in persona("maria").items() if k != "found_municipality"}
    response = post(Client(), body, **as_role(make_user, Role.NLA))
    assert response.status_code == 422
    assert ["body", "facts", "found_municipality"] in [e["loc"] for e in response.json()["detail"]]


def test_the_operation_and_its_typed_result_are_in_the_openapi_document() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    text = json.dumps(operation)
    assert "CaseFactsIn" in text
    assert "MatchResultOut" in text
    result = schema["components"]["schemas"]["MatchResultOut"]
    assert set(result["required"]) >= {"decision", "national_gap", "no_capacity", "places"}
    place = schema["components"]["schemas"]["PlaceMatchOut"]
    assert "phone_24_7" in place["properties"]
    assert "phone_24_7" not in place["required"]


def schema_keys(schema: type[Schema]) -> set[str]:
    return set(schema.model_fields)


def test_the_answer_has_exactly_the_documented_keys(make_user: Callable[..., User]) -> None:
    """The operation writes its JSON directly (speed); this keeps it and the schema in step."""
    result = post(Client(), persona("maria"), **as_role(make_user, Role.COMENSHA)).json()
    assert set(result) == schema_keys(MatchResultOut)
    assert set(result["decision"]) == schema_keys(RoutingDecisionOut)
    assert set(result["next_step"]) == schema_keys(NextStepOut)
    assert set(result["category_status"][0]) == schema_keys(CategoryStatusOut)
    for place in result["places"]:
        assert set(place) == schema_keys(PlaceMatchOut)
        for reason in place["reasons"]:
            assert set(reason) == schema_keys(ReasonOut)
    MatchResultOut.model_validate(result)  # and every value has the documented type
