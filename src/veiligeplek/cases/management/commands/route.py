from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from veiligeplek.cases.management.commands._input import invalid, read_input
from veiligeplek.cases.routing import decision_json, decode_json, routing_decide
from veiligeplek.domain.facts import InvalidFactsError


class Command(BaseCommand):
    help = (
        "Lees de feiten van een casus (JSON) uit FILE of - (stdin) en druk het routeringsbesluit "
        "af als JSON. Exit 2 met één regel op stderr bij ongeldige invoer."
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
        self.stdout.write(decision_json(routed.decision))
