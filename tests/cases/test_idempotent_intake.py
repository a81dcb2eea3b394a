"""Idempotent intake (issue 17, point 1): the same ``Idempotency-Key`` with the same signal gives
the first answer and no second case; with another signal 422 naming the header; a key is the
user's own; keys are purged after ``IDEMPOTENCY_KEY_HOURS``. The signal form does the same with
its hidden token. (The race between two transactions: test_idempotency_race.py, PostgreSQL.)"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.cases.conftest import facts
from veiligeplek.accounts.models import ApiToken, User
from veiligeplek.accounts.roles import Role
from veiligeplek.cases.models import Case, IdempotencyKey, Signal

pytestmark = pytest.mark.django_db
KEY = "8e03978e-40d5-43e8-bc93-6894a57f9324"


def api(user: User) -> Client:
    key = ApiToken.new_key()
    ApiToken.objects.create(
        user=user,
        name="test",
        key_hash=ApiToken.hash(key),
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    return Client(headers={"Authorization": f"Bearer {key}"})


def signal(client: Client, key: str | None, *, phone: str = "06 1234 5678") -> Any:
    body = {
        "facts": facts("sandra"),
        "urgency": "crisis",
        "callback_name": "Agent",
        "callback_phone": phone,
    }
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(
        "/api/v1/cases", json.dumps(body), content_type="application/json", headers=headers
    )


def test_the_same_key_and_body_twice_gives_the_first_answer_and_one_case(
    people: dict[str, User],
) -> None:
    client = api(people["police"])
    first = signal(client, f'"{KEY}"')  # the draft's sf-string, quoted
    again = signal(client, KEY)  # the bare value is the same key
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Case.objects.count() == Signal.objects.count() == 1
    assert Case.objects.get().number == first.json()["number"]
    assert IdempotencyKey.objects.get().case == Case.objects.get()


def test_the_same_key_with_another_body_is_refused_naming_the_header(
    people: dict[str, User],
) -> None:
    client = api(people["police"])
    assert signal(client, KEY).status_code == 201
    other = signal(client, KEY, phone="06 8765 4321")
    assert other.status_code == 422
    assert other.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
    assert Case.objects.count() == 1


def test_without_a_key_every_post_is_a_new_case(people: dict[str, User]) -> None:
    client = api(people["police"])
    assert signal(client, None).status_code == signal(client, None).status_code == 201
    assert Case.objects.count() == 2
    assert not IdempotencyKey.objects.exists()


def test_a_key_is_the_users_own(people: dict[str, User]) -> None:
    """Another user with the same key gets a case of their own, never the first user's answer."""
    mine = signal(api(people["police"]), KEY).json()
    theirs = signal(api(people["comensha"]), KEY)
    assert theirs.status_code == 201
    assert theirs.json()["number"] != mine["number"]
    assert Case.objects.count() == 2


@pytest.mark.parametrize("key", ["", "met spatie", "x" * 256, "sleutel\u00e9"])
def test_a_malformed_key_is_refused_naming_the_header(people: dict[str, User], key: str) -> None:
    response = signal(api(people["police"]), key)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][:2] == ["header", "Idempotency-Key"]
    assert not Case.objects.exists()


def test_a_refused_signal_keeps_no_key_so_the_corrected_retry_works(
    people: dict[str, User],
) -> None:
    client = api(people["police"])
    assert signal(client, KEY, phone="12").status_code == 422
    assert not IdempotencyKey.objects.exists()
    assert signal(client, KEY).status_code == 201


def test_keys_are_kept_the_configured_hours_then_purged(
    people: dict[str, User], settings: Any
) -> None:
    settings.IDEMPOTENCY_KEY_HOURS = 24
    client = api(people["police"])
    signal(client, "oud")
    signal(client, "nieuw")
    IdempotencyKey.objects.filter(key="oud").update(
        created_at=timezone.now() - dt.timedelta(hours=24, minutes=1)
    )
    IdempotencyKey.objects.filter(key="nieuw").update(
        created_at=timezone.now() - dt.timedelta(hours=23, minutes=59)
    )
    out = io.StringIO()
    call_command("idempotency_purge", stdout=out)
    assert "1" in out.getvalue()
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["nieuw"]
    assert Case.objects.count() == 2  # the cases stay, only the keys go


def test_the_openapi_document_names_the_header_and_its_422(people: dict[str, User]) -> None:
    schema = api(people["police"]).get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/cases"]["post"]
    (header,) = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
    assert header["in"] == "header" and header["required"] is False
    assert re.fullmatch(header["schema"]["pattern"], KEY)
    assert "Idempotency-Key" in operation["responses"]["422"]["description"]


FORM = {
    "urgency": "crisis",
    "found_municipality": "GM0363",
    "exploitation": ["sexual"],
    "callback_name": "Agent",
    "callback_phone": "06 1234 5678",
    "safety_risk": "normal",
}


def form_token(client: Client) -> str:
    page = client.get(reverse("cases:signal_new")).content.decode()
    match = re.search(r'name="submission_token" value="([0-9a-f]{32})"', page)
    assert match, "the form carries a hidden token"
    return match.group(1)


def test_a_double_submitted_signal_form_gives_one_case_and_the_same_confirmation(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    client = client_for(Role.SIGNALLER, user=people["police"])
    token = form_token(client)
    first = client.post(reverse("cases:signal_new"), {**FORM, "submission_token": token})
    again = client.post(reverse("cases:signal_new"), {**FORM, "submission_token": token})
    case = Case.objects.get()
    assert first.status_code == again.status_code == 302
    assert (
        first["Location"] == again["Location"] == reverse("cases:signal_done", args=[case.number])
    )
    assert form_token(client) != token  # a fresh form, a fresh token: a new signal


def test_the_form_token_with_other_data_is_refused_and_saves_nothing(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    client = client_for(Role.SIGNALLER, user=people["police"])
    token = form_token(client)
    client.post(reverse("cases:signal_new"), {**FORM, "submission_token": token})
    other = client.post(
        reverse("cases:signal_new"), {**FORM, "note": "anders", "submission_token": token}
    )
    assert other.status_code == 200
    assert "al verzonden" in other.content.decode()
    assert Case.objects.count() == 1
