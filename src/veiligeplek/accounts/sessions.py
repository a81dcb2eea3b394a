"""Session policy (OWASP ASVS 4.0.3 V3; docs/adr/0004-authentication.md).

- A new session id at every login (Django's ``login``) and again after the second factor.
- A session ends after ``SESSION_IDLE_SECONDS`` (15 min) without a request and
  ``SESSION_ABSOLUTE_SECONDS`` (12 h) after login, whatever happens in between. The clock is kept
  in the session itself (two timestamps) and checked by ``SessionTimeoutMiddleware``.
- Logout flushes the session. Logging out everywhere, disabling the account and changing the
  password end *all* the user's sessions: each request checks a hash of the password and
  ``User.session_epoch`` (``User.get_session_auth_hash``), so raising the epoch is enough.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models import F
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from veiligeplek.accounts.models import User

LOGGED_IN_AT = "vp_logged_in_at"
LAST_SEEN_AT = "vp_last_seen_at"
# The last-seen time is written at most this often, so that a page with several requests does
# not write the session several times; a session may therefore end up to this much early.
SEEN_RESOLUTION_SECONDS = 60


def _now() -> int:
    return int(timezone.now().timestamp())


@receiver(user_logged_in, dispatch_uid="veiligeplek.accounts.sessions.session_start")
def session_start(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    now = _now()
    request.session[LOGGED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


def session_expired(request: HttpRequest, *, now: int | None = None) -> bool:
    """True when the authenticated session is past its idle or absolute limit (or has no
    clock at all, which only a session from before this policy can have: fail closed)."""
    now = _now() if now is None else now
    logged_in_at = request.session.get(LOGGED_IN_AT)
    last_seen_at = request.session.get(LAST_SEEN_AT)
    if not isinstance(logged_in_at, int) or not isinstance(last_seen_at, int):
        return True
    return (
        now - logged_in_at >= settings.SESSION_ABSOLUTE_SECONDS
        or now - last_seen_at >= settings.SESSION_IDLE_SECONDS
    )


def session_touch(request: HttpRequest, *, now: int | None = None) -> None:
    now = _now() if now is None else now
    if now - int(request.session.get(LAST_SEEN_AT, 0)) >= SEEN_RESOLUTION_SECONDS:
        request.session[LAST_SEEN_AT] = now


def sessions_end_everywhere(request: HttpRequest, user: User) -> None:
    """End every session of ``user``, this one included."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    logout(request)
