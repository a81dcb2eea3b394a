from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from veiligeplek.accounts.mfa import mfa_reset
from veiligeplek.accounts.models import User


class Command(BaseCommand):
    help = (
        "Ontkoppel de authenticator-app en herstelcodes van een gebruiker (telefoon kwijt). "
        "Alle sessies van de gebruiker eindigen; bij de volgende login koppelt hij opnieuw. "
        "Controleer eerst de identiteit van de aanvrager buiten Veilige Plek om."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Onbekende gebruiker: {options['username']}")
        mfa_reset(user)
        self.stdout.write(f"Tweede stap van {user.username} ontkoppeld; alle sessies beëindigd.")
