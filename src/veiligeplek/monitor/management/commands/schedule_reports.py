"""``veiligeplek schedule-reports``: make the national quarterly report if it is due and not
made yet, and queue the next run (06:00 on the first working day after the next quarter). Run
it once when installing; every run queues the following one. Safe to repeat: a report is made
once per quarter and format (a unique constraint decides)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from veiligeplek.monitor.reports import quarterly_reports


class Command(BaseCommand):
    help = "Kwartaalrapportage maken als die klaar moet zijn, en de volgende inplannen."

    def handle(self, *args: Any, **options: Any) -> None:
        made = quarterly_reports.call()
        self.stdout.write(f"{made} kwartaalrapportage(s) gemaakt; de volgende is ingepland.")
