"""Break-the-glass: a placing professional opens a case outside her scope in an emergency.

The access is granted for ``BREAK_GLASS_MINUTES`` with a stated reason, written to the audit log
with the break-glass flag, and the privacy officers are notified at once. An attempt on a number
that does not exist is logged as denied too (after the attempt's own transaction), so that
probing for case numbers leaves a trace. The typed reason is kept with the grant, not in the
append-only log, so that retention can erase it.
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
from veiligeplek.cases.models import AccessReason, BreakGlassGrant, Case
from veiligeplek.cases.services.access_reasons import access_reason_record
from veiligeplek.cases.services.common import CaseError, notify

MIN_REASON = 10


def break_glass_open(*, ctx: AuditContext, number: str, reason: str) -> BreakGlassGrant:
    if ctx.user.role not in PLACING_ROLES:
        raise CaseError("number", _("noodtoegang is alleen voor wie plaatst"), status=403)
    if len(reason.strip()) < MIN_REASON:
        raise CaseError("reason", _("geef de reden in minstens %(n)s tekens") % {"n": MIN_REASON})
    number = number.strip().upper()[:40]
    glass = dataclasses.replace(ctx, break_glass=True, purpose="noodtoegang")
    case = Case.objects.filter(number=number).first()
    if case is None:
        with transaction.atomic():
            audit_record(
                glass,
                action=Action.BREAK_GLASS,
                object_type="case",
                object_pseudonym=number or "-",
                section="noodtoegang",
                result=Result.DENIED,
            )
        raise CaseError("number", _("geen casus met dit nummer"), status=404)
    return _grant(glass, case, reason.strip()[:300])


@transaction.atomic
def _grant(glass: AuditContext, case: Case, reason: str) -> BreakGlassGrant:
    now = timezone.now()
    grant = BreakGlassGrant.objects.create(
        case=case,
        user=glass.user,
        reason=reason,
        created_at=now,
        expires_at=now + dt.timedelta(minutes=settings.BREAK_GLASS_MINUTES),
    )
    access_reason_record(
        ctx=glass,
        case=case,
        kind=AccessReason.Kind.BREAK_GLASS,
        reason=reason,
        action=Action.BREAK_GLASS,
        section="noodtoegang",
    )
    officers = list(User.objects.filter(role=Role.PRIVACY_OFFICER, is_active=True))
    notify(
        officers,
        None,
        f"Noodtoegang: {glass.user.get_username()} opende {case.number} buiten de eigen "
        "bevoegdheid. Controleer de reden in het auditlog.",
    )
    return grant
