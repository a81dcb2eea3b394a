"""Users: one role each, and the organisation and (for coordinators) the region they work for."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac

from veiligeplek.accounts.roles import Role


class User(AbstractUser):
    role = models.CharField(max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    # Care-coordination region code (e.g. VT03) for regional coordinators. Codes are stable over
    # the region's versions, so a revision of the region does not orphan its coordinators.
    care_region_code = models.CharField(max_length=8, blank=True)
    is_demo = models.BooleanField(default=False, help_text="Fictieve demogebruiker")
    # Part of the session hash that every request checks (django.contrib.auth.get_user):
    # raising it ends all of the user's sessions at once. See accounts.sessions.
    session_epoch = models.PositiveIntegerField(default=0)
    # Set when a login with the right password was voided by wrong codes (someone else may have
    # the password): listed for the administrators and shown to the user until an administrator
    # marks it handled (accounts.throttle.code_guessing_flag).
    code_guessing_flagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="regional_coordinator") | ~Q(care_region_code=""),
                name="coordinator_has_region",
            ),
        ]

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def has_role(self, *roles: Role) -> bool:
        return self.is_active and self.role in roles

    # Set by ``set_password`` until the next save: the password changed.
    _password_set = False

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        self._password_set = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Disabling an account or changing its password ends its sessions and API tokens,
        # however it is done (a view, `changepassword`, the shell): so this lives here rather
        # than in one service. The password-change view keeps its own session
        # (``update_session_auth_hash``).
        if self.pk is not None and (
            self._password_set or (not self.is_active and self._was_active())
        ):
            self.session_epoch += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "session_epoch"}
        super().save(*args, **kwargs)
        self._password_set = False

    def _was_active(self) -> bool:
        return type(self).objects.filter(pk=self.pk, is_active=True).exists()

    # Django's session hash covers only the password; ours also covers session_epoch.
    def get_session_auth_hash(self) -> str:
        return self._session_hash(settings.SECRET_KEY)

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret)

    def _session_hash(self, secret: str | bytes) -> str:
        return salted_hmac(
            "veiligeplek.accounts.User.session",
            f"{self.password}\n{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API (scripts, the CLI against a server, benchmarks).

    Only the SHA-256 of the token is stored; the token itself is shown once at creation.
    """

    PREFIX = "vp_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The user's session epoch when the token was made: logging out everywhere, a password
    # change, disabling the account or an MFA reset raise the epoch and so end the token too.
    session_epoch = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @classmethod
    def hash(cls, key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)
