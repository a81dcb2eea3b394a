"""Views on the audit log for the privacy officer: who saw this person, what did this user do,
and every break-the-glass access. Looking at the log is itself logged."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from veiligeplek.accounts.access import role_required
from veiligeplek.accounts.roles import Role
from veiligeplek.audit.context import context_for
from veiligeplek.audit.models import Action, AuditEvent, Result
from veiligeplek.audit.services import audit_record
from veiligeplek.cases.selectors import access_reasons_for

PAGE = 500
CASE_NUMBER = re.compile(r"VP-[0-9A-Z]{4}-[0-9A-Z]{4}")
USERNAME = re.compile(r"[\w.@+-]{1,150}")


@role_required(Role.PRIVACY_OFFICER)
def audit_home(request: HttpRequest) -> HttpResponse:
    number = request.GET.get("casus", "").strip().upper()
    username = request.GET.get("gebruiker", "").strip()
    if number and CASE_NUMBER.fullmatch(number):
        return redirect("audit:case", number=number)
    if username and USERNAME.fullmatch(username):
        return redirect("audit:user", username=username)
    alerts = AuditEvent.objects.filter(break_glass=True).order_by("-sequence")[:100]
    context = {"alerts": alerts, "grants": grants_opened(), "denials": repeated_denials()}
    return render(request, "audit/home.html", context)


# Denied attempts by one account within a day from which the privacy officer is shown them.
REPEATED_DENIALS = 3


@dataclass(frozen=True)
class Denials:
    username: str
    count: int
    last: dt.datetime
    targets: list[str]


def repeated_denials(now: dt.datetime | None = None) -> list[Denials]:
    """Accounts with REPEATED_DENIALS or more refused requests in the last 24 hours (probing for
    case numbers, or looking outside one's scope), most first."""
    since = (now or timezone.now()) - dt.timedelta(hours=24)
    rows = (
        AuditEvent.objects.filter(result=Result.DENIED, at__gte=since)
        .values("actor_username")
        .annotate(count=Count("pk"), last=Max("at"))
        .filter(count__gte=REPEATED_DENIALS)
        .order_by("-count", "actor_username")[:100]
    )
    found = []
    for row in rows:
        targets = AuditEvent.objects.filter(
            result=Result.DENIED, at__gte=since, actor_username=row["actor_username"]
        ).values_list("object_pseudonym", flat=True)
        found.append(
            Denials(row["actor_username"], row["count"], row["last"], sorted(set(targets))[:20])
        )
    return found


@dataclass(frozen=True)
class GrantOpened:
    grant: int
    opened: AuditEvent
    events: list[AuditEvent]


def grants_opened() -> list[GrantOpened]:
    """Each break-the-glass grant with everything done under it (the latest 50 grants)."""
    opened = list(
        AuditEvent.objects.filter(
            action=Action.BREAK_GLASS, result=Result.OK, break_glass_grant__isnull=False
        ).order_by("-sequence")[:50]
    )
    under: dict[int, list[AuditEvent]] = {}
    grant_ids = [e.break_glass_grant for e in opened if e.break_glass_grant is not None]
    for event in AuditEvent.objects.filter(break_glass_grant__in=grant_ids).exclude(
        action=Action.BREAK_GLASS
    ):
        under.setdefault(event.break_glass_grant or 0, []).append(event)
    return [
        GrantOpened(e.break_glass_grant or 0, e, under.get(e.break_glass_grant or 0, []))
        for e in opened
    ]


@role_required(Role.PRIVACY_OFFICER)
@transaction.atomic
def audit_case(request: HttpRequest, number: str) -> HttpResponse:
    audit_record(
        context_for(request, "wie zag deze persoon"),
        action=Action.READ,
        object_type="auditlog",
        object_pseudonym=number,
        section="per casus",
    )
    events = AuditEvent.objects.filter(object_type="case", object_pseudonym=number).order_by(
        "-sequence"
    )
    reasons = access_reasons_for(number)
    response = render(
        request, "audit/events.html", {"title": number, "events": events[:PAGE], "reasons": reasons}
    )
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.PRIVACY_OFFICER)
@transaction.atomic
def audit_user(request: HttpRequest, username: str) -> HttpResponse:
    audit_record(
        context_for(request, "wat deed deze gebruiker"),
        action=Action.READ,
        object_type="auditlog",
        object_pseudonym=username[:40],
        section="per gebruiker",
    )
    events = AuditEvent.objects.filter(actor_username=username).order_by("-sequence")
    response = render(request, "audit/events.html", {"title": username, "events": events[:PAGE]})
    response["Cache-Control"] = "no-store"
    return response
