"""Signal intake: routing, assignment to whoever is on duty, escalation, refusals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.cases.conftest import ctx, facts
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.audit.models import AuditEvent
from veiligeplek.cases.models import Case, CaseIdentity, Deadline, Notification, OnCallShift, Signal
from veiligeplek.cases.services.common import CaseError
from veiligeplek.cases.services.deadlines import deadlines_process
from veiligeplek.cases.services.intake import IdentityIn, signal_pick_up, signal_submit
from veiligeplek.domain.facts import InvalidFactsError

pytestmark = pytest.mark.django_db
NIGHT = dt.datetime(2026, 11, 28, 2, 10, tzinfo=dt.UTC)


def submit(user: User, **changes: object) -> Case:
    return signal_submit(
        ctx=ctx(user),
        facts_data=facts("sandra", **changes),
        urgency="crisis",
        callback_name="Agent",
        callback_phone="06 1234 5678",
    )


def test_a_signal_not_picked_up_escalates_to_comensha_after_15_minutes(
    people: dict[str, User],
) -> None:
    with time_machine.travel(NIGHT, tick=False):
        case = submit(people["police"])
    deadline = case.deadlines.get(kind=Deadline.Kind.SIGNAL_PICKUP)
    assert deadline.due_at == NIGHT + dt.timedelta(minutes=15)
    with time_machine.travel(NIGHT + dt.timedelta(minutes=14, seconds=59), tick=False):
        deadlines_process()
    assert Signal.objects.get(case=case).escalated_at is None
    with time_machine.travel(NIGHT + dt.timedelta(minutes=15), tick=False):
        assert deadlines_process() >= 1
    case.refresh_from_db()
    assert case.signal.escalated_at == NIGHT + dt.timedelta(minutes=15)
    assert case.assigned_to == people["comensha"]
    assert Notification.objects.filter(
        recipient=people["comensha"], message__startswith="Escalatie"
    ).exists()
    assert case.timeline.filter(kind="escalated").count() == 1
    deadlines_process()  # idempotent
    assert case.timeline.filter(kind="escalated").count() == 1


def test_a_signal_picked_up_in_time_does_not_escalate(people: dict[str, User]) -> None:
    with time_machine.travel(NIGHT, tick=False):
        case = submit(people["police"])
    with time_machine.travel(NIGHT + dt.timedelta(minutes=5), tick=False):
        signal_pick_up(ctx=ctx(people["flevoland"]), case=case)
    with time_machine.travel(NIGHT + dt.timedelta(hours=1), tick=False):
        deadlines_process()
    case.refresh_from_db()
    assert case.signal.escalated_at is None
    assert case.assigned_to == people["flevoland"]
    assert case.status == "assessing"


def test_with_nobody_on_duty_in_the_region_the_signal_goes_national_at_once(
    people: dict[str, User],
) -> None:
    OnCallShift.objects.filter(care_region_code="VT03").delete()
    case = submit(people["police"])
    assert case.signal.escalated_at is not None
    assert case.assigned_to == people["comensha"]


def test_identity_is_kept_apart_from_the_facts(people: dict[str, User]) -> None:
    case = signal_submit(
        ctx=ctx(people["police"]),
        facts_data=facts("maria"),
        urgency="normal",
        callback_name="Agent",
        callback_phone="06 1234 5678",
        identity=IdentityIn(full_name="CANARY-NAAM Fictief"),
    )
    assert CaseIdentity.objects.get(case=case).full_name == "CANARY-NAAM Fictief"
    assert "CANARY" not in str(case.facts)
    assert all("CANARY" not in n.message for n in Notification.objects.all())


@pytest.mark.parametrize(
    ("changes", "kwargs", "field"),
    [
        ({"found_municipality": "GM9999"}, {}, "found_municipality"),
        ({"age": 150}, {}, "age"),
        ({}, {"urgency": "later"}, "urgency"),
        ({}, {"callback_phone": "bel me"}, "callback_phone"),
        ({}, {"callback_name": " "}, "callback_name"),
        ({}, {"identity": IdentityIn(bsn="123456789")}, "bsn"),
        ({}, {"identity": IdentityIn(date_of_birth=dt.date(2099, 1, 1))}, "date_of_birth"),
    ],
)
def test_invalid_signals_are_refused_naming_the_field_and_save_nothing(
    people: dict[str, User], changes: dict[str, object], kwargs: dict[str, object], field: str
) -> None:
    before = (
        Case.objects.count(),
        Signal.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )
    arguments: dict[str, Any] = {
        "urgency": "crisis",
        "callback_name": "Agent",
        "callback_phone": "06 1234 5678",
    }
    with pytest.raises((CaseError, InvalidFactsError)) as error:  # both name the field
        signal_submit(
            ctx=ctx(people["police"]),
            facts_data=facts("sandra", **changes),
            **{**arguments, **kwargs},
        )
    assert getattr(error.value, "field", None) == field
    after = (
        Case.objects.count(),
        Signal.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )
    assert after == before


def test_the_signal_form_on_a_phone_refuses_bad_input_in_dutch(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    client = client_for(Role.SIGNALLER, user=people["police"])
    response = client.post(
        reverse("cases:signal_new"),
        {
            "urgency": "crisis",
            "found_municipality": "GM0363",
            "exploitation": ["sexual"],
            "callback_name": "Agent",
            "callback_phone": "onbekend",
            "safety_risk": "normal",
        },
    )
    assert response.status_code == 200
    assert "callback_phone" in response.context["form"].errors
    assert "telefoonnummer" in response.content.decode()
    assert Case.objects.count() == 0


def test_the_signaller_sees_status_not_the_case(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    client = client_for(Role.SIGNALLER, user=people["police"])
    response = client.post(
        reverse("cases:signal_new"),
        {
            "urgency": "crisis",
            "found_municipality": "GM0363",
            "exploitation": ["sexual"],
            "callback_name": "Agent",
            "callback_phone": "06 1234 5678",
            "safety_risk": "normal",
        },
    )
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:signal_done", args=[case.number])
    assert client.get(reverse("cases:signal_done", args=[case.number])).status_code == 200
    assert client.get(reverse("cases:detail", args=[case.number])).status_code == 404
    other = client_for(Role.SIGNALLER)
    assert other.get(reverse("cases:signal_done", args=[case.number])).status_code == 404
