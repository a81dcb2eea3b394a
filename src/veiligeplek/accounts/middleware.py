"""Middleware for the authentication policy (docs/adr/0004-authentication.md).

- ``NoStoreMiddleware``: no response of the application may be kept by a browser or proxy cache
  (``Cache-Control: no-store``) unless its view chose a cache policy itself (only the aggregate
  map does); plus the headers Django has no setting for.
- ``SessionTimeoutMiddleware``: ends a session after 15 minutes idle or 12 hours in all.
- ``MfaRequiredMiddleware``: a session that owes its second factor reaches only the login,
  second-factor and logout pages; every other page redirects to the second factor. The API
  refuses such a session itself (``api.auth.ActiveSession``): 401, like no session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from veiligeplek.accounts.mfa import has_confirmed_device, mfa_pending
from veiligeplek.accounts.models import User
from veiligeplek.accounts.sessions import session_expired, session_touch

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
