"""Users: one role each, and the organisation and (for coordinators) the region they work for."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

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

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @classmethod
    def hash(cls, key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)
