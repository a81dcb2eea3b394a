"""If the audit log cannot be written, the request fails with 503 and returns no data; a refused
request for case data is logged as denied."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from veiligeplek.audit.context import context_for
from veiligeplek.audit.models import Action, Result
from veiligeplek.audit.services import AuditUnavailableError, audit_record

log = logging.getLogger(__name__)


class AuditUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, AuditUnavailableError):
            return None
        log.error("audit log unavailable; request refused (%s %s)", request.method, request.path)
        body = render_to_string("503_audit.html", request=request)
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response


# Paths whose refusal is a refused look at case data (or at the log itself).
DENIED_PATHS = re.compile(
    r"^/(casussen/|verwijzingen/|wachtlijst/|mijn-signalen/|signaal/VP-|audit/"
    r"|api/v1/(cases|referrals|placements|waiting-list|matches|routing))"
)
PSEUDONYM_KEYS = ("number", "referral_id", "placement_id", "username")
UNSAFE = re.compile(r"[^\w.@+-]")


class DeniedAccessMiddleware:
    """A refused or out-of-scope request for case data (403/404 to a logged-in user) is logged
    as a denied event — actor, target, outcome ``denied`` — in its own transaction, after the
    view's own was rolled back; the user still sees the same 404 (issue 12, defect 5). Repeated
    denials are listed for the privacy officer (``audit.views.audit_home``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in (403, 404) and DENIED_PATHS.match(request.path):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                denied_record(request)
        return response


def denied_record(request: HttpRequest) -> None:
    match = request.resolver_match
    kwargs = match.kwargs if match else {}
    key = next((k for k in PSEUDONYM_KEYS if k in kwargs), None)
    object_type = "case" if key in (None, "number") else key.removesuffix("_id")
    pseudonym = UNSAFE.sub("_", str(kwargs[key]))[:40] if key else "-"
    try:
        with transaction.atomic():
            audit_record(
                context_for(request, f"geweigerd: {request.method} {request.path}"[:200]),
                action=Action.UPDATE if request.method not in ("GET", "HEAD") else Action.READ,
                object_type=object_type,
                object_pseudonym=pseudonym or "-",
                section=(match.view_name if match else "-")[:100] or "-",
                result=Result.DENIED,
            )
    except AuditUnavailableError:
        log.error("audit log unavailable; a denied request was not recorded")
