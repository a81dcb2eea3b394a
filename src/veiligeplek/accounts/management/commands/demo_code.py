from __future__ import annotations

import io
from typing import Any

import segno
from django.core.management.base import BaseCommand, CommandError, CommandParser

from veiligeplek.accounts.demo_mfa import demo_code, demo_totp_uri
from veiligeplek.demo import demo_totp_secret, logins_file


class Command(BaseCommand):
    help = (
        "Toon de huidige code van de tweede stap voor de fictieve demogebruikers "
        "(of met --qr een QR-code om het demogeheim in een authenticator-app te zetten)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--qr", action="store_true", help="QR-code in de terminal")

    def handle(self, *args: Any, **options: Any) -> None:
        secret = demo_totp_secret()
        if not secret:
            raise CommandError(f"Geen demogeheim in {logins_file()}: draai eerst load-demo.")
        if options["qr"]:
            picture = io.StringIO()
            segno.make(demo_totp_uri(secret), error="m").terminal(out=picture, compact=True)
            self.stdout.write(picture.getvalue())
            return
        code, remaining = demo_code(secret)
        self.stdout.write(f"{code}  (nog {remaining} s geldig)")
