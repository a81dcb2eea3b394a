from __future__ import annotations

from typing import Any

from django.utils import timezone

from veiligeplek.cases.management.commands._input import FactsCommand
from veiligeplek.cases.matching import match_json, match_routed


class Command(FactsCommand):
    help = (
        "Lees de feiten van een casus (JSON) uit FILE of - (stdin) en druk het routeringsbesluit "
        "en alle plekken in het register af, passend en vrij eerst, met de reden per weigering "
        "(JSON). Exit 2 met één regel op stderr bij ongeldige invoer."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        routed = self.routed(options["file"])
        # The command line has no user and therefore no role: never the 24/7 phone numbers.
        self.stdout.write(match_json(match_routed(routed, now=timezone.now())))
