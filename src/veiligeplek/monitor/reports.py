"""Reports made in the background: asked for on the page (or scheduled for every quarter),
made by the worker (``veiligeplek db_worker``) with progress in steps, downloaded with an audit
event. Aggregate-only roles always get the disclosure control; exact figures only where the role
has access to every case behind them (``monitor.access.sees_exact``)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.tasks import TaskResultStatus, task
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from veiligeplek.accounts.models import User
from veiligeplek.audit.models import Action
from veiligeplek.audit.services import AuditContext, audit_record
from veiligeplek.domain.deadlines import next_working_day
from veiligeplek.domain.periods import Period, parse_period, quarter
from veiligeplek.monitor.access import PERIOD_REFUSED, may_see, period_allowed, sees_exact
from veiligeplek.monitor.models import ReportRun
from veiligeplek.monitor.report import build_report
from veiligeplek.monitor.report_files import report_pdf, report_xlsx
from veiligeplek.monitor.scope import parse_scope

log = logging.getLogger(__name__)
FORMATS = {"pdf": report_pdf, "xlsx": report_xlsx}
SCOPE_REFUSED = "dit gebied kunt u niet kiezen"
BUILD_STEPS = 5  # build_report's own steps; then rendering and storing


class ReportRefusedError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def report_request(
    *, user: User, period: str, scope: str, file_format: str, language: str = "nl"
) -> ReportRun:
    """Queue a report for ``user``; refused naming the field."""
    try:
        parsed = parse_period(period)
    except ValueError as error:
        raise ReportRefusedError("period", str(error)) from error
    try:
        chosen = parse_scope(scope)
    except ValueError as error:
        raise ReportRefusedError("scope", str(error)) from error
    if not may_see(user, chosen):
        raise ReportRefusedError("scope", SCOPE_REFUSED)
    if not period_allowed(parsed, exact=sees_exact(user, chosen)):
        raise ReportRefusedError("period", PERIOD_REFUSED)
    if file_format not in FORMATS:
        raise ReportRefusedError("format", "kies pdf of xlsx")
    if language not in {"nl", "en"}:
        raise ReportRefusedError("language", "kies nl of en")
    run = ReportRun.objects.create(
        requested_by=user,
        period=period.strip(),
        scope=chosen.code,
        file_format=file_format,
        language=language,
        exact=sees_exact(user, chosen),
        created_at=timezone.now(),
    )
    _enqueue(run)
    return run


def _enqueue(run: ReportRun) -> None:
    try:
        transaction.on_commit(lambda: report_generate.enqueue(run.pk))
    except Exception:  # the queue is a database table; a failure must not lose the request
        log.exception("could not enqueue report %s", run.pk)


@task()
def report_generate(run_id: int) -> str:
    """Make one report; idempotent (a finished report is left as it is)."""
    run = ReportRun.objects.get(pk=run_id)
    if run.status == ReportRun.Status.DONE:
        return run.status
    ReportRun.objects.filter(pk=run_id).update(status=ReportRun.Status.RUNNING, steps_done=0)

    def progress(done: int, total: int) -> None:
        ReportRun.objects.filter(pk=run_id).update(steps_done=done, steps_total=total + 2)

    try:
        with translation.override(run.language):
            report = build_report(
                parse_period(run.period),
                parse_scope(run.scope),
                exact=run.exact,
                progress=progress,
            )
            content = FORMATS[run.file_format](report)
        progress(BUILD_STEPS + 1, BUILD_STEPS)
        ReportRun.objects.filter(pk=run_id).update(
            status=ReportRun.Status.DONE,
            content=content,
            steps_done=BUILD_STEPS + 2,
            steps_total=BUILD_STEPS + 2,
            finished_at=timezone.now(),
        )
    except Exception as error:
        log.exception("report %s failed", run_id)
        ReportRun.objects.filter(pk=run_id).update(
            status=ReportRun.Status.FAILED,
            error=type(error).__name__[:200],
            finished_at=timezone.now(),
        )
    return str(ReportRun.objects.get(pk=run_id).status)


def visible_run(user: User, run_id: int) -> ReportRun | None:
    """Her own reports, and the scheduled national ones (aggregate, protected); an exact
    report only while she still has access to every case behind it. None otherwise (the page
    and the API answer 404, as for a report that does not exist)."""
    run = ReportRun.objects.filter(pk=run_id).defer("content").first()
    if run is None or not (run.requested_by_id == user.pk or (run.scheduled and not run.exact)):
        return None
    scope = parse_scope(run.scope)
    if not may_see(user, scope) or (run.exact and not sees_exact(user, scope)):
        return None
    return run


def visible_runs(user: User) -> list[ReportRun]:
    """Her own ten latest reports and the eight latest scheduled ones she may see."""
    own = ReportRun.objects.filter(requested_by=user).defer("content")[:10]
    scheduled = ReportRun.objects.filter(scheduled=True, exact=False).defer("content")[:8]
    return [r for r in (*own, *scheduled) if visible_run(user, r.pk) is not None]


def report_download(*, ctx: AuditContext, run: ReportRun) -> bytes:
    """The finished file, with an audit event (who took which report away, and when)."""
    with transaction.atomic():
        audit_record(
            ctx,
            action=Action.EXPORT,
            object_type="report",
            object_pseudonym=f"rapport-{run.pk}",
            section=f"{run.period} {run.scope}",
            purpose=f"rapportage {run.file_format}",
        )
    content = ReportRun.objects.filter(pk=run.pk).values_list("content", flat=True).first()
    return bytes(content or b"")


# --- The quarterly report: on the first working day after each quarter ---


def last_quarter(today: dt.date) -> Period:
    q = (today.month - 1) // 3  # the quarter that ended before this one began
    return quarter(today.year - 1, 4) if q == 0 else quarter(today.year, q)


def quarterly_due_on(period: Period) -> dt.date:
    """The first working day after the quarter (Dutch public holidays respected)."""
    return next_working_day(period.end + dt.timedelta(days=1))


@task()
def quarterly_reports() -> int:
    """Make the national quarterly report once it is due, then schedule the next run."""
    today = timezone.localdate()
    period = last_quarter(today)
    made = 0
    if today >= quarterly_due_on(period):
        for file_format in FORMATS:
            try:
                with transaction.atomic():
                    run = ReportRun.objects.create(
                        period=period.label,
                        scope="national",
                        file_format=file_format,
                        scheduled=True,
                        created_at=timezone.now(),
                    )
            except IntegrityError:
                continue  # already made (the unique constraint, not a read, decides)
            report_generate.call(run.pk)
            made += 1
    schedule_next_quarterly(today)
    return made


def schedule_next_quarterly(today: dt.date) -> dt.datetime:
    """Enqueue the next quarterly run at 06:00 on the next due day, unless one is queued."""
    upcoming = quarter(today.year, (today.month - 1) // 3 + 1)
    due = quarterly_due_on(upcoming)
    when = dt.datetime.combine(due, dt.time(6, 0), tzinfo=timezone.get_default_timezone())
    queued = DBTaskResult.objects.filter(
        task_path=quarterly_reports.module_path, status=TaskResultStatus.READY
    )
    if not queued.exists():
        quarterly_reports.using(run_after=when).enqueue()
    return when
