"""Reading the ``FILE|-`` argument of the route and match commands."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import CommandError


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
