"""Retention: closed cases lose their identity details first, and are anonymised later.

- After ``RETENTION_IDENTITY_DAYS`` from closure: the identity details are deleted, and the
  free texts that may name people (the signaller's callback and note, reasons and notes typed
  at referrals, placements and ad hoc placements) are blanked.
- After ``RETENTION_CASE_DAYS`` (default five years): the case facts and every recorded routing
  decision are reduced to what the monitoring needs (form of exploitation, gender, age band,
  region, track, categories); health details (contra-indications), languages, nationality and
  dates are removed.
Runs as part of the deadline sweep (the background worker) and as ``veiligeplek retention``;
``--dry-run`` shows what would go. Idempotent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from veiligeplek.audit.models import Action
from veiligeplek.audit.services import audit_system
from veiligeplek.cases.models import (
    AccessReason,
    AdHocPlacement,
    BreakGlassGrant,
    Case,
    CaseIdentity,
    Placement,
    Referral,
    RoutingRecord,
    Signal,
    WaitingListEntry,
)
from veiligeplek.domain.countries import FREE_MOVEMENT

REMOVED = "(verwijderd: bewaartermijn)"


@dataclass
class RetentionPlan:
    identity: list[str] = field(default_factory=list)  # case numbers
    anonymise: list[str] = field(default_factory=list)


def retention_plan(*, now: dt.datetime | None = None) -> RetentionPlan:
    now = now or timezone.now()
    identity_before = now - dt.timedelta(days=settings.RETENTION_IDENTITY_DAYS)
    case_before = now - dt.timedelta(days=settings.RETENTION_CASE_DAYS)
    closed = Case.objects.filter(closed_at__isnull=False)
    return RetentionPlan(
        identity=list(
            closed.filter(
                closed_at__lte=identity_before, identity_removed_at__isnull=True
            ).values_list("number", flat=True)
        ),
        anonymise=list(
            closed.filter(closed_at__lte=case_before, anonymised_at__isnull=True).values_list(
                "number", flat=True
            )
        ),
    )


@transaction.atomic
def retention_apply(*, now: dt.datetime | None = None) -> RetentionPlan:
    now = now or timezone.now()
    plan = retention_plan(now=now)
    for case in Case.objects.select_for_update().filter(number__in=plan.identity):
        _remove_identity(case, now)
    for case in Case.objects.select_for_update().filter(number__in=plan.anonymise):
        _anonymise(case, now)
    return plan


def _remove_identity(case: Case, now: dt.datetime) -> None:
    audit_system(
        action=Action.UPDATE,
        object_pseudonym=case.number,
        section="identiteit",
        purpose="bewaartermijn: identiteit en vrije tekst verwijderd",
    )
    CaseIdentity.objects.filter(case=case).delete()
    Signal.objects.filter(case=case).update(callback_name=REMOVED, callback_phone="", note="")
    Referral.objects.filter(case=case).update(decline_text="", override_reason="")
    Placement.objects.filter(case=case).update(outflow_note="", override_reason="")
    AdHocPlacement.objects.filter(case=case).update(reason=REMOVED)
    AccessReason.objects.filter(case=case).update(reason=REMOVED)
    BreakGlassGrant.objects.filter(case=case).update(reason=REMOVED)
    WaitingListEntry.objects.filter(case=case).update(removal_reason="")
    case.identity_removed_at = now
    case.save(update_fields=["identity_removed_at"])


def age_band(age: int | None) -> str | None:
    if age is None:
        return None
    if age < 18:
        return "0-17"
    low = 18 + (age - 18) // 10 * 10
    return f"{low}-{low + 9}"


def statistical_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """What the monitoring keeps of a case once it is anonymised."""
    nationality = facts.get("nationality")
    origin = (
        None
        if nationality is None
        else (
            "NL" if nationality == "NL" else "EER" if nationality in FREE_MOVEMENT else "derde land"
        )
    )
    return {
        "exploitation": facts.get("exploitation", []),
        "gender": facts.get("gender"),
        "age_band": age_band(facts.get("age")),
        "origin": origin,
        "found_municipality": facts.get("found_municipality"),
        "anonymised": True,
    }


def _anonymise(case: Case, now: dt.datetime) -> None:
    if case.identity_removed_at is None:
        _remove_identity(case, now)
    audit_system(
        action=Action.UPDATE,
        object_pseudonym=case.number,
        section="feiten",
        purpose="bewaartermijn: geanonimiseerd",
    )
    case.facts = statistical_facts(case.facts)
    case.reflection_ends_on = None
    case.anonymised_at = now
    case.save(update_fields=["facts", "reflection_ends_on", "anonymised_at"])
    for record in RoutingRecord.objects.filter(case=case):
        record.facts = statistical_facts(record.facts)
        kept = (
            "track",
            "legal_basis",
            "placement_authority",
            "place_categories",
            "ruleset_version",
        )
        record.decision = {key: record.decision.get(key) for key in kept}
        record.save(update_fields=["facts", "decision"])
