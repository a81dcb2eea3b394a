"""The demo of `make run` (``load-demo``): the situations a newcomer should find."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from veiligeplek.cases.models import Referral
from veiligeplek.demo import (
    demo_availability_load,
    demo_cases_load,
    demo_roster_load,
    demo_users_load,
)
from veiligeplek.registry.models import Place, PlaceGroup

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    settings.DEMO_MODE = True
    demo_users_load()
    demo_availability_load()
    demo_roster_load()
    demo_cases_load()


def test_a_referral_waits_for_an_answer_at_the_demo_shelter_users_location(demo: None) -> None:
    waiting = Referral.objects.filter(
        status=Referral.Status.PENDING,
        group__location__organisation__users__username="demo-opvang-essm",
    )
    assert waiting.count() == 1
    referral = waiting.get()
    assert referral.referred_by.username == "demo-comensha"
    assert referral.holds.filter(released_at__isnull=True).count() == 1  # a bed is held for it
    assert referral.case.is_demo


def test_the_waiting_referral_finds_a_bed_even_when_the_demo_occupancy_took_them_all(
    settings: Any, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    settings.DEMO_MODE = True
    demo_users_load()
    demo_availability_load()
    PlaceGroup.objects.get(external_id="cosm-essm").places.update(status=Place.Status.OCCUPIED)
    demo_cases_load()
    assert Referral.objects.filter(
        status=Referral.Status.PENDING, group__external_id="cosm-essm"
    ).exists()
