"""Version 1 of the HTTP API (django-ninja, OpenAPI 3.1 at /api/v1/openapi.json, docs at
/api/v1/docs served locally). Errors: 401 unauthenticated, 404 missing or out of scope,
409 conflict, 422 invalid input naming the field."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema

from veiligeplek.api import (
    cases,
    info_sheet,
    matching,
    placements,
    referrals,
    registry,
    reports,
    routing,
    statistics,
    waiting,
)
from veiligeplek.api.auth import AUTH
from veiligeplek.api.openapi import openapi_complete
from veiligeplek.api.schemas import Me
from veiligeplek.audit.services import AuditUnavailableError
from veiligeplek.cases.services.common import CaseError
from veiligeplek.cases.workflow import TransitionError
from veiligeplek.domain.facts import InvalidFactsError
from veiligeplek.infosheet.texts import UnknownLanguageError


class DocumentedAPI(NinjaAPI):
    """The OpenAPI document with every answer and every closed set (``api.openapi``)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        openapi_complete(schema)
        return schema


api = DocumentedAPI(
    title="Veilige Plek API",
    version="1",
    description=(
        "Landelijk verwijs- en plaatsingssysteem voor de opvang van slachtoffers van "
        "mensenhandel. Authenticatie: sessie (browser) of `Authorization: Bearer vp_…`."
    ),
    urls_namespace="api-v1",
    auth=AUTH,
)


@api.exception_handler(InvalidFactsError)
def invalid_facts(request: HttpRequest, exc: InvalidFactsError) -> HttpResponse:
    return api.create_response(
        request,
        {
            "detail": [
                {"loc": ["body", *e.field.split(".")], "msg": e.message, "type": "value_error"}
                for e in exc.errors
            ]
        },
        status=422,
    )


@api.exception_handler(UnknownLanguageError)
def unknown_language(request: HttpRequest, exc: UnknownLanguageError) -> HttpResponse:
    detail = {"loc": ["query", exc.field], "msg": exc.message, "type": "value_error"}
    return api.create_response(
        request, {"detail": [detail | {"available": list(exc.available)}]}, status=422
    )


@api.exception_handler(CaseError)
def case_refused(request: HttpRequest, exc: CaseError) -> HttpResponse:
    """409 when someone else was first, 422 naming the field, 403 without placement
    authority over the place (the case itself is in scope; out-of-scope cases are 404)."""
    status, location = exc.status, getattr(exc, "location", "body")
    return api.create_response(
        request,
        {"detail": [{"loc": [location, exc.field], "msg": exc.message, "type": "refused"}]},
        status=status,
    )


@api.exception_handler(AuditUnavailableError)
def audit_unavailable(request: HttpRequest, exc: AuditUnavailableError) -> HttpResponse:
    """No audit record, no data: the operation was rolled back."""
    response = api.create_response(
        request, {"detail": _("Auditlog niet beschikbaar; probeer het later opnieuw.")}, status=503
    )
    response["Retry-After"] = "30"
    return response


@api.exception_handler(TransitionError)
def wrong_state(request: HttpRequest, exc: TransitionError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc.message)}, status=409)


@api.exception_handler(NinjaValidationError)
def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    detail = [
        {"loc": list(e.get("loc", [])), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("Niet ingelogd of ongeldige token.")}, status=401
    )


@api.get("/me", response=Me, tags=["accounts"], summary="Wie ben ik")
def me(request: HttpRequest) -> Me:
    user = request.user
    return Me(
        username=user.get_username(),
        role=getattr(user, "role", ""),
        organisation=str(getattr(user, "organisation", None) or ""),
    )


@api.get("/health", auth=None, tags=["operations"], summary="Gezondheid (zonder inloggen)")
def health(request: HttpRequest) -> dict[str, str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok"}


@api.exception_handler(statistics.RefusedError)
def statistics_refused(request: HttpRequest, exc: statistics.RefusedError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": [{"loc": ["query", exc.field], "msg": exc.message, "type": "value_error"}]},
        status=422,
    )


@api.exception_handler(reports.RefusedError)
def report_refused(request: HttpRequest, exc: reports.RefusedError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": [{"loc": [exc.where, exc.field], "msg": exc.message, "type": "value_error"}]},
        status=422,
    )


api.add_router("/places", registry.router)
api.add_router("/routing", routing.router)
api.add_router("/matches", matching.router)
api.add_router("/cases", cases.router)
api.add_router("/cases", referrals.case_router)
api.add_router("/cases", placements.case_router)
api.add_router("/cases", waiting.case_router)
api.add_router("/cases", info_sheet.router)
api.add_router("/referrals", referrals.router)
api.add_router("/placements", placements.router)
api.add_router("/waiting-list", waiting.router)
api.add_router("/statistics", statistics.router)
api.add_router("/reports", reports.router)
api.add_router("/exports", reports.exports_router)
