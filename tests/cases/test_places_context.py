"""The case page and the search page show the same "almost" places in the same order: the
match's own (nearest first, then by rank), from one builder (``cases/views/places.py``)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.cases.conftest import ctx, facts
from tests.cases.test_search_page import form_data
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.cases.matching import match_routed
from veiligeplek.cases.routing import routing_decide
from veiligeplek.cases.services.intake import signal_submit

pytestmark = pytest.mark.django_db


def almost_shown(html: str) -> list[str]:
    block = html.split('data-testid="almost"')[1].split("</ul>")[0]
    return re.findall(r'data-place="([^"]+)"', block)


def test_the_case_page_and_the_search_page_order_the_almost_places_alike(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    # Sandra at a high risk: her near misses (one contra-indication each) rank differently
    # from how near they are, so the two orders can be told apart.
    sandra = facts("sandra", safety_risk="high")
    result = match_routed(routing_decide(sandra, today=timezone.localdate()), now=timezone.now())
    expected = list(result.almost)
    by_rank = [m.place.id for m in result.places if m.place.id in result.almost]
    assert len(expected) >= 2 and by_rank != expected
    case = signal_submit(
        ctx=ctx(people["police"]),
        facts_data=sandra,
        urgency="crisis",
        callback_name="Agent",
        callback_phone="06 1234 5678",
    )
    coordinator = client_for(Role.REGIONAL_COORDINATOR, user=people["flevoland"])
    page = coordinator.get(reverse("cases:detail", args=[case.number]))
    assert page.status_code == 200
    searched = coordinator.post("/zoeken/", form_data("sandra") | {"safety_risk": "high"})
    assert searched.status_code == 200
    assert almost_shown(page.content.decode()) == expected
    assert almost_shown(searched.content.decode()) == expected
