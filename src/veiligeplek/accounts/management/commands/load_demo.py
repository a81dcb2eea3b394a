from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.demo import (
    demo_availability_load,
    demo_cases_load,
    demo_roster_load,
    demo_users_load,
    logins_file,
)
from veiligeplek.demo.history import DEFAULT_SEED, SIGNALS_PER_YEAR, demo_history_load
from veiligeplek.monitor.access import home_answers
from veiligeplek.monitor.statistics import statistics_warm


def _figures_queue(usernames: list[str]) -> None:
    """Queue the demo users' first figures for the worker (coordinators first: the overview),
    so that the first page after ``make run`` need not compute them (ADR 0010: a year is
    protected by quarter, which takes seconds with a long history)."""
    year = timezone.localdate().year
    users = User.objects.filter(username__in=usernames)
    answers: list[list[object]] = []
    for user in sorted(users, key=lambda u: (u.role != Role.REGIONAL_COORDINATOR, u.username)):
        answers += [a for a in home_answers(user, year) if a not in answers]
    plain = [str(year), "national", False, ""]  # the overview's box for every other role
    statistics_warm.enqueue([*answers, *([plain] if plain not in answers else [])])


def _non_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Laad fictieve demodata: één gebruiker per rol, beschikbaarheid, adressen, en met "
        "--history-years N een fictieve geschiedenis van N jaar casussen. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--history-years",
            type=_non_negative,
            default=0,
            metavar="N",
            help="maak een fictieve geschiedenis van N jaar (ca. 900 signalen per jaar) via de "
            "echte services; overgeslagen als er al een is (standaard 0: geen)",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"zaad van de geschiedenis: zelfde zaad, zelfde geschiedenis ({DEFAULT_SEED})",
        )
        parser.add_argument(
            "--history-per-year",
            type=_non_negative,
            default=SIGNALS_PER_YEAR,
            metavar="M",
            help=f"signalen per jaar in de geschiedenis (standaard {SIGNALS_PER_YEAR})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            # Demo accounts (an administrator among them) with a known password and a shared
            # second-factor secret must never appear in a real installation.
            raise CommandError(
                "load-demo laadt alleen in een demo-omgeving (DEMO_MODE=true); niets geladen",
                returncode=2,
            )
        users, _ = demo_users_load()
        history = self._history(options) if options["history_years"] else ""
        groups = demo_availability_load()
        shifts = demo_roster_load()
        cases = demo_cases_load()
        _figures_queue(users)
        self.stdout.write(
            f"{len(users)} demogebruikers; {groups} groepen plekken kregen fictieve bezetting; "
            f"{shifts} diensten in het rooster; {cases} fictieve casussen. {history}"
            f"Logins: {logins_file()}"
        )

    def _history(self, options: dict[str, Any]) -> str:
        try:
            summary = demo_history_load(
                years=options["history_years"],
                seed=options["seed"],
                per_year=options["history_per_year"],
            )
        except ValueError as error:  # no reference data or landscape yet: nothing was made
            raise CommandError(f"--history-years: {error}", returncode=2) from None
        if summary.skipped or summary.start is None or summary.end is None:
            return "Fictieve geschiedenis: al aanwezig, niet opnieuw gemaakt. "
        note = (
            " (eerder niet: daar gelden nog geen routeringsregels of zorgregio's)"
            if summary.clamped
            else ""
        )
        return (
            f"Fictieve geschiedenis: {summary.signals} signalen van "
            f"{summary.start:%Y-%m-%d} tot {summary.end:%Y-%m-%d}{note}. "
        )
