from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from veiligeplek.demo import (
    demo_availability_load,
    demo_cases_load,
    demo_roster_load,
    demo_users_load,
    logins_file,
)


class Command(BaseCommand):
    help = "Laad fictieve demodata: één gebruiker per rol, beschikbaarheid, adressen. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            # Demo accounts (an administrator among them) with a known password and a shared
            # second-factor secret must never appear in a real installation.
            raise CommandError(
                "load-demo laadt alleen in een demo-omgeving (DEMO_MODE=true); niets geladen",
                returncode=2,
            )
        users, _ = demo_users_load()
        groups = demo_availability_load()
        shifts = demo_roster_load()
        cases = demo_cases_load()
        self.stdout.write(
            f"{len(users)} demogebruikers; {groups} groepen plekken kregen fictieve bezetting; "
            f"{shifts} diensten in het rooster; {cases} fictieve casussen. "
            f"Logins: {logins_file()}"
        )
