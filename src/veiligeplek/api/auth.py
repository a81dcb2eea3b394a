"""API authentication: the browser session (with CSRF) or a bearer token (``vp_…``).

A session counts only once it has passed the second factor where the user's role requires one
(accounts.mfa): a password-only session gets 401, like no session. Bearer tokens are a separate
channel for scripts, not subject to the second factor (docs/adr/0004-authentication.md).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from veiligeplek.accounts.mfa import mfa_pending
from veiligeplek.accounts.models import ApiToken, User


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token.startswith(ApiToken.PREFIX):
            return None
        found = (
            ApiToken.objects.select_related("user")
            .filter(
                key_hash=ApiToken.hash(token),
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        if found.session_epoch != found.user.session_epoch:
            return None  # the user logged out everywhere or changed password since
        request.user = found.user
        return found.user


class ActiveSession(SessionAuth):
    """The browser session. CSRF is checked only when a session cookie is sent, so that a call
    without any credentials answers 401 rather than a CSRF refusal."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if not isinstance(user, User) or not user.is_active or mfa_pending(user):
            return None
        return user


AUTH = [BearerToken(), ActiveSession()]
