"""The reason typed for a sensitive look at a case (break-the-glass, a shelter's address).

The reason is kept in ``AccessReason``, not in the append-only log, so that retention can erase
it; the audit event of the look refers to it as "reden #N" (``cases.selectors.access_reasons_for``
shows them to the privacy officer).
"""

from __future__ import annotations

import dataclasses

from django.db import transaction
from django.utils import timezone

from veiligeplek.audit.models import Action
from veiligeplek.audit.services import AuditContext, audit_record
from veiligeplek.cases.models import AccessReason, Case


@transaction.atomic
def access_reason_record(
    *,
    ctx: AuditContext,
    case: Case,
    kind: AccessReason.Kind,
    reason: str,
    action: Action,
    section: str,
) -> AccessReason:
    """Keep the reason and write the audit event of the look, whose purpose names it."""
    noted = AccessReason.objects.create(
        case=case, user=ctx.user, kind=kind, reason=reason[:300], created_at=timezone.now()
    )
    audit_record(
        dataclasses.replace(ctx, purpose=f"{ctx.purpose}; reden #{noted.pk}"),
        action=action,
        object_type="case",
        object_pseudonym=case.number,
        section=section,
    )
    return noted
