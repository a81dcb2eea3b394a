"""Middleware for the authentication policy (docs/adr/0004-authentication.md).

- ``NoStoreMiddleware``: no response of the application may be kept by a browser or proxy cache
  (``Cache-Control: no-store``) unless its view chose a cache policy itself (only the aggregate
  map does); plus the headers Django has no setting for.
- ``SessionTimeoutMiddleware``: ends a session after 15 minutes idle or 12 hours in all.
- ``MfaRequiredMiddleware``: a session that owes its second factor reaches only the login,
  second-factor and logout pages; every other page redirects to the second factor. The API
  refuses such a session itself (``api.auth.ActiveSession``): 401, like no session.
- ``ControlCharacterMiddleware``: no form field, query parameter or JSON string may hold a
  control character (422 naming the field).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from veiligeplek.accounts.mfa import has_confirmed_device, mfa_pending
from veiligeplek.accounts.models import User
from veiligeplek.accounts.sessions import session_expired, session_touch
from veiligeplek.domain.text import (
    CONTROL_CHARACTER,
    control_character_paths,
    has_control_character,
)

Handler = Callable[[HttpRequest], HttpResponse]

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# The views a session may reach before its second factor. The API namespace decides for itself
# (its session authentication refuses such a session; health and the schema need no login).
MFA_EXEMPT_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:mfa_verify",
        "accounts:mfa_enrol",
        "set_language",
    }
)
MFA_EXEMPT_NAMESPACES = frozenset({"api-v1"})


class NoStoreMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response:
            response["Cache-Control"] = "no-store"
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            if session_expired(request):
                logout(request)
                messages.info(request, _("Uw sessie is verlopen. Log opnieuw in."))
            else:
                session_touch(request)
        return self.get_response(request)


class MfaRequiredMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or not mfa_pending(request.user):
            return None
        if match.view_name in MFA_EXEMPT_VIEWS or MFA_EXEMPT_NAMESPACES & set(match.namespaces):
            return None
        next_path = request.get_full_path() if request.method == "GET" else ""
        return redirect(mfa_step_url(request.user, next_path))


def mfa_step_url(user: object, next_path: str = "") -> str:
    """Where a session that owes its second factor goes: the code, or enrolment first."""
    enrolled = isinstance(user, User) and has_confirmed_device(user)
    url = reverse("accounts:mfa_verify" if enrolled else "accounts:mfa_enrol")
    return f"{url}?{urlencode({'next': next_path})}" if next_path else url


class ControlCharacterMiddleware:
    """Refuse a request whose form fields, query or JSON body hold a control character (issue
    12, defect 3): 422 naming the field, before any view runs, so nothing is half-saved. A NUL
    cannot be stored by PostgreSQL and would otherwise surface as a 500; SQLite would store it.
    Uploaded files are checked by their importers (``data.landscape``)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_control_character(request.path):  # no such page; and no redirect to echo it
            return HttpResponseNotFound(_("Pagina niet gevonden."), content_type="text/plain")
        field = _control_character_field(request)
        if field is None:
            return self.get_response(request)
        message = _("Het veld %(field)s bevat een stuurteken (bijvoorbeeld U+0000).") % {
            "field": field
        }
        if request.path.startswith("/api/"):
            detail = {
                "type": "control_character",
                "loc": ["body" if request.method != "GET" else "query", *field.split(".")],
                "msg": message,
            }
            return JsonResponse({"detail": [detail]}, status=422)
        body = render_to_string("422_input.html", {"message": message}, request=request)
        return HttpResponse(body, status=422)


def _control_character_field(request: HttpRequest) -> str | None:
    for params in (request.GET, request.POST) if request.method == "POST" else (request.GET,):
        for key, values in params.lists():
            if has_control_character(key) or any(has_control_character(v) for v in values):
                return CONTROL_CHARACTER.sub("?", key)
    if request.content_type == "application/json" and request.body:
        try:
            data = json.loads(request.body)
        except (ValueError, UnicodeDecodeError):
            return None  # the view answers malformed JSON itself
        for path in control_character_paths(data):
            return CONTROL_CHARACTER.sub("?", ".".join(path)) or "(body)"
    return None
