"""Reads of case data for other areas: aggregate figures only, never a person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count

from veiligeplek.accounts.models import User
from veiligeplek.cases.models import AccessReason, AdHocPlacement, Case, Notification, Referral
from veiligeplek.cases.workflow import CaseStatus


@dataclass(frozen=True)
class GapFigures:
    """What the report says nobody counts: where no suitable place exists (this year)."""

    year: int
    national_gap_cases: int
    ad_hoc_by_kind: dict[str, int]
    declines_by_reason: dict[str, int]


def gap_figures(*, today: dt.date) -> GapFigures:
    start = dt.date(today.year, 1, 1)
    ad_hoc = (
        AdHocPlacement.objects.filter(started_at__date__gte=start)
        .values("kind")
        .annotate(n=Count("id"))
    )
    declines = (
        Referral.objects.filter(status=Referral.Status.DECLINED, responded_at__date__gte=start)
        .values("decline_reason")
        .annotate(n=Count("id"))
    )
    kinds, reasons = dict(AdHocPlacement.Kind.choices), dict(Referral.DeclineReason.choices)
    return GapFigures(
        year=today.year,
        national_gap_cases=Case.objects.filter(
            national_gap=True, created_at__date__gte=start
        ).count(),
        ad_hoc_by_kind={str(kinds[row["kind"]]): row["n"] for row in ad_hoc},
        declines_by_reason={str(reasons[row["decline_reason"]]): row["n"] for row in declines},
    )


def work_counts(user: User) -> dict[str, int]:
    """What waits for this user, as counts only (no case data on the start page)."""
    open_cases = Case.objects.filter(assigned_to=user).exclude(status=CaseStatus.CLOSED)
    return {
        "unread": Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
        "my_open_cases": open_cases.count(),
        "my_new_signals": open_cases.filter(status=CaseStatus.NEW).count(),
        "pending_referrals": Referral.objects.filter(
            status=Referral.Status.PENDING, group__location__organisation_id=user.organisation_id
        ).count()
        if user.organisation_id
        else 0,
    }


def access_reasons_for(number: str) -> list[AccessReason]:
    """The reasons typed for sensitive looks at a case, for the privacy officer (the audit
    events refer to them as "reden #N")."""
    return list(AccessReason.objects.filter(case__number=number).select_related("user"))
