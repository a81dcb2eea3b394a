from __future__ import annotations

from typing import Any

from veiligeplek.cases.management.commands._input import FactsCommand
from veiligeplek.cases.routing import decision_json


class Command(FactsCommand):
    help = (
        "Lees de feiten van een casus (JSON) uit FILE of - (stdin) en druk het routeringsbesluit "
        "af als JSON. Exit 2 met één regel op stderr bij ongeldige invoer."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(decision_json(self.routed(options["file"]).decision))
