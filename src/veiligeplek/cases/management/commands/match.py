from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from veiligeplek.cases.management.commands._input import invalid, read_input
from veiligeplek.cases.matching import match_json, match_routed
from veiligeplek.cases.routing import decode_json, routing_decide
from veiligeplek.domain.facts import InvalidFactsError


class Command(BaseCommand):
    help = (
        "Lees de feiten van een casus (JSON) uit FILE of - (stdin) en druk het routeringsbesluit "
        "en alle plekken in het register af, passend en vrij eerst, met de reden per weigering "
        "(JSON). Exit 2 met één regel op stderr bij ongeldige invoer."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="pad naar een JSON-bestand, of - voor stdin")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            routed = routing_decide(
                decode_json(read_input(options["file"])), today=timezone.localdate()
            )
        except InvalidFactsError as exc:
            raise invalid(exc.field, exc.message) from exc
        # The command line has no user and therefore no role: never the 24/7 phone numbers.
        self.stdout.write(match_json(match_routed(routed, now=timezone.now())))
