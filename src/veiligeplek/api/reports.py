"""API: the periodic report, the HTCDS export and open data (issue 14, point 5) — the same
services, roles, disclosure control and audit as the report page and the commands.

- ``POST /reports`` asks for a report (made by the worker, as from the page) and answers 202
  with its progress; ``GET /reports`` lists the caller's own and the scheduled ones;
  ``GET /reports/{id}`` is the progress (steps done / total); ``GET /reports/{id}/file`` the
  PDF or XLSX once it is done (409 before), each download audited. Monitoring roles only; a
  scope outside the caller's own is 404 (as missing), exact figures only where the role sees
  every case behind them, aggregate-only roles whole years and quarters.
- ``POST /exports/htcds``: pseudonymised cases in HTCDS 2.0 as CSV or XLSX, CoMensha and
  administrators only (404 for every other role), with a purpose recorded in one audit event
  per exported case (docs/htcds.md).
- ``GET /exports/opendata``: the catalogue's tables through the disclosure control as a ZIP of
  CSV files with a README, for the monitoring roles and the scopes they see; audited.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from veiligeplek.accounts.access import acting_user
from veiligeplek.audit.context import context_for
from veiligeplek.domain.periods import PeriodError, parse_period
from veiligeplek.monitor import exchange, reports
from veiligeplek.monitor.access import PERIOD_REFUSED, may_monitor, may_see, period_allowed
from veiligeplek.monitor.models import ReportRun
from veiligeplek.monitor.scope import ScopeError, parse_scope

router = Router(tags=["reports"])
exports_router = Router(tags=["exports"])

PERIOD = (
    r"^(20\d{2}|2100)(-[Qq][1-4]|-(0[1-9]|1[0-2])"
    r"|-\d{2}-\d{2}\.\.(20\d{2}|2100)-\d{2}-\d{2})?$"
)
PERIOD_HELP = "2026, 2026-Q3, 2026-07 of 2026-01-01..2026-03-31"
SCOPE = r"^(national|VT\d{2}|GM\d{4}|RE\d{2})$"
SCOPE_HELP = "national, een zorgregio (VT01), centrumgemeente (GM0363), politie-eenheid (RE05)"
# At least 10 characters with no space at either end (the service strips and counts them) and
# no control characters (refused everywhere, accounts.middleware).
_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029"
PURPOSE = f"^[^\\s{_CONTROL}][^{_CONTROL}]{{8,198}}[^\\s{_CONTROL}]$"
MEDIA = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
}


def _binary(*kinds: str, description: str) -> dict[str, Any]:
    content = {MEDIA[k].split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
               for k in kinds}  # fmt: skip
    return {"responses": {"200": {"description": description, "content": content}}}


class ErrorOut(Schema):
    detail: str


class ReportIn(Schema):
    period: str = Field(..., pattern=PERIOD, description=PERIOD_HELP)
    scope: str = Field("national", pattern=SCOPE, description=SCOPE_HELP)
    format: Literal["pdf", "xlsx"] = Field("pdf", description="pdf of xlsx")
    language: Literal["nl", "en"] = Field("nl", description="nl of en")


class ReportRunOut(Schema):
    id: int
    period: str
    scope: str
    format: Literal["pdf", "xlsx"]
    language: Literal["nl", "en"]
    status: Literal["queued", "running", "done", "failed"]
    steps_done: int = Field(..., ge=0, description="Stappen klaar")
    steps_total: int = Field(..., ge=1, description="Stappen in totaal")
    exact: bool = Field(..., description="false: met de onthullingscontrole (drempel)")
    scheduled: bool = Field(..., description="true: het geplande kwartaalrapport")
    created_at: dt.datetime
    finished_at: dt.datetime | None
    file: str | None = Field(None, description="Adres van het bestand zodra het klaar is")


class RefusedError(Exception):
    """422 naming the field (``api.v1`` maps it, as for the statistics)."""

    def __init__(self, field: str, message: str, where: str = "body") -> None:
        super().__init__(message)
        self.field, self.message, self.where = field, message, where


def _out(request: HttpRequest, run: ReportRun) -> dict[str, Any]:
    done = run.status == ReportRun.Status.DONE
    return {
        "id": run.pk,
        "period": run.period,
        "scope": run.scope,
        "format": run.file_format,
        "language": run.language,
        "status": run.status,
        "steps_done": min(run.steps_done, run.steps_total),
        "steps_total": max(run.steps_total, 1),
        "exact": run.exact,
        "scheduled": run.scheduled,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "file": request.build_absolute_uri(f"/api/v1/reports/{run.pk}/file") if done else None,
    }


def _monitoring_user(request: HttpRequest) -> Any:
    user = acting_user(request)
    if not may_monitor(user):
        raise Http404
    return user


@router.post(
    "",
    response={202: ReportRunOut},
    summary="Rapportage aanvragen (PDF of XLSX); de worker maakt het, volg de voortgang",
    description="De rollen, gebieden en perioden van de rapportagepagina. Een gebied buiten uw "
    "bevoegdheid: 404. Alleen-geaggregeerde rollen: hele jaren en kwartalen (422 op `period`).",
)
def report_ask(request: HttpRequest, body: ReportIn) -> Status[dict[str, Any]]:
    user = _monitoring_user(request)
    try:
        run = reports.report_request(
            user=user,
            period=body.period,
            scope=body.scope,
            file_format=body.format,
            language=body.language,
        )
    except reports.ReportRefusedError as error:
        if error.field == "scope" and error.message == reports.SCOPE_REFUSED:
            raise Http404 from error
        raise RefusedError(error.field, error.message) from error
    return Status(202, _out(request, run))


@router.get("", response=list[ReportRunOut], summary="Uw rapportages en de geplande")
def report_list(request: HttpRequest) -> list[dict[str, Any]]:
    user = _monitoring_user(request)
    return [_out(request, run) for run in reports.visible_runs(user)]


def _run(request: HttpRequest, run_id: int) -> ReportRun:
    run = reports.visible_run(_monitoring_user(request), run_id)
    if run is None:
        raise Http404
    return run


@router.get("/{run_id}", response=ReportRunOut, summary="Voortgang van een rapportage")
def report_progress(request: HttpRequest, run_id: int) -> dict[str, Any]:
    return _out(request, _run(request, run_id))


@router.get(
    "/{run_id}/file",
    response={409: ErrorOut},
    summary="Het bestand van een rapportage (het downloaden wordt gelogd)",
    description="409 zolang het rapport niet klaar is (of mislukt).",
    openapi_extra=_binary("pdf", "xlsx", description="Het rapport"),
)
def report_file(request: HttpRequest, run_id: int) -> Any:
    run = _run(request, run_id)
    if run.status != ReportRun.Status.DONE:
        return Status(
            409, {"detail": f"Het rapport is nog niet klaar ({run.get_status_display()})."}
        )
    content = reports.report_download(ctx=context_for(request, "rapportage (API)"), run=run)
    response = HttpResponse(content, content_type=MEDIA[run.file_format])
    response["Content-Disposition"] = f'attachment; filename="{run.filename}"'
    return response


class HtcdsIn(Schema):
    period: str = Field(..., pattern=PERIOD, description=PERIOD_HELP)
    purpose: str = Field(
        ...,
        min_length=10,
        max_length=200,
        pattern=PURPOSE,
        description="Waarvoor de export dient (wordt per casus gelogd)",
    )
    format: Literal["csv", "xlsx"] = "csv"


@exports_router.post(
    "/htcds",
    summary="Gepseudonimiseerde casussen in HTCDS 2.0 (CoMensha en beheerders)",
    description="Eén rij per casus zonder namen, BSN, V-nummer, adressen of vrije tekst "
    "(docs/htcds.md). Het doel wordt bij elke geëxporteerde casus gelogd.",
    openapi_extra=_binary("csv", "xlsx", description="De export"),
)
def htcds(request: HttpRequest, body: HtcdsIn) -> HttpResponse:
    user = acting_user(request)
    if user.role not in exchange.EXPORT_ROLES:
        raise Http404
    try:
        period = parse_period(body.period)
    except PeriodError as error:
        raise RefusedError("period", str(error)) from error
    try:
        content = exchange.htcds_export(
            ctx=context_for(request, "HTCDS-export (API)"),
            period=period,
            purpose=body.purpose,
            file_format=body.format,
        )
    except exchange.ExportRefusedError as error:
        raise RefusedError(error.field, error.message) from error
    response = HttpResponse(content, content_type=MEDIA[body.format])
    name = f"veiligeplek-htcds-{period.label}.{body.format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class OpenDataQuery(Schema):
    period: str = Field(..., pattern=PERIOD, description=PERIOD_HELP)
    scope: str = Field("national", pattern=SCOPE, description=SCOPE_HELP)


@exports_router.get(
    "/opendata",
    summary="Open data: de tabellen met onthullingscontrole als CSV met README (ZIP)",
    description="Altijd met de onthullingscontrole, dus hele jaren en kwartalen (422 op "
    "`period`); een gebied buiten uw bevoegdheid: 404. Het downloaden wordt gelogd.",
    openapi_extra=_binary("zip", description="De tabellen en de README"),
)
def opendata(request: HttpRequest, query: Query[OpenDataQuery]) -> HttpResponse:
    user = _monitoring_user(request)
    try:
        period = parse_period(query.period)
    except PeriodError as error:
        raise RefusedError("period", str(error), "query") from error
    try:
        scope = parse_scope(query.scope)
    except ScopeError as error:
        raise RefusedError("scope", str(error), "query") from error
    if not may_see(user, scope):
        raise Http404
    if not period_allowed(period, exact=False):
        raise RefusedError("period", PERIOD_REFUSED, "query")
    content = exchange.opendata_download(
        ctx=context_for(request, "open data (API)"), period=period, scope=scope
    )
    response = HttpResponse(content, content_type=MEDIA["zip"])
    name = f"veiligeplek-opendata-{period.label}-{scope.code}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
