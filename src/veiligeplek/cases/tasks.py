"""Background work (django-tasks-db, run by ``veiligeplek db_worker``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.dispatch import receiver
from django.tasks import task

from veiligeplek.cases.services.common import deadline_scheduled
from veiligeplek.cases.services.deadlines import deadlines_process


@task()
def process_due_deadlines() -> int:
    """Wake-up: process every deadline that is due now. Idempotent; safe to run at any time."""
    return deadlines_process()


@receiver(deadline_scheduled, dispatch_uid="veiligeplek.cases.tasks.wake_up_at")
def wake_up_at(sender: Any, *, due_at: dt.datetime, **kwargs: Any) -> None:
    """Enqueue a wake-up for ``due_at`` (connected in ``CasesConfig.ready``)."""
    process_due_deadlines.using(run_after=due_at).enqueue()
