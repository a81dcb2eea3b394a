"""Retention: identity and free texts go first, the case is anonymised later; no canary stays."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from tests.cases.conftest import ctx, facts
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.cases.models import Case, CaseIdentity, Outflow, RoutingRecord
from veiligeplek.cases.services.deadlines import deadlines_process
from veiligeplek.cases.services.intake import IdentityIn, signal_submit
from veiligeplek.cases.services.placement import placement_create, placement_end
from veiligeplek.cases.services.retention import retention_plan
from veiligeplek.registry.models import PlaceGroup

pytestmark = pytest.mark.django_db
CANARY = "CANARY-RETENTIE-7Q"
CLOSED = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def closed_case(people: dict[str, User]) -> Case:
    with time_machine.travel(CLOSED, tick=False):
        case = signal_submit(
            ctx=ctx(people["police"]),
            facts_data=facts("maria"),
            urgency="normal",
            callback_name=f"Agent {CANARY}",
            callback_phone="06 1234 5678",
            note=f"Gezien met {CANARY}",
            identity=IdentityIn(full_name=f"Naam {CANARY}", bsn="111222333"),
        )
        placement = placement_create(
            ctx=ctx(people["comensha"]),
            case=case,
            group=PlaceGroup.objects.get(external_id="cosm-essm"),
        )
        placement_end(
            ctx=ctx(people["comensha"]),
            placement=placement,
            outflow=Outflow.RETURN,
            note=f"Met {CANARY} naar huis",
        )
    case.refresh_from_db()
    assert case.closed_at == CLOSED
    return case


def canary_anywhere() -> list[str]:
    """Every text or JSON column of every model that still holds the canary."""
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            text = isinstance(field, models.CharField | models.TextField)
            if (
                (
                    text
                    and model._default_manager.filter(
                        **{f"{field.name}__contains": CANARY}
                    ).exists()
                )
                or isinstance(field, models.JSONField)
                and any(
                    CANARY in str(v)
                    for v in model._default_manager.values_list(field.name, flat=True)
                )
            ):
                found.append(f"{model._meta.label}.{field.name}")
    return found


def test_nothing_goes_before_the_identity_period_ends(closed_case: Case) -> None:
    with time_machine.travel(CLOSED + dt.timedelta(days=364), tick=False):
        assert retention_plan().identity == []
    assert CaseIdentity.objects.filter(case=closed_case).exists()


def test_identity_and_free_texts_go_after_a_year_and_the_dry_run_only_lists(
    closed_case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    with time_machine.travel(CLOSED + dt.timedelta(days=366), tick=False):
        call_command("retention", "--dry-run")
        assert closed_case.number in capsys.readouterr().out
        assert canary_anywhere()
        deadlines_process()
    assert canary_anywhere() == []
    assert not CaseIdentity.objects.filter(case=closed_case).exists()
    closed_case.refresh_from_db()
    assert closed_case.identity_removed_at is not None
    assert closed_case.facts["languages"] == ["es"]  # the facts stay until the case period ends


def test_after_five_years_the_case_keeps_only_what_the_figures_need(closed_case: Case) -> None:
    with time_machine.travel(CLOSED + dt.timedelta(days=5 * 365 + 1), tick=False):
        call_command("retention")
    closed_case.refresh_from_db()
    assert closed_case.anonymised_at is not None
    assert closed_case.facts == {
        "exploitation": ["sexual"],
        "gender": "female",
        "age_band": "28-37",
        "origin": None,
        "found_municipality": "GM0363",
        "anonymised": True,
    }
    record = RoutingRecord.objects.get(case=closed_case)
    assert "languages" not in record.facts
    assert set(record.decision) == {
        "track",
        "legal_basis",
        "placement_authority",
        "place_categories",
        "ruleset_version",
    }
    assert canary_anywhere() == []
    assert retention_plan().anonymise == []  # idempotent


def test_an_anonymised_case_page_shows_only_that_it_was_anonymised(
    closed_case: Case, people: dict[str, User], client_for: Any
) -> None:
    with time_machine.travel(CLOSED + dt.timedelta(days=5 * 365 + 1), tick=False):
        call_command("retention")
        client = client_for(Role.COMENSHA, user=people["comensha"])
        response = client.get(reverse("cases:detail", args=[closed_case.number]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="anonymised"' in html
    assert "Toon identiteit" not in html
