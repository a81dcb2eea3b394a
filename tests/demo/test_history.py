"""The demo history: years of fictitious cases made through the real services.

The fast tests make a few days of history at a high rate (about 40 signals, so that beds run
out); the slow one a year at the report's rate, to check the mix.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from veiligeplek.accounts.models import User
from veiligeplek.audit.models import AuditEvent
from veiligeplek.cases.models import (
    AdHocPlacement,
    Case,
    CaseIdentity,
    MatchSearch,
    Notification,
    Placement,
    Referral,
    Signal,
    TimelineEvent,
    WaitingListEntry,
)
from veiligeplek.demo import mix
from veiligeplek.demo.cast import PREFIX
from veiligeplek.demo.history import (
    SIGNALS_PER_YEAR,
    HistorySummary,
    arrival_times,
    demo_history_load,
)
from veiligeplek.registry.models import AvailabilityChange, Place

pytestmark = pytest.mark.django_db

DAYS, RATE = 5, 3000  # signals a year: ~40 in five days


@pytest.fixture
def history() -> HistorySummary:
    return demo_history_load(years=0, days=DAYS, per_year=RATE)


def figure_counts() -> dict[str, Any]:
    """What the monitoring counts, one number per figure family."""
    referrals = Referral.objects.all()
    return {
        "cases": Case.objects.count(),
        "picked_up": Signal.objects.filter(picked_up_at__isnull=False).count(),
        "escalated": Signal.objects.filter(escalated_at__isnull=False).count(),
        "timeline": Counter(TimelineEvent.objects.values_list("kind", flat=True)),
        "referrals": Counter(referrals.values_list("status", "decline_reason")),
        "placements": Placement.objects.count(),
        "outflow": Counter(Placement.objects.values_list("outflow", flat=True)),
        "waiting": Counter(WaitingListEntry.objects.values_list("category", flat=True)),
        "ad_hoc": Counter(AdHocPlacement.objects.values_list("kind", flat=True)),
        "searches": MatchSearch.objects.count(),
        "stale_searches": MatchSearch.objects.filter(stale_groups__gt=0).count(),
        "bed_changes": AvailabilityChange.objects.count(),
    }


def counts_of_a_history(seed: int, end: dt.datetime) -> dict[str, Any]:
    with transaction.atomic():
        demo_history_load(years=0, days=DAYS, per_year=RATE, seed=seed, end=end)
        counts = figure_counts()
        transaction.set_rollback(True)
    return counts


def test_the_same_seed_gives_the_same_history_in_time_order_and_a_second_run_keeps_it() -> None:
    end = timezone.now().replace(second=0, microsecond=0)  # the same period twice
    first = counts_of_a_history(7, end)  # made and rolled back
    summary = demo_history_load(years=0, days=DAYS, per_year=RATE, seed=7, end=end)
    assert first["cases"] > 30
    assert figure_counts() == first
    assert summary.start is not None and summary.end is not None
    inside = Q(at__gte=summary.start, at__lt=summary.end)
    assert TimelineEvent.objects.exclude(inside).count() == 0
    assert MatchSearch.objects.exclude(inside).count() == 0
    assert AuditEvent.objects.exclude(inside).count() == 0
    assert not Notification.objects.exclude(created_at__gte=summary.start).exists()
    times = list(AuditEvent.objects.order_by("sequence").values_list("at", flat=True))
    assert times == sorted(times)  # the hash chain's order is the order in time
    cases, events = Case.objects.count(), AuditEvent.objects.count()
    assert demo_history_load(years=0, days=DAYS, per_year=RATE, seed=7).skipped
    assert (Case.objects.count(), AuditEvent.objects.count()) == (cases, events)


def test_another_seed_draws_other_people() -> None:
    import random

    geography = mix.Geography(randstad=["GM0394"], elsewhere=["GM0014"])
    draws = [
        [mix.draw_profile(random.Random(seed), geography) for _ in range(20)] for seed in (7, 7, 8)
    ]
    assert draws[0] == draws[1] != draws[2]


def test_the_history_is_fictitious_labelled_and_shows_the_reports_gaps(
    history: HistorySummary,
) -> None:
    # Labelled as the other demo data, no real-looking personal data.
    assert Case.objects.filter(is_demo=False).count() == 0
    assert not Case.objects.exclude(created_by__username__startswith=PREFIX).exists()
    actors = User.objects.filter(username__startswith=PREFIX)
    assert actors.exists() and all(u.is_demo and not u.has_usable_password() for u in actors)
    assert not actors.exclude(email="").exists()
    assert not MatchSearch.objects.filter(is_demo=False).exists()
    identities = CaseIdentity.objects.all()
    assert identities.count() == Case.objects.count()
    assert all(i.full_name.startswith("Fictief persoon H-") for i in identities)
    assert not identities.exclude(bsn="", v_number="", date_of_birth=None).exists()
    assert all("fictief" in s.callback_name for s in Signal.objects.all())
    assert Notification.objects.exists()
    assert not Notification.objects.filter(read_at__isnull=True).exists()  # the past is read
    # Criminal exploitation: a national gap, ad hoc, never placed.
    criminal = Case.objects.filter(
        pk__in=[c.pk for c in Case.objects.all() if "criminal" in c.facts["exploitation"]]
    )
    assert criminal.count() >= 3
    assert not criminal.filter(national_gap=False).exists()
    gone_ad_hoc = criminal.filter(ad_hoc__isnull=False).distinct().count()
    assert gone_ad_hoc >= criminal.count() - 2  # the last few may not have been searched yet
    assert not Placement.objects.filter(case__in=criminal).exists()
    # Beds taken by stays only (bookings own their beds), searches that saw stale availability.
    assert Placement.objects.count() > 10
    occupied = Place.objects.filter(status=Place.Status.OCCUPIED).count()
    assert occupied == Placement.objects.filter(ended_at__isnull=True).count()
    assert MatchSearch.objects.filter(stale_groups__gt=0).exists()
    assert Referral.objects.filter(status="declined").exists()
    # (Waiting lists need beds to run out first: the year of the slow test below.)


def test_about_nine_hundred_signals_a_year_arrive() -> None:
    import random

    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    times = arrival_times(random.Random(1), start, start + dt.timedelta(days=365), SIGNALS_PER_YEAR)
    assert 868 <= len(times) <= 910
    assert times == sorted(times) and start <= times[0] and times[-1] < start + dt.timedelta(365)
    assert round(SIGNALS_PER_YEAR * (1 - mix.NOT_A_VICTIM_SHARE)) == mix.REGISTERED_PER_YEAR


def test_load_demo_passes_the_history_options_and_refuses_negative_years(settings: Any) -> None:
    settings.DEMO_MODE = True
    with pytest.raises(Exception, match="history-years"):
        call_command("load_demo", "--history-years", "-1", stdout=io.StringIO())


@pytest.mark.slow
def test_a_year_of_history_has_the_reports_mix() -> None:
    summary = demo_history_load(years=1)
    assert summary.start is not None
    registered = Case.objects.exclude(timeline__detail__reason="not_a_victim")
    assert 840 <= registered.count() <= 900
    assert 868 <= Case.objects.count() <= 930
    facts = [c.facts for c in Case.objects.all()]
    forms = Counter(f["exploitation"][0] for f in facts)
    assert 0.35 < forms["sexual"] / len(facts) < 0.5 and forms["criminal"] > 100
    assert 0.05 < sum(f["age"] < 18 for f in facts) / len(facts) < 0.14
    assert Counter(f["nationality"] is None for f in facts)[True] > 30
    randstad = {"GM0363", "GM0599", "GM0518", "GM0344"}
    assert sum(f["found_municipality"] in randstad for f in facts) / len(facts) > 0.35
    assert WaitingListEntry.objects.filter(category="omm").count() > 20
    assert (
        Referral.objects.filter(status="declined").values("decline_reason").distinct().count() == 5
    )
    assert Signal.objects.filter(escalated_at__isnull=False).count() > 50
    assert Case.objects.filter(
        timeline__kind="closed", timeline__detail__reason="dropped_out"
    ).exists()
    assert Placement.objects.filter(outflow="second_phase").count() > 30
    assert nla_was_full()


def nla_was_full() -> bool:
    """At the start of some NLA stay, every NLA bed was taken by a stay."""
    beds = Place.objects.filter(group__category="nla").count()
    stays = list(
        Placement.objects.filter(place__group__category="nla").values_list("started_at", "ended_at")
    )
    return any(
        sum(s <= start and (e is None or e > start) for s, e in stays) == beds for start, _ in stays
    )


def test_victims_who_file_a_report_are_handed_over_to_the_region_and_the_funnel_counts_it() -> None:
    from veiligeplek.monitor.models import CaseFlow
    from veiligeplek.monitor.services import case_flows_refresh

    end = dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)  # a fixed period: the same draws
    demo_history_load(years=0, days=21, per_year=900, seed=11, end=end)
    handovers = TimelineEvent.objects.filter(kind="handed_over").select_related("case")
    assert handovers.exists()
    for event in handovers:
        # Through the real services: the corrected facts (a report filed, so a B8 permit)
        # moved the case to the municipal track, and the region's coordinators hold it now.
        assert event.detail["rule"] in ("R-HANDOVER-TRACK", "R-HANDOVER-PLACEMENT")
        assert event.detail["to_authority"] == "regional_coordinator"
        assert event.case.track == "municipal"
    track_changes = [e for e in handovers if e.detail["rule"] == "R-HANDOVER-TRACK"]
    assert track_changes and all(e.case.facts["report_filed"] for e in track_changes)
    assert all(e.detail["from_authority"] == "comensha" for e in track_changes)
    case_flows_refresh(full=True)
    assert CaseFlow.objects.filter(handovers__gt=0).count() == handovers.count()


def test_load_demo_queues_its_users_first_figures_coordinators_first(settings: Any) -> None:
    """A year is protected by quarter, which takes seconds with a long history (ADR 0010):
    ``load-demo`` queues what the demo users' first pages read, so that ``make run``'s
    worker computes it before they ask."""
    from django_tasks_db.models import DBTaskResult

    from veiligeplek.accounts.roles import Role
    from veiligeplek.demo import DEMO_USERS
    from veiligeplek.monitor.statistics import statistics_warm

    settings.DEMO_MODE = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("load_demo", stdout=io.StringIO())
    [run] = DBTaskResult.objects.filter(task_path=statistics_warm.module_path)
    answers = run.args_kwargs["args"][0]
    year = str(timezone.localdate().year)
    regions = set(
        User.objects.filter(
            username__in=[u.username for u in DEMO_USERS], role=Role.REGIONAL_COORDINATOR
        ).values_list("care_region_code", flat=True)
    )
    assert regions
    head = answers[: 2 * len(regions)]  # the coordinators' first: the overview at 3 a.m.
    assert {(a[1], a[3]) for a in head if a[1] == "national"} == {("national", r) for r in regions}
    assert {(a[1], a[2]) for a in head if a[1] != "national"} == {(r, True) for r in regions}
    assert [year, "national", False, ""] in answers
    assert len({tuple(a) for a in answers}) == len(answers)
    assert all(a[0] == year for a in answers)
