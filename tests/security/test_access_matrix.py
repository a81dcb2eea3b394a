"""Acceptance (security): every URL and API operation × every role × (own, other organisation,
missing) — no unexpected 2xx, and out of scope answers 404 exactly like missing; the test
fails when an endpoint exists without a row in the policy table (policy.py)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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


def request(client: Client, row: Row, world: World, role: Role, relation: str) -> int:
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
        return int(client.get(url, {k: str(v) for k, v in data.items()}).status_code)
    if row.json:
        return int(client.post(url, json.dumps(data), content_type="application/json").status_code)
    return int(client.post(url, data).status_code)


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


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("row", MATRIX, ids=lambda row: f"{row.method} {row.name}")
def test_access_follows_the_policy_for_every_role_and_relation(
    row: Row, world: World, client_for: Callable[..., Client]
) -> None:
    failures = []
    for role in Role:
        client = client_for(role, user=world.users[role])
        for relation in relations(row):
            with transaction.atomic():
                status = request(client, row, world, role, relation)
                transaction.set_rollback(True)
            expected = expectation(row, role, relation)
            if expected == "404" and status != 404:
                failures.append(f"{role.value}/{relation}: {status}, expected 404")
            if expected == "ok" and (status in (401, 403, 404) or status >= 500):
                failures.append(f"{role.value}/{relation}: {status}, expected access")
    assert failures == []


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("row", MATRIX, ids=lambda row: f"{row.method} {row.name}")
def test_anonymous_visitors_get_the_login_page_or_401(row: Row, world: World) -> None:
    status = request(Client(), row, world, Role.REGIONAL_COORDINATOR, "own")
    assert status == (401 if row.name.startswith("api-v1:") else 302)
