"""The published figures are stored per version of the data (ADR 0019): read back, they equal
what was computed; after a new event a young stored answer is given while the worker's keeper
(queued once) computes the next one, an older one is not given, and the keeper stores the
newest for what was read lately and queues itself again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.cases.conftest import ctx, facts
from tests.monitor.conftest import World
from veiligeplek.accounts.models import User
from veiligeplek.cases.services.intake import signal_submit
from veiligeplek.domain.periods import parse_period
from veiligeplek.monitor import statistics as statistics_module
from veiligeplek.monitor.models import FlowWatermark, StoredStatistics
from veiligeplek.monitor.scope import parse_scope
from veiligeplek.monitor.statistics import (
    KEEP_SECONDS,
    Statistics,
    gap_box,
    statistics_for,
    statistics_keep,
    statistics_warm,
    stored_statistics_refresh,
)

pytestmark = pytest.mark.django_db
YEAR = parse_period("2026")

TOTAL = ("cases_by_region_and_exploitation", "*", "*")


def protected() -> Statistics:
    return statistics_for(YEAR, parse_scope("national"), exact=False)


def exact() -> Statistics:
    """Exact (CoMensha's): the total of the small world is a count, never suppressed."""
    return statistics_for(YEAR, parse_scope("national"), exact=True)


def from_storage_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget the answers kept in this process, and fail if anything is counted again."""
    statistics_module._cache.clear()

    def no_count(*_: Any, **__: Any) -> Statistics:
        raise AssertionError("counted again instead of read from storage")

    monkeypatch.setattr(statistics_module, "_compute", no_count)


def a_new_signal(people: dict[str, User]) -> None:
    signal_submit(
        ctx=ctx(people["police"]),
        facts_data=facts("maria"),
        urgency="normal",
        callback_name="Agent (test)",
        callback_phone="0900 0000 00",
    )


def queued() -> list[DBTaskResult[Any, Any]]:
    """The keeper's runs waiting in the database queue, in the order they were queued."""
    return list(
        DBTaskResult.objects.filter(
            task_path=statistics_keep.module_path, status=TaskResultStatus.READY
        ).order_by("enqueued_at")
    )


@pytest.fixture(autouse=True)
def database_queue(settings: Any) -> None:
    """Tasks go to the database queue that ``db_worker`` reads, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_stored_answer_read_back_equals_the_computed_one(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed = protected()
    insider = statistics_for(YEAR, parse_scope("national"), exact=False, insider="VT01")
    mark = FlowWatermark.objects.get(id=1)
    stored = StoredStatistics.objects.get(insider="")
    assert (stored.version, stored.token) == (mark.version, mark.token)
    assert StoredStatistics.objects.count() == 2  # the insider's answer is another one
    from_storage_only(monkeypatch)
    again = protected()
    assert again.as_json() == computed.as_json()
    assert again == computed and again.current
    assert statistics_for(YEAR, parse_scope("national"), exact=False, insider="VT01") == insider
    assert computed.cell(*TOTAL) == len(world.cases)


def test_after_an_event_a_young_answer_is_given_and_the_worker_asked_once(
    world: World,
    people: dict[str, User],
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.STATISTICS_MAX_AGE_SECONDS = 300
    before = exact()
    a_new_signal(people)
    statistics_module._cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        stale = exact()
        assert exact() == stale  # a second reader before the worker ran: no second task
    assert not stale.current and stale.as_of == before.as_of
    assert stale.cell(*TOTAL) == len(world.cases)  # the stored figures, without the new case
    [now] = queued()  # one, though the first count and two readers woke the keeper
    assert DBTaskResult.objects.ready().filter(pk=now.pk).exists()  # to run at once
    now.delete()  # the worker takes it
    assert statistics_keep.call() == 1  # and runs it: one answer computed anew
    [later] = queued()  # then it queues itself again, for later
    assert not DBTaskResult.objects.ready().filter(pk=later.pk).exists()
    assert abs((later.run_after - timezone.now()).total_seconds() - KEEP_SECONDS) < 30
    statistics_module._cache.clear()
    newest = exact()
    assert newest.current and newest.as_of > before.as_of
    assert newest.cell(*TOTAL) == len(world.cases) + 1


def test_an_answer_older_than_the_limit_is_not_given(
    world: World, people: dict[str, User], settings: Any
) -> None:
    settings.STATISTICS_MAX_AGE_SECONDS = 300
    exact()
    StoredStatistics.objects.update(computed_at=timezone.now() - dt.timedelta(seconds=301))
    a_new_signal(people)
    statistics_module._cache.clear()
    newest = exact()
    assert newest.current and newest.cell(*TOTAL) == len(world.cases) + 1
    assert not queued()
    assert StoredStatistics.objects.get().computed_at == newest.as_of


def test_with_no_age_allowed_every_reader_gets_the_newest(
    world: World, people: dict[str, User], settings: Any
) -> None:
    settings.STATISTICS_MAX_AGE_SECONDS = 300
    exact()
    a_new_signal(people)
    newest = statistics_for(YEAR, parse_scope("national"), exact=True, max_age=0)
    assert newest.current and newest.cell(*TOTAL) == len(world.cases) + 1


def test_the_answer_says_when_its_figures_were_computed(world: World) -> None:
    """``as_of`` in the JSON of the API and the command line."""
    stats = exact()
    assert stats.as_json()["as_of"] == stats.as_of.isoformat()
    assert dt.datetime.fromisoformat(stats.as_json()["as_of"]) <= timezone.now()


def test_the_keeper_recomputes_only_what_was_read_lately_and_is_outdated(
    world: World, people: dict[str, User], settings: Any
) -> None:
    exact()
    protected()
    assert stored_statistics_refresh() == 0  # both are of the newest data
    a_new_signal(people)
    StoredStatistics.objects.filter(exact=False).update(
        read_at=timezone.now() - dt.timedelta(days=3)
    )
    assert stored_statistics_refresh() == 1  # the exact one; nobody read the other lately
    mark = FlowWatermark.objects.get(id=1)
    current = StoredStatistics.objects.get(exact=True)
    assert (current.version, current.token) == (mark.version, mark.token)
    settings.DISCLOSURE_THRESHOLD = 11
    assert stored_statistics_refresh() == 0
    assert not StoredStatistics.objects.exists()  # answers of another threshold are removed


def test_what_the_keeper_computes_does_not_wake_it_again(
    world: World,
    people: dict[str, User],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    """The worker commits each statement at once: what it stores must not queue another run
    (the keeper queues its own successor, for later)."""
    exact()
    a_new_signal(people)
    with django_capture_on_commit_callbacks(execute=True):
        assert stored_statistics_refresh() == 1
    assert not queued()


def test_the_keeper_queues_itself_once_and_removes_its_old_runs(world: World) -> None:
    statistics_keep.call()
    statistics_keep.call()  # a second run while the first's successor waits: no second one
    assert len(queued()) == 1
    old = statistics_keep.enqueue()
    DBTaskResult.objects.filter(id=old.id).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now() - dt.timedelta(hours=2)
    )
    statistics_keep.call()
    assert not DBTaskResult.objects.filter(id=old.id).exists()


def test_the_overview_box_shows_a_day_old_answer_rather_than_wait(
    world: World, people: dict[str, User], settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The overview (the 3 a.m. page) reads a stored answer up to ``OVERVIEW_MAX_AGE`` old
    after new events; the dashboard and the API keep ``STATISTICS_MAX_AGE_SECONDS``."""
    settings.STATISTICS_MAX_AGE_SECONDS = 300
    today = timezone.localdate()
    first = gap_box(today=today, exact=False)
    StoredStatistics.objects.update(computed_at=timezone.now() - dt.timedelta(hours=23))
    a_new_signal(people)
    from_storage_only(monkeypatch)
    assert gap_box(today=today, exact=False) == first  # read, not computed
    StoredStatistics.objects.update(computed_at=timezone.now() - dt.timedelta(hours=25))
    with pytest.raises(AssertionError, match="counted again"):
        gap_box(today=today, exact=False)


def test_the_warm_task_stores_the_answers_it_is_given(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [["2026", "national", False, "VT01"], ["2026", "VT01", True, ""]]
    assert statistics_warm.call(answers) == 2
    assert set(StoredStatistics.objects.values_list("scope", "exact", "insider")) == {
        ("national", False, "VT01"),
        ("VT01", True, ""),
    }
    from_storage_only(monkeypatch)
    statistics_for(YEAR, parse_scope("national"), exact=False, insider="VT01")
    statistics_for(YEAR, parse_scope("VT01"), exact=True)
