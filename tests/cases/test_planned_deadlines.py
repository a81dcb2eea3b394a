"""Planned deadlines on the case page: a deadline whose subject is settled (a hold accepted,
declined or withdrawn, a stay ended) leaves "Geplande termijnen" and stays in the timeline."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tests.cases.conftest import ctx, facts
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.cases.models import Case, Deadline, Outflow
from veiligeplek.cases.services.intake import signal_submit
from veiligeplek.cases.services.placement import (
    placement_create,
    placement_end,
    referral_accept,
    referral_create,
    referral_decline,
)
from veiligeplek.registry.models import PlaceGroup

pytestmark = pytest.mark.django_db


def submit(people: dict[str, User], name: str) -> Case:
    return signal_submit(
        ctx=ctx(people["police"]),
        facts_data=facts(name),
        urgency="normal",
        callback_name="Agent",
        callback_phone="06 1234 5678",
    )


def planned(client: Client, case: Case) -> list[str]:
    """The kinds listed under "Geplande termijnen" on the case page."""
    page = client.get(reverse("cases:detail", args=[case.number])).content.decode()
    if 'data-testid="deadlines"' not in page:
        return []
    section = page.split('data-testid="deadlines"', 1)[1].split("</section>", 1)[0]
    return [part.split('"', 1)[0] for part in section.split('data-kind="')[1:]]


def timeline(case: Case) -> list[str]:
    return list(case.timeline.values_list("kind", flat=True))


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_an_answered_hold_leaves_the_planned_deadlines_and_stays_in_the_timeline(
    people: dict[str, User], client_for: Callable[..., Client], answer: str
) -> None:
    maria = submit(people, "maria")
    referral = referral_create(
        ctx=ctx(people["comensha"]),
        case=maria,
        group=PlaceGroup.objects.get(external_id="cosm-ctm-v"),
    )
    comensha = client_for(Role.COMENSHA, user=people["comensha"])
    assert "hold_expiry" in planned(comensha, maria)
    if answer == "accept":
        referral_accept(ctx=ctx(people["ctm"]), referral=referral)
    else:
        referral_decline(ctx=ctx(people["ctm"]), referral=referral, reason="full")
    assert "hold_expiry" not in planned(comensha, maria)
    hold = maria.deadlines.get(kind=Deadline.Kind.HOLD_EXPIRY)
    assert hold.done_at is not None
    assert "referred" in timeline(maria)
    assert ("accepted" if answer == "accept" else "declined") in timeline(maria)
    assert "reflection_reminder" in planned(comensha, maria)  # what is still to come stays


def test_a_hold_withdrawn_by_a_placement_elsewhere_leaves_the_planned_deadlines(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    maria = submit(people, "maria")
    referral_create(
        ctx=ctx(people["comensha"]),
        case=maria,
        group=PlaceGroup.objects.get(external_id="cosm-essm"),
    )
    placement_create(
        ctx=ctx(people["comensha"]),
        case=maria,
        group=PlaceGroup.objects.get(external_id="cosm-ctm-v"),
    )
    comensha = client_for(Role.COMENSHA, user=people["comensha"])
    assert "hold_expiry" not in planned(comensha, maria)
    assert "withdrawn" in timeline(maria)


def test_an_ended_stay_leaves_its_maximum_stay_deadline_behind(people: dict[str, User]) -> None:
    sandra = submit(people, "sandra")
    group = PlaceGroup.objects.filter(max_stay_days__isnull=False, category="omm").first()
    assert group is not None
    stay = placement_create(ctx=ctx(people["comensha"]), case=sandra, group=group)
    assert sandra.deadlines.filter(kind=Deadline.Kind.MAX_STAY, done_at__isnull=True).exists()
    placement_end(ctx=ctx(people["comensha"]), placement=stay, outflow=Outflow.TRANSFER)
    assert not sandra.deadlines.filter(kind=Deadline.Kind.MAX_STAY, done_at__isnull=True).exists()
    assert "outflow" in timeline(sandra)
