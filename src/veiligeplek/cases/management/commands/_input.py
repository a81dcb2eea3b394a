"""What the ``route`` and ``match`` commands share: reading ``FILE|-``, routing the facts, and
refusing bad input with exit 2 and one line naming the field."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from veiligeplek.cases.routing import Routed, decode_json, routing_decide
from veiligeplek.domain.facts import InvalidFactsError


def read_input(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:
        return Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"kan {name} niet lezen: {exc.strerror}", returncode=2) from exc
    except UnicodeDecodeError as exc:
        raise CommandError(f"{name}: geen UTF-8-tekst ({exc.reason})", returncode=2) from exc


def invalid(field: str, message: str) -> CommandError:
    return CommandError(f"ongeldige invoer, veld {field}: {message}", returncode=2)


class FactsCommand(BaseCommand):
    """A command that reads case facts (JSON) from FILE or standard input and routes them."""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="pad naar een JSON-bestand, of - voor stdin")

    def routed(self, name: str) -> Routed:
        try:
            return routing_decide(decode_json(read_input(name)), today=timezone.localdate())
        except InvalidFactsError as exc:
            lines = [str(invalid(e.field, e.message)) for e in exc.errors]
            raise CommandError("\n".join(lines), returncode=2) from exc
