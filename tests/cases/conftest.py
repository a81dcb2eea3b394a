"""Fixtures for the referral workflow: a roster with someone on duty everywhere the four people
of the report need, fresh availability, and helpers to act as a given user."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.audit.services import AuditContext
from veiligeplek.cases.models import OnCallShift
from veiligeplek.registry.models import Place, PlaceGroup

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def facts(name: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    data.pop("identified_on", None)  # today, so that reminders are in the future
    return {**data, **changes}


def ctx(user: User) -> AuditContext:
    return AuditContext(user=user, client_address="127.0.0.1", purpose="test")


@pytest.fixture
def people(make_user: Callable[..., User]) -> dict[str, User]:
    """One user per party, each on duty (also at the frozen times the tests use)."""
    users = {
        "police": make_user(Role.SIGNALLER, organisation="Politie Amsterdam (test)"),
        "flevoland": make_user(
            Role.REGIONAL_COORDINATOR, region="VT03", email="flevo@test.invalid"
        ),
        "amsterdam": make_user(Role.REGIONAL_COORDINATOR, region="VT01", email="adam@test.invalid"),
        "haaglanden": make_user(Role.REGIONAL_COORDINATOR, region="VT09"),
        "oostbrabant": make_user(Role.REGIONAL_COORDINATOR, region="VT27"),
        "comensha": make_user(
            Role.COMENSHA, organisation="CoMensha (test)", email="cm@test.invalid"
        ),
        "nla": make_user(Role.NLA, organisation="NLA (test)"),
        "ctm": make_user(Role.SHELTER_STAFF, organisation="HVO Querido CTM"),
        "essm": make_user(Role.SHELTER_STAFF, organisation="Humanitas ESSM"),
        "bocht": make_user(Role.SHELTER_STAFF, organisation="De Bocht (Sterk Huis)"),
    }
    now = timezone.now()
    shifts = [
        ("flevoland", OnCallShift.Scope.REGION, "VT03"),
        ("amsterdam", OnCallShift.Scope.REGION, "VT01"),
        ("haaglanden", OnCallShift.Scope.REGION, "VT09"),
        ("oostbrabant", OnCallShift.Scope.REGION, "VT27"),
        ("comensha", OnCallShift.Scope.COMENSHA, ""),
        ("nla", OnCallShift.Scope.NLA, ""),
    ]
    for key, scope, region in shifts:
        OnCallShift.objects.create(
            scope=scope,
            care_region_code=region,
            user=users[key],
            starts_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),  # also covers frozen clocks
            ends_at=now + dt.timedelta(days=365),
        )
    PlaceGroup.objects.update(availability_updated_at=now)
    return users


def fill(*group_ids: str) -> None:
    """Mark every bed of these groups occupied (by people outside the test)."""
    Place.objects.filter(group__external_id__in=group_ids).update(status=Place.Status.OCCUPIED)


def first_free_bed(group_id: str) -> Place:
    return Place.objects.filter(group__external_id=group_id, status=Place.Status.FREE).order_by(
        "number"
    )[0]


from tests.audit_check import every_case_request_is_audited_once  # noqa: E402, F401
