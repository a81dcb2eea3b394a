"""The audit log: one append-only event per read, search, write, export or print of case data.

Fields follow NEN 7513 (who, in which role and organisation, when, what action on which object,
which part, why, with what result, from where). Events form a hash chain: each stores the hash
of the previous one, so that ``veiligeplek audit-verify`` detects an altered or removed event.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    READ = "read", _("Inzien")
    SEARCH = "search", _("Zoeken")
    CREATE = "create", _("Aanmaken")
    UPDATE = "update", _("Wijzigen")
    EXPORT = "export", _("Exporteren")
    PRINT = "print", _("Afdrukken")
    BREAK_GLASS = "break_glass", _("Noodtoegang")


class Result(models.TextChoices):
    OK = "ok", _("Gelukt")
    DENIED = "denied", _("Geweigerd")


class AuditEvent(models.Model):
    sequence = models.BigIntegerField(unique=True)  # 1, 2, 3 … gap-free
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_username = models.CharField(max_length=150)  # kept if the account is removed
    actor_role = models.CharField(max_length=30)
    actor_organisation = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=40)  # "case", "signal", "placement" …
    object_pseudonym = models.CharField(max_length=40)  # the case number, never a name
    section = models.CharField(max_length=100)  # which part: "facts", "identity", "timeline" …
    purpose = models.CharField(max_length=200)
    result = models.CharField(max_length=10, choices=Result.choices, default=Result.OK)
    client_address = models.CharField(max_length=45)
    break_glass = models.BooleanField(default=False)
    # The break-the-glass grant under which the event was made (cases.BreakGlassAccess id), so
    # that the privacy officer sees what was opened under each grant. A plain number, not a
    # foreign key: the log outlives and does not depend on the cases app. Null: no grant.
    break_glass_grant = models.BigIntegerField(null=True, blank=True)
    # Which HMAC key chained this event (a fingerprint of the key, never the key itself); null
    # for the events written before keyed chaining, which verify as plain SHA-256. Both columns
    # are nullable so that adding them does not rebuild the append-only table on SQLite.
    key_id = models.CharField(max_length=16, null=True, blank=True)  # noqa: DJ001
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        indexes = [
            models.Index(fields=["object_pseudonym", "sequence"]),
            models.Index(fields=["actor", "sequence"]),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"


class ChainHead(models.Model):
    """A single row locked while appending, so that events get a gap-free order and chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit chain at #{self.sequence}"
