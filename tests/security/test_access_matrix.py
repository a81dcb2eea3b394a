"""Acceptance (security): every URL and API operation × every role × (own, other organisation,
missing) — no unexpected 2xx, and out of scope answers 404 exactly like missing; the test
fails when an endpoint exists without a row in the policy table (policy.py)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse, reverse_lazy

from tests.security.policy import EXEMPT, MATRIX, PARAMETERS, Row
from tests.security.world import World, build_world
from veiligeplek.accounts.roles import Role

RELATIONS = ("own", "other", "missing")
URL_KWARG = {
    "case": "number",
    "placed_case": "number",
    "signal": "number",
    "audit_case": "number",
    "bed": "place_id",
    "group": "group_id",
    "location": "location_id",
    "referral": "referral_id",
    "shift": "shift_id",
    "placement": "placement_id",
    "region": "code",
    "fmt": "fmt",
    "username": "username",
    "flagged_user": "user_id",
    "report_run": "run_id",
}


def url_names(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            )
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_endpoint_has_a_row_in_the_policy_table() -> None:
    names = set(url_names(get_resolver().url_patterns))
    covered = {row.name for row in MATRIX} | set(EXEMPT)
    assert names - covered == set(), "endpoints without an access rule"
    assert covered - names == set(), "rules for endpoints that no longer exist"


@pytest.fixture
def world(people: dict[str, Any]) -> World:
    return build_world(people)


def request(client: Client, row: Row, world: World, role: Role, relation: str) -> Response:
    kwargs = {}
    target = None
    if row.target != "none":
        target = world.object_for(role, row.target, relation)
        if row.in_url:
            kwargs[URL_KWARG[row.target]] = target
    url = reverse(row.name, kwargs=kwargs)
    data = {
        k: (world.group_pk if v == "@group" else target if v == "@case" else v)
        for k, v in row.data.items()
    }
    if row.method == "GET":
        return answered(client.get(url, {k: str(v) for k, v in data.items()}))
    if row.json:
        return answered(client.post(url, json.dumps(data), content_type="application/json"))
    return answered(client.post(url, data))


class Response(NamedTuple):
    status: int
    location: str  # where a redirect goes ("" for none)


def answered(response: Any) -> Response:
    return Response(int(response.status_code), str(response.get("Location", "")))


LOGIN_URL = reverse_lazy("accounts:login")
# A redirect to these means the request was not let in: never "access".
TURNED_AWAY = (LOGIN_URL, reverse_lazy("accounts:mfa_enrol"), reverse_lazy("accounts:mfa_verify"))


def failure(row: Row, role: Role, relation: str, response: Response) -> str | None:
    """What is wrong with the answer to ``role`` for ``relation``, or None."""
    expected = expectation(row, role, relation)
    status, location = response
    if expected == "404" and status != 404:
        return f"{role.value}/{relation}: {status}, expected 404"
    turned_away = status == 302 and location.startswith(tuple(map(str, TURNED_AWAY)))
    if expected == "ok" and (status in (401, 403, 404) or status >= 500 or turned_away):
        return f"{role.value}/{relation}: {status} {location}, expected access"
    return None


def check_row(row: Row, world: World, client_for: Callable[..., Client]) -> list[str]:
    failures = []
    for role in Role:
        client = client_for(role, user=world.users[role])
        for relation in relations(row):
            with transaction.atomic():
                response = request(client, row, world, role, relation)
                transaction.set_rollback(True)
            if (problem := failure(row, role, relation, response)) is not None:
                failures.append(problem)
    return failures


def relations(row: Row) -> tuple[str, ...]:
    return ("own",) if row.target == "none" or row.target in PARAMETERS else RELATIONS


def expectation(row: Row, role: Role, relation: str) -> str:
    if role not in row.allowed:
        return "404"
    if row.target == "none" or row.target in PARAMETERS:
        return "ok"
    if role in row.unscoped and relation != "missing":
        return "ok"
    return "ok" if relation == "own" else "404"


# A few rows of every kind (a page with a case, a form POST, an API read and write, an
# overview), run in the fast suite; the whole matrix runs in the slow one.
SAMPLE = (
    "cases:detail",
    "cases:refer",
    "registry:overview",
    "api-v1:case_get",
    "api-v1:referral_create",
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "row",
    [row for row in MATRIX if row.name in SAMPLE],
    ids=lambda row: f"{row.method} {row.name}",
)
def test_a_sample_of_the_matrix_follows_the_policy(
    row: Row, world: World, client_for: Callable[..., Client]
) -> None:
    assert check_row(row, world, client_for) == []


def test_the_sample_names_rows_of_the_matrix() -> None:
    assert {row.name for row in MATRIX} >= set(SAMPLE)


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("row", MATRIX, ids=lambda row: f"{row.method} {row.name}")
def test_access_follows_the_policy_for_every_role_and_relation(
    row: Row, world: World, client_for: Callable[..., Client]
) -> None:
    assert check_row(row, world, client_for) == []


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("row", MATRIX, ids=lambda row: f"{row.method} {row.name}")
def test_anonymous_visitors_get_the_login_page_or_401(row: Row, world: World) -> None:
    status, location = request(Client(), row, world, Role.REGIONAL_COORDINATOR, "own")
    if row.name.startswith("api-v1:"):
        assert status == 401
    else:
        assert status == 302
        assert location.startswith(f"{LOGIN_URL}?next=")
