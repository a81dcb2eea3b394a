"""Every search by someone who places is recorded with what it showed, for the monitoring's
"how often was availability stale when a coordinator searched": counts and codes only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from tests.cases.conftest import ctx, facts
from tests.cases.test_search_page import search
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.cases.models import MatchSearch
from veiligeplek.cases.services import intake
from veiligeplek.registry.models import PlaceGroup

pytestmark = pytest.mark.django_db


def test_a_search_on_the_search_page_records_how_many_groups_were_stale(
    client_for: Callable[..., Client],
) -> None:
    now = timezone.now()
    PlaceGroup.objects.update(availability_updated_at=now)
    stale = ["cosm-essm", "cosm-ctm-v", "omm-fier"]  # two at one location, one elsewhere
    PlaceGroup.objects.filter(external_id__in=stale).update(
        availability_updated_at=now - dt.timedelta(days=3)
    )
    client = client_for(Role.COMENSHA)
    search(client, "maria")
    record = MatchSearch.objects.get()
    assert record.channel == MatchSearch.Channel.SEARCH_PAGE
    assert record.case is None and record.role == Role.COMENSHA
    assert record.groups == PlaceGroup.objects.count()
    assert record.stale_groups == 3 and record.stale_locations == 3
    assert record.stale_eligible_groups == 2  # Maria: the women's COSM places
    assert 0 < record.placeable_groups <= record.eligible_groups < record.groups
    assert not record.national_gap and not record.is_demo


def test_opening_an_open_case_records_a_search_for_placing_roles_only(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    case = intake.signal_submit(
        ctx=ctx(people["police"]),
        facts_data=facts("amir"),
        urgency="crisis",
        callback_name="Agent",
        callback_phone="0612345678",
    )
    client_for(Role.REGIONAL_COORDINATOR, user=people["oostbrabant"]).get(
        f"/casussen/{case.number}/"
    )
    record = MatchSearch.objects.get()
    assert record.channel == MatchSearch.Channel.CASE_PAGE and record.case == case
    assert record.care_region_code == case.care_region_code == "VT27"
    assert record.national_gap and record.eligible_groups == 0 and record.stale_groups == 0
