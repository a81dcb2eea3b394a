"""Acceptance (security): unique strings planted in identity fields and a shelter's street
address never appear in any response, export, e-mail or log line for a role that may not see
them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.security.policy import MATRIX, PARAMETERS
from tests.security.test_access_matrix import URL_KWARG
from tests.security.world import World, build_world
from veiligeplek.accounts.roles import PLACING_ROLES, Role
from veiligeplek.cases.models import Case, CaseIdentity
from veiligeplek.registry.models import Location

NAME, BSN_NOTE, ADDRESS = "CANARY-NAAM-5T", "CANARY-NOTITIE-9K", "CANARY-ADRES-3W"


@pytest.fixture
def world(people: dict[str, Any]) -> World:
    world = build_world(people)
    for case in Case.objects.all():
        CaseIdentity.objects.update_or_create(
            case=case, defaults={"full_name": f"{NAME} {case.number}", "note": BSN_NOTE}
        )
    Location.objects.update(street_address=ADDRESS)
    return world


def may_see(role: Role, name: str, relation: str) -> set[str]:
    """Which canaries this page may show to this role (identity only on request, in scope)."""
    if name == "cases:identity" and role in PLACING_ROLES and relation == "own":
        return {NAME}
    return set()


@pytest.mark.slow
@pytest.mark.django_db
def test_no_canary_reaches_a_role_that_may_not_see_it(
    world: World, client_for: Callable[..., Client], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    leaks = []
    for row in (r for r in MATRIX if r.method == "GET"):
        for role in Role:
            client = client_for(role, user=world.users[role])
            for relation in (
                ("own", "other") if row.target not in PARAMETERS | {"none"} else ("own",)
            ):
                kwargs = {}
                if row.target != "none" and row.in_url:
                    kwargs[URL_KWARG[row.target]] = world.object_for(role, row.target, relation)
                with transaction.atomic():
                    body = client.get(reverse(row.name, kwargs=kwargs)).content.decode(
                        errors="replace"
                    )
                    transaction.set_rollback(True)
                for canary in {NAME, BSN_NOTE, ADDRESS} - may_see(role, row.name, relation):
                    if canary in body:
                        leaks.append(f"{row.name} {role.value}/{relation}: {canary}")
    assert leaks == []
    for message in mail.outbox:
        assert not {NAME, BSN_NOTE, ADDRESS} & set(message.body.split() + message.subject.split())
    assert not any(c in caplog.text for c in (NAME, BSN_NOTE, ADDRESS))
