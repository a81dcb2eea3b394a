"""Background work (django-tasks-db, run by ``veiligeplek db_worker``)."""

from __future__ import annotations

from django.tasks import task


@task()
def process_due_deadlines() -> int:
    """Wake-up: process every deadline that is due now. Idempotent; safe to run at any time."""
    from veiligeplek.cases.services.deadlines import deadlines_process

    return deadlines_process()
