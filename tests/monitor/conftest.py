"""A small recorded world for the monitoring: cases signalled, referred, declined, placed, put
on a waiting list or placed ad hoc through the real services, at known moments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import time_machine

from tests.cases.conftest import ctx, facts, first_free_bed, people  # noqa: F401 - fixture
from veiligeplek.accounts.models import User
from veiligeplek.cases.models import Case, Referral
from veiligeplek.cases.services.intake import signal_pick_up, signal_submit
from veiligeplek.cases.services.placement import (
    placement_create,
    referral_accept,
    referral_create,
    referral_decline,
)
from veiligeplek.cases.services.waiting import ad_hoc_record, waiting_list_add
from veiligeplek.registry.models import PlaceGroup

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@dataclass
class World:
    cases: list[Case]
    placed: list[Case]
    ad_hoc: list[Case]
    waiting: list[Case]


def _at(day: float, hour: float = 0) -> dt.datetime:
    return START + dt.timedelta(days=day, hours=hour)


def build_world(people: dict[str, User]) -> World:  # noqa: F811 - the fixture's value
    police, comensha = people["police"], people["comensha"]
    world = World([], [], [], [])
    essm = PlaceGroup.objects.get(external_id="cosm-essm")
    for index in range(12):  # Marias: signalled, picked up, referred, accepted after `index` days
        with time_machine.travel(_at(index * 3), tick=False):
            case = signal_submit(
                ctx=ctx(police),
                facts_data=facts("maria"),
                urgency="normal",
                callback_name="Agent (test)",
                callback_phone="0900 0000 00",
            )
        with time_machine.travel(_at(index * 3, 2), tick=False):
            signal_pick_up(ctx=ctx(comensha), case=case)
        if index % 4 == 3:
            world.cases.append(case)
            continue  # stops after pick-up
        with time_machine.travel(_at(index * 4, 3), tick=False):  # a search of `index` days
            referral = referral_create(ctx=ctx(comensha), case=case, group=essm)
        if index % 4 == 2:
            with time_machine.travel(_at(index * 4, 4), tick=False):
                referral_decline(ctx=ctx(people["essm"]), referral=referral, reason="full")
            world.cases.append(case)
            continue
        with time_machine.travel(_at(index * 4, 4), tick=False):
            referral_accept(ctx=ctx(people["essm"]), referral=Referral.objects.get(pk=referral.pk))
        world.placed.append(case)
        world.cases.append(case)
    for index in range(3):  # Amir: criminal exploitation, a national gap, always ad hoc
        with time_machine.travel(_at(40 + index), tick=False):
            case = signal_submit(
                ctx=ctx(police),
                facts_data=facts("amir"),
                urgency="crisis",
                callback_name="Agent (test)",
                callback_phone="0900 0000 00",
            )
        with time_machine.travel(_at(40 + index, 6), tick=False):
            ad_hoc_record(
                ctx=ctx(people["amsterdam"]),
                case=case,
                kind="hotel",
                municipality="GM0772",
                reason="geen passende plek (test)",
            )
        world.ad_hoc.append(case)
        world.cases.append(case)
    for index in range(2):  # Sandra: waits for OMM
        with time_machine.travel(_at(50 + index), tick=False):
            case = signal_submit(
                ctx=ctx(police),
                facts_data=facts("sandra"),
                urgency="normal",
                callback_name="Agent (test)",
                callback_phone="0900 0000 00",
            )
            waiting_list_add(ctx=ctx(comensha), case=case, category="omm")
        world.waiting.append(case)
        world.cases.append(case)
    return world


@pytest.fixture
def world(people: dict[str, User]) -> Iterator[World]:  # noqa: F811
    yield build_world(people)


__all__ = ["World", "build_world", "first_free_bed", "placement_create"]
