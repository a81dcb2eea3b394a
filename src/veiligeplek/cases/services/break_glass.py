"""Break-the-glass: a placing professional opens a case outside her scope in an emergency.

The access is granted for ``BREAK_GLASS_MINUTES`` with a stated reason, written to the audit log
with the break-glass flag, and the privacy officers are notified at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import PLACING_ROLES, Role
from veiligeplek.audit.models import Action, Result
from veiligeplek.audit.services import AuditContext, audit_record
from veiligeplek.cases.models import BreakGlassGrant, Case
from veiligeplek.cases.services.common import CaseError, notify

MIN_REASON = 10


@transaction.atomic
def break_glass_open(*, ctx: AuditContext, number: str, reason: str) -> BreakGlassGrant:
    if ctx.user.role not in PLACING_ROLES:
        raise CaseError("number", _("noodtoegang is alleen voor wie plaatst"), status=403)
    if len(reason.strip()) < MIN_REASON:
        raise CaseError("reason", _("geef de reden in minstens %(n)s tekens") % {"n": MIN_REASON})
    glass = dataclasses.replace(
        ctx, break_glass=True, purpose=f"noodtoegang: {reason.strip()}"[:200]
    )
    case = Case.objects.filter(number=number.strip().upper()).first()
    if case is None:
        audit_record(
            glass,
            action=Action.BREAK_GLASS,
            object_type="case",
            object_pseudonym=number.strip().upper()[:40] or "-",
            section="noodtoegang",
            result=Result.DENIED,
        )
        raise CaseError("number", _("geen casus met dit nummer"), status=404)
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(
        case=case,
        user=ctx.user,
        reason=reason.strip()[:300],
        created_at=now,
        expires_at=now + dt.timedelta(minutes=settings.BREAK_GLASS_MINUTES),
    )
    audit_record(
        glass,
        action=Action.BREAK_GLASS,
        object_type="case",
        object_pseudonym=case.number,
        section="noodtoegang",
    )
    officers = list(User.objects.filter(role=Role.PRIVACY_OFFICER, is_active=True))
    notify(
        officers,
        None,
        f"Noodtoegang: {ctx.user.get_username()} opende {case.number} buiten de eigen "
        f"bevoegdheid. Controleer de reden in het auditlog.",
    )
    return grant
