"""Who sees which figures (one table, tested per role).

- Regional coordinators: their own care region exactly (they have access to every case of it),
  and the national figures through the disclosure control.
- CoMensha, the NLA, ministries (policy officers without a region) and administrators: every
  scope, through the disclosure control (their case access does not cover every case).
- Municipality policy officers (with a region): their region and the national totals, through
  the disclosure control.
- Everyone else: nothing (404, like a page that does not exist).
"""

from __future__ import annotations

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import MONITOR_ROLES, Role
from veiligeplek.domain.periods import Period, PeriodKind
from veiligeplek.monitor.scope import Scope, ScopeKind, parse_scope

# Periods published through the disclosure control: whole years and quarters only, so that
# overlapping months or custom ranges cannot be differenced against each other (ADR 0010).
PROTECTED_PERIODS = frozenset({PeriodKind.YEAR, PeriodKind.QUARTER})
PERIOD_REFUSED = (
    "zonder inzage in de casussen alleen een jaar (2026) of kwartaal (2026-Q3): losse maanden "
    "en eigen perioden zijn tegen elkaar weg te strepen"
)


def period_allowed(period: Period, *, exact: bool) -> bool:
    return exact or period.kind in PROTECTED_PERIODS


__all__ = ["MONITOR_ROLES", "may_monitor", "may_see", "sees_exact"]
ALL_SCOPES = frozenset({Role.COMENSHA, Role.NLA, Role.ADMINISTRATOR})


def may_monitor(user: User) -> bool:
    return user.is_active and user.role in MONITOR_ROLES


def home_scope_code(user: User) -> str:
    """The scope a dashboard opens with."""
    if user.role in {Role.REGIONAL_COORDINATOR, Role.POLICY_OFFICER} and user.care_region_code:
        return user.care_region_code
    return "national"


def may_see(user: User, scope: Scope) -> bool:
    if not may_monitor(user):
        return False
    if scope.kind == ScopeKind.NATIONAL or user.role in ALL_SCOPES:
        return True
    if user.role == Role.POLICY_OFFICER and not user.care_region_code:
        return True  # a ministry
    return scope.kind == ScopeKind.REGION and scope.code == user.care_region_code


def insider_region(user: User) -> str:
    """The care region whose every case this user sees exactly ("" for none): the protected
    figures of a larger scope are protected against what she knows (ADR 0010, insiders)."""
    if user.role == Role.REGIONAL_COORDINATOR and user.care_region_code:
        return user.care_region_code
    return ""


def sees_exact(user: User, scope: Scope) -> bool:
    """Exact figures only where the role has access to every case behind them."""
    return (
        user.role == Role.REGIONAL_COORDINATOR
        and scope.kind == ScopeKind.REGION
        and scope.code == user.care_region_code
    )


def home_answers(user: User, year: int) -> list[list[object]]:
    """The answers (``[period, scope, exact, insider]``, as ``statistics_warm`` takes them)
    that this user's first pages read: the overview's national box, the dashboard's home
    scope and, for a user with a region, the national view beside it."""
    if not may_monitor(user):
        return []
    out = []
    for code in dict.fromkeys((home_scope_code(user), "national")):
        scope = parse_scope(code)
        exact = sees_exact(user, scope)
        out.append([str(year), code, exact, "" if exact else insider_region(user)])
    return out
