"""API: the monitoring's figures for one period and scope, answered for the caller's role
through the same disclosure control as the dashboards (docs/monitoring.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from veiligeplek.domain.periods import PeriodError, parse_period
from veiligeplek.monitor.access import (
    PERIOD_REFUSED,
    insider_region,
    may_monitor,
    may_see,
    period_allowed,
    sees_exact,
)
from veiligeplek.monitor.scope import ScopeError, parse_scope
from veiligeplek.monitor.statistics import statistics_for

router = Router(tags=["statistics"])


class PeriodOut(Schema):
    from_: str = Field(..., alias="from", description="Eerste dag (JJJJ-MM-DD)")
    to: str = Field(..., description="Laatste dag (JJJJ-MM-DD)")


class CellOut(Schema):
    key: dict[str, str] = Field(..., description='Waarde per dimensie; "*" is het totaal')
    count: int | None = Field(None, ge=0, description="Aantal; ontbreekt als onderdrukt")
    suppressed: bool | None = Field(None, description="true: aantal niet gepubliceerd")


class TableOut(Schema):
    id: str
    title: str
    population: str
    dimensions: list[str]
    cells: list[CellOut]


class FigureOut(Schema):
    id: str
    key: dict[str, str]
    n: int | None = Field(None, ge=0)
    median: float | None = None
    p90: float | None = None
    share: float | None = None
    suppressed: bool | None = None


class StatisticsOut(Schema):
    period: PeriodOut
    scope: str
    threshold: int
    exact: bool
    tables: list[TableOut]
    figures: list[FigureOut]
    as_of: dt.datetime = Field(
        description="Wanneer deze cijfers zijn berekend. Na een nieuwe gebeurtenis kunnen ze "
        "ten hoogste STATISTICS_MAX_AGE_SECONDS (standaard 300) oud zijn, terwijl de "
        "nieuwste worden berekend."
    )


class StatisticsQuery(Schema):
    period: str = Field(
        ...,
        pattern=(
            r"^(20\d{2}|2100)(-[Qq][1-4]|-(0[1-9]|1[0-2])"
            r"|-\d{2}-\d{2}\.\.(20\d{2}|2100)-\d{2}-\d{2})?$"
        ),
        description="2026, 2026-Q3, 2026-07 of 2026-01-01..2026-03-31",
    )
    scope: str = Field(
        "national",
        pattern=r"^(national|VT\d{2}|GM\d{4}|RE\d{2})$",
        description=(
            "national, een zorgregio (VT01), centrumgemeente (GM0363), politie-eenheid (RE05)"
        ),
    )


class RefusedError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


@router.get(
    "",
    response=StatisticsOut,
    exclude_none=True,
    by_alias=True,
    summary="Cijfers van de monitoring voor een periode en gebied",
)
def statistics(request: HttpRequest, query: Query[StatisticsQuery]) -> dict[str, Any]:
    user = request.user
    if not may_monitor(user):  # type: ignore[arg-type]
        raise Http404
    try:
        period = parse_period(query.period)
    except PeriodError as error:
        raise RefusedError("period", str(error)) from error
    try:
        scope = parse_scope(query.scope)
    except ScopeError as error:
        raise RefusedError("scope", str(error)) from error
    if not may_see(user, scope):  # type: ignore[arg-type]
        raise Http404
    exact = sees_exact(user, scope)  # type: ignore[arg-type]
    if not period_allowed(period, exact=exact):
        raise RefusedError("period", PERIOD_REFUSED)
    insider = insider_region(user)  # type: ignore[arg-type]
    return statistics_for(period, scope, exact=exact, insider=insider).as_json()
