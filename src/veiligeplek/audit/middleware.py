"""If the audit log cannot be written, the request fails with 503 and returns no data."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from veiligeplek.audit.services import AuditUnavailableError

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
