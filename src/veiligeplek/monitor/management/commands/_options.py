"""What the monitoring's commands share: reading ``--period`` and ``--scope`` (with the rule
that without ``--exact`` only years and quarters are published), exit 2 naming the option."""

from __future__ import annotations

import sys
from typing import Any, NoReturn

from veiligeplek.domain.periods import Period, PeriodError, parse_period
from veiligeplek.monitor.access import PERIOD_REFUSED, period_allowed
from veiligeplek.monitor.scope import Scope, ScopeError, parse_scope


def fail(command: str, message: str) -> NoReturn:
    sys.stderr.write(f"veiligeplek {command}: {message}\n")
    raise SystemExit(2)


def period_and_scope(command: str, options: dict[str, Any]) -> tuple[Period, Scope]:
    try:
        period = parse_period(options["period"])
    except PeriodError as error:
        fail(command, f"--period: {error}")
    try:
        scope = parse_scope(options.get("scope") or "national")
    except ScopeError as error:
        fail(command, f"--scope: {error}")
    if not period_allowed(period, exact=bool(options.get("exact"))):
        hint = " (of gebruik --exact)" if "exact" in options else ""
        fail(command, f"--period: {PERIOD_REFUSED}{hint}")
    return period, scope
