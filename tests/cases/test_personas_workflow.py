"""The four people of the report, end to end through the services (the browser suite repeats
them through the pages)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from tests.cases.conftest import ctx, facts, fill
from veiligeplek.accounts.models import User
from veiligeplek.cases.access import case_in_scope
from veiligeplek.cases.models import AdHocPlacement, Case, Deadline, Notification, Outflow
from veiligeplek.cases.services.intake import signal_submit
from veiligeplek.cases.services.placement import placement_create, placement_end
from veiligeplek.cases.services.waiting import ad_hoc_record, waiting_list_add, waiting_proposal
from veiligeplek.cases.workflow import CaseStatus
from veiligeplek.registry.models import Place, PlaceGroup

pytestmark = pytest.mark.django_db
OMM = ["omm-ldh-ijsselland", "omm-fier", "omm-ctm", "omm-blijf"]


def submit(police: User, name: str, **changes: object) -> Case:
    return signal_submit(
        ctx=ctx(police),
        facts_data=facts(name, **changes),
        urgency="crisis",
        callback_name="Agent Jansen",
        callback_phone="0900 8844 00",
    )


def test_sandras_signal_goes_to_her_registration_regions_coordinator(
    people: dict[str, User], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # e-mail goes once committed
        case = submit(people["police"], "sandra")
    assert case.assigned_to == people["flevoland"]
    assert case.care_region_code == "VT03"
    assert case.placement_authority == "comensha"
    inbox = set(
        Notification.objects.filter(case=case).values_list("recipient__username", flat=True)
    )
    assert people["flevoland"].username in inbox
    assert people["comensha"].username in inbox  # OMM is CoMensha's
    assert people["amsterdam"].username not in inbox
    assert any(people["flevoland"].email in m.to for m in mail.outbox)
    assert all("Sandra" not in m.body for m in mail.outbox)
    assert case.deadlines.get(kind=Deadline.Kind.SIGNAL_PICKUP).done_at is None


def test_sandra_waits_for_omm_with_an_ad_hoc_place_and_is_proposed_first_when_one_frees(
    people: dict[str, User], django_capture_on_commit_callbacks: Any
) -> None:
    fill(*OMM)
    occupied = Place.objects.filter(group__external_id="omm-ctm").order_by("number")[0]
    occupied.status = Place.Status.FREE
    occupied.save()
    other = submit(people["police"], "sandra", registered_municipality="GM0363")
    placement = placement_create(ctx=ctx(people["comensha"]), case=other, place=occupied)

    sandra = submit(people["police"], "sandra")
    waiting_list_add(ctx=ctx(people["flevoland"]), case=sandra, category="omm")
    ad_hoc_record(
        ctx=ctx(people["flevoland"]),
        case=sandra,
        kind="hotel",
        municipality="GM0363",
        reason="OMM vol; verslaving sluit Wmo-plekken uit",
    )
    sandra.refresh_from_db()
    assert sandra.status == CaseStatus.WAITING
    assert waiting_proposal(categories=["omm"]) == []

    with django_capture_on_commit_callbacks(execute=True):  # the proposal follows the commit
        placement_end(ctx=ctx(people["ctm"]), placement=placement, outflow=Outflow.SECOND_PHASE)
    proposal = waiting_proposal(categories=["omm"])
    assert proposal[0].entry.case == sandra
    assert proposal[0].group.external_id == "omm-ctm"
    assert Notification.objects.filter(
        recipient=people["comensha"], case=sandra, message__contains="voorstel"
    ).exists()

    placement_create(ctx=ctx(people["comensha"]), case=sandra, group=proposal[0].group)
    sandra.refresh_from_db()
    assert sandra.status == CaseStatus.PLACED
    assert not sandra.waiting.filter(removed_at__isnull=True).exists()
    assert sandra.ad_hoc.get().ended_at is not None


def test_maria_is_placed_on_a_female_cosm_place_by_comensha_with_reminders_scheduled(
    people: dict[str, User],
) -> None:
    maria = submit(people["police"], "maria")
    assert maria.assigned_to == people["comensha"]
    assert maria.reflection_ends_on is not None
    placement = placement_create(
        ctx=ctx(people["comensha"]),
        case=maria,
        group=PlaceGroup.objects.get(external_id="cosm-ctm-v"),
    )
    assert placement.expected_end == maria.reflection_ends_on
    reminders = maria.deadlines.filter(kind=Deadline.Kind.REFLECTION_REMINDER)
    assert sorted(r.detail["days_before"] for r in reminders) == [2, 7, 14]
    assert all(r.due_at.date() < maria.reflection_ends_on for r in reminders)


def test_radek_goes_to_a_mens_place_when_the_nla_places_are_full(people: dict[str, User]) -> None:
    fill("nla-arosa", "nla-ctm")
    radek = submit(people["police"], "radek")
    assert radek.assigned_to == people["haaglanden"]
    assert Notification.objects.filter(recipient=people["nla"], case=radek).exists()
    placement = placement_create(
        ctx=ctx(people["haaglanden"]),
        case=radek,
        group=PlaceGroup.objects.get(external_id="man-debocht"),
    )
    assert placement.place.group.category == "mannenopvang"


def test_amir_is_a_national_gap_placed_ad_hoc_and_counted(people: dict[str, User]) -> None:
    amir = submit(people["police"], "amir")
    assert amir.national_gap
    assert amir.place_categories == []
    assert amir.assigned_to == people["oostbrabant"]
    ad_hoc_record(
        ctx=ctx(people["oostbrabant"]),
        case=amir,
        kind="other",
        municipality="GM0772",
        reason="geen passende opvang voor criminele uitbuiting; netwerk zoekt hem",
    )
    assert AdHocPlacement.objects.filter(case__national_gap=True).count() == 1
    assert case_in_scope(people["oostbrabant"], amir.number) == amir
