"""The waiting list with the assignment proposal, and the on-call roster."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veiligeplek.accounts.access import acting_user, role_required
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import PLACING_ROLES, Role
from veiligeplek.audit.context import audit_list, audit_refusal, context_for
from veiligeplek.cases.access import case_in_scope, ensure_writable, waiting_list_for
from veiligeplek.cases.forms import ShiftForm, group_from_post
from veiligeplek.cases.models import OnCallShift
from veiligeplek.cases.services.common import CaseError
from veiligeplek.cases.services.placement import placement_create
from veiligeplek.cases.services.roster import (
    roster_candidates,
    roster_scope_of,
    shift_add,
    shift_remove,
)
from veiligeplek.domain.assignment import WAITING_SATURATION_DAYS
from veiligeplek.registry.models import CareRegion
from veiligeplek.registry.overview import care_region_name


@role_required(*PLACING_ROLES)
@transaction.atomic
def waiting_list(request: HttpRequest) -> HttpResponse:
    waiting = waiting_list_for(acting_user(request))
    audit_list(request, "wachtlijst", [e.case.number for e in waiting.entries])
    return render(
        request,
        "cases/waiting_list.html",
        {
            "entries": waiting.entries,
            "proposal": waiting.proposal,
            "own_categories": sorted(waiting.own_categories),
            "saturation": WAITING_SATURATION_DAYS,
        },
    )


@require_POST
@role_required(*PLACING_ROLES)
def waiting_confirm(request: HttpRequest) -> HttpResponse:
    """Confirm one proposed placement (a human decides; the proposal only advises)."""
    case = case_in_scope(acting_user(request), request.POST.get("case", ""))
    group = group_from_post(request)
    try:
        ensure_writable(acting_user(request), case)
        placement_create(
            ctx=context_for(request, "wachtlijstvoorstel bevestigen"), case=case, group=group
        )
    except CaseError as error:
        messages.error(request, f"{error.field}: {error.message}")
        audit_refusal(request, case.number, "wachtlijstvoorstel", f"{error.field}: {error.message}")
    else:
        messages.success(
            request, _("%(n)s geplaatst bij %(l)s.") % {"n": case.number, "l": group.location}
        )
    return redirect("cases:waiting_list")


@role_required(*PLACING_ROLES, Role.ADMINISTRATOR)
def roster(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    scope = roster_scope_of(user) or _admin_scope(request)
    candidates = roster_candidates(*scope)
    choices = [(str(u.pk), u.get_full_name() or u.username) for u in candidates]
    now = timezone.now()
    start = timezone.localtime(now).replace(second=0, microsecond=0)
    form = ShiftForm(
        request.POST or None,
        users=choices,
        initial={"starts_at": start, "ends_at": start + dt.timedelta(hours=12)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            shift_add(
                acting_user=user,
                scope=scope[0],
                region=scope[1],
                user=User.objects.get(pk=data["user"]),
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
            )
        except CaseError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Dienst toegevoegd."))
            return redirect("cases:roster")
    shifts = OnCallShift.objects.filter(scope=scope[0], care_region_code=scope[1], ends_at__gt=now)
    on_duty = [s for s in shifts if s.starts_at <= now]
    return render(
        request,
        "cases/roster.html",
        {
            "form": form,
            "shifts": shifts.select_related("user"),
            "on_duty": on_duty,
            "scope": scope,
            "roster_title": _roster_title(*scope),
        },
    )


def _roster_title(scope: str, region: str) -> str:
    """Whose roster, by name: "CoMensha (landelijk)" or "regio Amsterdam-Amstelland"."""
    if scope == OnCallShift.Scope.REGION:
        return _("regio %(name)s") % {"name": care_region_name(region)}
    return str(OnCallShift.Scope(scope).label)


def _admin_scope(request: HttpRequest) -> tuple[str, str]:
    """An administrator chooses which roster to keep; an unknown one answers 404."""
    scope, region = request.GET.get("scope", "comensha"), request.GET.get("regio", "")
    if scope not in OnCallShift.Scope.values:
        raise Http404
    if scope == OnCallShift.Scope.REGION and not CareRegion.objects.filter(code=region).exists():
        raise Http404
    return scope, region if scope == OnCallShift.Scope.REGION else ""


@require_POST
@role_required(*PLACING_ROLES, Role.ADMINISTRATOR)
def roster_remove(request: HttpRequest, shift_id: int) -> HttpResponse:
    shift = get_object_or_404(OnCallShift, pk=shift_id)
    try:
        shift_remove(acting_user=acting_user(request), shift=shift)
    except CaseError:
        raise Http404 from None  # another roster's shift answers like a missing one
    messages.success(request, _("Dienst verwijderd."))
    return redirect("cases:roster")
