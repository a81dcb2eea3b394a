"""Edges of the referral workflow: who keeps access after a stay, what happens to open
referrals once placed, beds that bookings own, escalation after acting, fixed deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.cases.conftest import ctx, facts
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.cases.access import case_in_scope, cases_visible_to, may_see_identity
from veiligeplek.cases.models import Case, Outflow, Placement, Referral
from veiligeplek.cases.services.common import ConflictError
from veiligeplek.cases.services.deadlines import deadlines_process
from veiligeplek.cases.services.intake import case_facts_correct, signal_submit
from veiligeplek.cases.services.placement import (
    placement_create,
    placement_end,
    referral_accept,
    referral_create,
    referral_decline,
)
from veiligeplek.cases.services.waiting import waiting_list_add
from veiligeplek.cases.workflow import CaseStatus
from veiligeplek.registry.models import Place, PlaceGroup
from veiligeplek.registry.services import RegistryError, place_set_status

pytestmark = pytest.mark.django_db


def group(external_id: str) -> PlaceGroup:
    return PlaceGroup.objects.get(external_id=external_id)


def signal(people: dict[str, User], name: str, **changes: object) -> Case:
    return signal_submit(
        ctx=ctx(people["police"]),
        facts_data=facts(name, **changes),
        urgency="normal",
        callback_name="Agent",
        callback_phone="06 1234 5678",
    )


def test_a_shelter_loses_sight_of_a_person_who_left_for_another_shelter(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    maria = signal(people, "maria")
    first = placement_create(ctx=ctx(people["comensha"]), case=maria, group=group("cosm-ctm-v"))
    assert may_see_identity(people["ctm"], maria)
    placement_end(ctx=ctx(people["ctm"]), placement=first, outflow=Outflow.TRANSFER)
    placement_create(ctx=ctx(people["comensha"]), case=maria, group=group("cosm-essm"))
    assert not cases_visible_to(people["ctm"]).filter(pk=maria.pk).exists()
    assert not may_see_identity(people["ctm"], maria)
    ctm = client_for(Role.SHELTER_STAFF, user=people["ctm"])
    assert (
        ctm.post(reverse("cases:outflow", args=[maria.number]), {"outflow": "other"}).status_code
        == 404
    )
    assert Placement.objects.filter(case=maria, ended_at__isnull=True).count() == 1


def test_placing_withdraws_the_cases_other_open_referrals(people: dict[str, User]) -> None:
    maria = signal(people, "maria")
    to_ctm = referral_create(ctx=ctx(people["comensha"]), case=maria, group=group("cosm-ctm-v"))
    to_essm = referral_create(ctx=ctx(people["comensha"]), case=maria, group=group("cosm-essm"))
    referral_accept(ctx=ctx(people["ctm"]), referral=to_ctm)
    to_essm.refresh_from_db()
    assert to_essm.status == Referral.Status.WITHDRAWN
    assert not to_essm.holds.filter(released_at__isnull=True).exists()
    assert not cases_visible_to(people["essm"]).filter(pk=maria.pk).exists()


def test_referring_twice_to_the_same_place_is_a_conflict_not_an_error(
    people: dict[str, User],
) -> None:
    maria = signal(people, "maria")
    referral_create(ctx=ctx(people["comensha"]), case=maria, group=group("cosm-ctm-v"))
    with pytest.raises(ConflictError):
        referral_create(ctx=ctx(people["comensha"]), case=maria, group=group("cosm-ctm-v"))


def test_a_decline_puts_a_waiting_case_back_on_the_waiting_list(people: dict[str, User]) -> None:
    sandra = signal(people, "sandra")
    waiting_list_add(ctx=ctx(people["flevoland"]), case=sandra, category="omm")
    referral = referral_create(ctx=ctx(people["comensha"]), case=sandra, group=group("omm-ctm"))
    referral_decline(ctx=ctx(people["ctm"]), referral=referral, reason="full")
    sandra.refresh_from_db()
    assert sandra.status == CaseStatus.WAITING


def test_an_expired_hold_cannot_be_accepted_even_before_the_sweep(people: dict[str, User]) -> None:
    maria = signal(people, "maria")
    referral = referral_create(ctx=ctx(people["comensha"]), case=maria, group=group("cosm-ctm-v"))
    later = timezone.now() + dt.timedelta(hours=5)
    with time_machine.travel(later, tick=False):
        with pytest.raises(ConflictError):
            referral_accept(ctx=ctx(people["ctm"]), referral=referral)
        assert not Placement.objects.filter(case=maria).exists()
        deadlines_process()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.EXPIRED
    maria.refresh_from_db()
    assert maria.status == CaseStatus.SEARCHING


def test_a_booked_bed_changes_only_through_its_booking(people: dict[str, User]) -> None:
    maria = signal(people, "maria")
    placed = placement_create(ctx=ctx(people["comensha"]), case=maria, group=group("cosm-ctm-v"))
    with pytest.raises(RegistryError) as error:
        place_set_status(acting_user=people["ctm"], place_id=placed.place_id, status="free")
    assert error.value.field == "status"
    other = signal(people, "maria")
    referral = referral_create(ctx=ctx(people["comensha"]), case=other, group=group("cosm-ctm-v"))
    held = referral.holds.get().place_id
    with pytest.raises(RegistryError):
        place_set_status(acting_user=people["ctm"], place_id=held, status="out_of_service")
    assert Place.objects.get(pk=placed.place_id).status == Place.Status.OCCUPIED


def test_acting_on_a_signal_counts_as_picking_it_up_so_it_does_not_escalate(
    people: dict[str, User],
) -> None:
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        radek = signal(people, "radek")
        placement_create(ctx=ctx(people["haaglanden"]), case=radek, group=group("man-debocht"))
    with time_machine.travel(now + dt.timedelta(minutes=30), tick=False):
        deadlines_process()
    radek.refresh_from_db()
    assert radek.signal.escalated_at is None
    assert radek.assigned_to == people["haaglanden"]
    assert radek.signal.picked_up_by == people["haaglanden"]


def test_the_reflection_period_keeps_its_end_date_on_later_days(people: dict[str, User]) -> None:
    start = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        maria = signal(people, "maria")
    assert maria.reflection_ends_on == dt.date(2027, 2, 26)
    with time_machine.travel(start + dt.timedelta(days=20), tick=False):
        corrected = case_facts_correct(
            ctx=ctx(people["comensha"]),
            case=maria,
            facts_data={**facts("maria"), "languages": ["es", "en"]},
        )
        assert case_in_scope(people["comensha"], maria.number) == maria
    assert corrected.reflection_ends_on == dt.date(2027, 2, 26)


def test_a_case_that_was_never_placed_can_be_closed_with_a_reason(people: dict[str, User]) -> None:
    from veiligeplek.cases.models import AdHocPlacement
    from veiligeplek.cases.services.closing import case_close
    from veiligeplek.cases.services.waiting import ad_hoc_record

    amir = signal(people, "amir")
    ad_hoc_record(
        ctx=ctx(people["oostbrabant"]),
        case=amir,
        kind="other",
        municipality="GM0772",
        reason="geen passende opvang",
    )
    case_close(ctx=ctx(people["oostbrabant"]), case=amir, reason="dropped_out")
    amir.refresh_from_db()
    assert amir.status == CaseStatus.CLOSED and amir.closed_at is not None
    assert AdHocPlacement.objects.get(case=amir).ended_at is not None
    assert amir.timeline.filter(kind="closed").get().detail == {"reason": "dropped_out"}
    with pytest.raises(ConflictError):
        case_close(ctx=ctx(people["oostbrabant"]), case=amir, reason="dropped_out")
