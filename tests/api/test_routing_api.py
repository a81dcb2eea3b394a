"""``POST /api/v1/routing/decide``: the same operation over HTTP, with auth and 422s."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from veiligeplek.accounts.models import ApiToken, User
from veiligeplek.accounts.roles import Role

pytestmark = pytest.mark.django_db
URL = "/api/v1/routing/decide"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def bearer(user: User) -> dict[str, str]:
    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=user,
        name="test",
        key_hash=ApiToken.hash(key),
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    return {"Authorization": f"Bearer {key}"}


def post(client: Client, body: object, **headers: str) -> Any:
    return client.post(URL, json.dumps(body), content_type="application/json", headers=headers)


def persona(name: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    return data


def test_a_coordinator_with_a_token_gets_sandras_decision(make_user: Callable[..., User]) -> None:
    response = post(Client(), persona("sandra"), **bearer(make_user(Role.REGIONAL_COORDINATOR)))
    assert response.status_code == 200
    decision = response.json()
    assert decision["responsible_municipality"] == "GM0034"
    assert decision["place_categories"] == ["omm", "wmo"]
    assert decision["ruleset_version"] == "2025.1"


def test_without_credentials_the_answer_is_401() -> None:
    assert post(Client(), persona("maria")).status_code == 401


def test_an_expired_or_revoked_token_is_refused(make_user: Callable[..., User]) -> None:
    headers = bearer(make_user(Role.COMENSHA))
    ApiToken.objects.update(revoked_at=timezone.now())
    assert post(Client(), persona("maria"), **headers).status_code == 401


@pytest.mark.parametrize("role", [Role.SHELTER_STAFF, Role.POLICY_OFFICER, Role.ADMINISTRATOR])
def test_roles_that_do_not_route_get_404(make_user: Callable[..., User], role: Role) -> None:
    assert post(Client(), persona("maria"), **bearer(make_user(role))).status_code == 404


def test_the_browser_session_works_with_its_csrf_token(client_for: Callable[..., Client]) -> None:
    client = client_for(Role.NLA)
    response = post(client, persona("radek"))
    assert response.status_code == 200
    assert response.json()["placement_authority"] == "nla"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"found_municipality": "GM9999"}, "found_municipality"),
        ({"age": 130}, "age"),
        ({"age": -1}, "age"),
        ({"exploitation": ["begging"]}, "exploitation"),
        ({"identified_on": "28-11-2026"}, "identified_on"),
        ({"favourite_colour": "blue"}, "favourite_colour"),
        ({"registered_municipality": "Amsterdam"}, "registered_municipality"),
        ({"languages": ["xx"]}, "languages"),
    ],
)
def test_invalid_input_answers_422_naming_the_field(
    make_user: Callable[..., User], change: dict[str, object], field: str
) -> None:
    body = {**persona("maria"), **change}
    response = post(Client(), body, **bearer(make_user(Role.COMENSHA)))
    assert response.status_code == 422
    locations = [e["loc"] for e in response.json()["detail"]]
    assert any(field in [str(part).split("[")[0] for part in loc] for loc in locations), locations


def test_the_operation_is_in_the_openapi_document(make_user: Callable[..., User]) -> None:
    response = Client().get("/api/v1/openapi.json")
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    operation = schema["paths"][URL]["post"]
    assert "200" in operation["responses"]
    assert "CaseFactsIn" in json.dumps(operation)


def test_a_token_ends_when_its_user_ends_all_sessions(make_user: Callable[..., User]) -> None:
    user = make_user(Role.COMENSHA)
    headers = bearer(user)
    assert post(Client(), persona("maria"), **headers).status_code == 200
    User.objects.filter(pk=user.pk).update(
        session_epoch=user.session_epoch + 1
    )  # logout everywhere
    assert post(Client(), persona("maria"), **headers).status_code == 401
