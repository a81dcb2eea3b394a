"""The national overview's "Tekorten" box reads the monitoring's protected national figures:
no count from 1 to 9 reaches a policy officer (or anyone: no role has every case of the
country); with exact access it would show what the monitoring counts exactly."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client

from tests.monitor.conftest import World
from veiligeplek.accounts.roles import Role
from veiligeplek.monitor.statistics import gap_box

pytestmark = pytest.mark.django_db
Login = Callable[..., Client]
LATER = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)  # the world's year, after its events


def _box(html: str) -> str:
    found = re.search(r'<section[^>]*data-testid="gaps".*?</section>', html, re.S)
    assert found, "no gaps box"
    return found.group(0)


@pytest.mark.parametrize(
    "role", [Role.POLICY_OFFICER, Role.REGIONAL_COORDINATOR, Role.SHELTER_STAFF]
)
def test_the_gaps_box_shows_no_small_count(world: World, client_for: Login, role: Role) -> None:
    extra = {"care_region_code": "VT13"} if role == Role.REGIONAL_COORDINATOR else {}
    client = client_for(role, **extra)
    with time_machine.travel(LATER, tick=False):
        response = client.get("/overzicht/")
    assert response.status_code == 200
    box = _box(response.content.decode())
    text = re.sub(r"<[^>]+>", " ", box)
    numbers = [int(n) for n in re.findall(r"\b\d+\b", text) if n != "2026"]
    assert not [n for n in numbers if 0 < n < 10], text
    # The world's 3 national gaps, 3 hotel stays and 3 declines ("vol") are small: suppressed.
    assert re.search(r'data-testid="national-gap-count">x<', box), box
    assert "Hotel x" in text and "Vol x" in text
    assert 'data-testid="gaps-protected"' in box


def test_exact_access_shows_the_monitorings_exact_counts(world: World) -> None:
    with time_machine.travel(LATER, tick=False):
        exact = gap_box(today=LATER.date(), exact=True)
        protected = gap_box(today=LATER.date(), exact=False)
    assert exact.national_gap_cases == 3
    assert dict(exact.ad_hoc_by_kind) == {"hotel": 3}
    assert dict(exact.declines_by_reason) == {"full": 3}
    assert protected.national_gap_cases is None
    assert dict(protected.ad_hoc_by_kind) == {"hotel": None}
