"""Views on the audit log for the privacy officer: who saw this person, what did this user do,
and every break-the-glass access. Looking at the log is itself logged."""

from __future__ import annotations

import re

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from veiligeplek.accounts.access import role_required
from veiligeplek.accounts.roles import Role
from veiligeplek.audit.context import context_for
from veiligeplek.audit.models import Action, AuditEvent
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
    return render(request, "audit/home.html", {"alerts": alerts})


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
