"""Closing a case that is not placed (a placed case closes through its outflow): the person
dropped out, found shelter outside the system, no longer needs it, or went home."""

from __future__ import annotations

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veiligeplek.audit.models import Action
from veiligeplek.audit.services import AuditContext
from veiligeplek.cases.models import Case, Deadline, Referral
from veiligeplek.cases.models import TimelineEvent as Event
from veiligeplek.cases.services.common import (
    CaseError,
    ConflictError,
    audit,
    ensure_picked_up,
    move,
    record,
)
from veiligeplek.cases.workflow import CaseStatus


class CloseReason(models.TextChoices):
    DROPPED_OUT = "dropped_out", gettext_lazy("Vertrokken, verblijfplaats onbekend")
    OUTSIDE = "outside", gettext_lazy("Opvang gevonden buiten Veilige Plek")
    NOT_NEEDED = "not_needed", gettext_lazy("Geen opvang meer nodig")
    RETURNED = "returned", gettext_lazy("Teruggekeerd naar land van herkomst")
    NOT_A_VICTIM = "not_a_victim", gettext_lazy("Geen slachtoffer mensenhandel gebleken")


@transaction.atomic
def case_close(*, ctx: AuditContext, case: Case, reason: str) -> Case:
    """Close an open, unplaced case; open referrals, holds, waits and ad hoc stays end with it."""
    if reason not in CloseReason.values:
        raise CaseError("reason", _("kies een reden uit de lijst"))
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == CaseStatus.PLACED:
        raise ConflictError("case", _("een geplaatste casus sluit u af met de uitstroom"))
    if case.status == CaseStatus.CLOSED:
        raise ConflictError("case", _("de casus is al afgesloten"))
    ensure_picked_up(case, ctx.user)
    now = timezone.now()
    for referral in case.referrals.filter(status=Referral.Status.PENDING):
        referral.status, referral.responded_at = Referral.Status.WITHDRAWN, now
        referral.save(update_fields=["status", "responded_at"])
    case.holds.filter(released_at__isnull=True).update(released_at=now)
    case.waiting.filter(removed_at__isnull=True).update(removed_at=now, removal_reason="afgesloten")
    case.ad_hoc.filter(ended_at__isnull=True).update(ended_at=now)
    case.deadlines.filter(done_at__isnull=True).exclude(kind=Deadline.Kind.MAX_STAY).update(
        done_at=now
    )
    move(case, CaseStatus.CLOSED)
    record(case, Event.Kind.CLOSED, actor=ctx.user, reason=reason)
    audit(ctx, case, Action.UPDATE, "afsluiten")
    return case
