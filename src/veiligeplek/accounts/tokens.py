"""API tokens: made by an administrator for a user (scripts, integrations), shown once.

A token acts as its user through ``Authorization: Bearer vp_…`` with that user's role and scope.
It skips the second factor (docs/adr/0004-authentication.md), so it lives at most a year, and it
ends with a revocation, its expiry, or anything that ends the user's sessions (logging out
everywhere, a password change, disabling the account, an MFA reset).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from veiligeplek.accounts.models import ApiToken, User

DAYS_MAX = 365
NAME_MAX = ApiToken._meta.get_field("name").max_length or 100


class TokenError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@transaction.atomic
def api_token_create(*, user: User, name: str, days: int, now: dt.datetime) -> tuple[ApiToken, str]:
    """A new token for ``user``, valid ``days`` days; returns it with its key (shown once)."""
    name = name.strip()
    if not name:
        raise TokenError("name", "geef de token een naam (waarvoor is hij?)")
    if len(name) > NAME_MAX:
        raise TokenError("name", f"hoogstens {NAME_MAX} tekens")
    if not 1 <= days <= DAYS_MAX:
        raise TokenError("days", f"tussen 1 en {DAYS_MAX} dagen")
    if not user.is_active:
        raise TokenError("username", "dit account is uitgeschakeld")
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=ApiToken.hash(key),
        expires_at=now + dt.timedelta(days=days),
        session_epoch=user.session_epoch,
    )
    return token, key


def api_token_revoke(*, token: ApiToken, now: dt.datetime) -> bool:
    """End a token now; False when it had ended already."""
    return bool(
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    )


def api_token_active(token: ApiToken, *, now: dt.datetime) -> bool:
    return (
        token.revoked_at is None
        and token.expires_at > now
        and token.user.is_active
        and token.session_epoch == token.user.session_epoch
    )
