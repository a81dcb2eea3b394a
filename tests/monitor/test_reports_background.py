"""Reports asked for on the page are made by the worker with progress, downloaded with an audit
event; the quarterly report is due on the first working day after the quarter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client

from tests.monitor.conftest import World
from veiligeplek.accounts.roles import Role
from veiligeplek.audit.models import AuditEvent
from veiligeplek.domain.periods import parse_period
from veiligeplek.monitor import reports
from veiligeplek.monitor.models import ReportRun

pytestmark = pytest.mark.django_db


def test_a_policy_officer_asks_for_a_report_sees_progress_and_downloads_it(
    world: World, client_for: Callable[..., Client], django_capture_on_commit_callbacks: object
) -> None:
    client = client_for(Role.POLICY_OFFICER, region="VT01")
    response = client.post(
        "/monitor/rapportage/",
        {"period": "2026-Q1", "scope": "VT01", "file_format": "xlsx", "language": "nl"},
    )
    assert response.status_code == 302
    run = ReportRun.objects.get()
    assert run.exact is False and run.status == ReportRun.Status.QUEUED
    page = client.get(response["Location"]).content.decode()
    assert 'data-status="queued"' in page and "stap 0 van" in page
    assert client.get(f"/monitor/rapportage/{run.pk}/bestand/").status_code == 404
    reports.report_generate.call(run.pk)  # what the worker does
    run.refresh_from_db()
    assert run.status == ReportRun.Status.DONE and run.steps_done == run.steps_total
    before = AuditEvent.objects.filter(action="export", object_type="report").count()
    download = client.get(f"/monitor/rapportage/{run.pk}/bestand/")
    assert download.status_code == 200 and download.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="export", object_type="report").count() == before + 1
    other = client_for(Role.POLICY_OFFICER)
    assert other.get(f"/monitor/rapportage/{run.pk}/").status_code == 404


def test_a_report_for_a_region_she_may_not_see_is_refused(
    client_for: Callable[..., Client],
) -> None:
    client = client_for(Role.POLICY_OFFICER, region="VT09")
    page = client.post(
        "/monitor/rapportage/",
        {"period": "2026-Q1", "scope": "VT01", "file_format": "pdf", "language": "nl"},
    )
    assert page.status_code == 200 and not ReportRun.objects.exists()


@pytest.mark.parametrize(
    ("today", "period", "due"),
    [
        (dt.date(2026, 4, 1), "2026-Q1", dt.date(2026, 4, 1)),
        (dt.date(2027, 1, 4), "2026-Q4", dt.date(2027, 1, 4)),  # 1 Jan a holiday, 2-3 weekend
        (dt.date(2026, 7, 15), "2026-Q2", dt.date(2026, 7, 1)),
    ],
)
def test_the_quarterly_report_is_due_on_the_first_working_day_after_the_quarter(
    today: dt.date, period: str, due: dt.date
) -> None:
    last = reports.last_quarter(today)
    assert last == parse_period(period)
    assert reports.quarterly_due_on(last) == due


def test_the_scheduled_run_makes_each_quarterly_report_once(world: World) -> None:
    with time_machine.travel(dt.datetime(2026, 4, 1, 6, 0, tzinfo=dt.UTC), tick=False):
        assert reports.quarterly_reports.call() == 2
        assert reports.quarterly_reports.call() == 0
    runs = ReportRun.objects.filter(scheduled=True)
    assert {r.file_format for r in runs} == {"pdf", "xlsx"}
    assert all(r.status == ReportRun.Status.DONE and r.period == "2026-Q1" for r in runs)
