"""Shelter staff: referrals to their locations (accept or decline with a reason) and the
people placed with them (outflow)."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veiligeplek.accounts.access import acting_user, role_required
from veiligeplek.accounts.roles import Role
from veiligeplek.audit.context import audit_list, context_for
from veiligeplek.cases.access import referral_for_shelter
from veiligeplek.cases.forms import DeclineForm, OutflowForm
from veiligeplek.cases.models import Placement, Referral
from veiligeplek.cases.presenters import referral_facts, refusal_text
from veiligeplek.cases.services.common import CaseError
from veiligeplek.cases.services.placement import referral_accept, referral_decline


def _organisation(request: HttpRequest) -> int:
    org = acting_user(request).organisation_id
    if org is None:
        raise Http404
    return org


def _referral(request: HttpRequest, referral_id: int) -> Referral:
    return referral_for_shelter(acting_user(request), referral_id)


@role_required(Role.SHELTER_STAFF)
def referrals(request: HttpRequest) -> HttpResponse:
    return _referrals_page(request)


@transaction.atomic
def _referrals_page(
    request: HttpRequest,
    *,
    declining: tuple[int, DeclineForm, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The shelter's referrals and residents; ``declining`` keeps a refused decline (which
    referral, the form as filled in, the error) at its card, so nothing has to be chosen again."""
    org = _organisation(request)
    pending = list(
        Referral.objects.filter(
            status=Referral.Status.PENDING, group__location__organisation_id=org
        )
        .select_related("case", "group__location")
        .prefetch_related("holds")
    )
    placed = list(
        Placement.objects.filter(
            ended_at__isnull=True, place__group__location__organisation_id=org
        ).select_related("case", "place__group__location")
    )
    shown = [r.case.number for r in pending] + [p.case.number for p in placed]
    audit_list(request, "verwijzingen en bewoners", shown)
    for referral in pending:
        referral.facts_text = referral_facts(referral.case.facts)  # type: ignore[attr-defined]
    failed_id, failed_form, error = declining or (None, DeclineForm(), "")
    return render(
        request,
        "cases/referrals.html",
        {
            "pending": pending,
            "placed": placed,
            "decline_form": DeclineForm(),
            "declining_id": failed_id,
            "declining_reason": failed_form.data.get("decline_reason", ""),
            "declining_text": failed_form.data.get("decline_text", ""),
            "declining_error": error,
            "outflow_form": OutflowForm(),
        },
        status=status,
    )


@require_POST
@role_required(Role.SHELTER_STAFF)
def referral_accept_view(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    try:
        referral_accept(ctx=context_for(request, "verwijzing accepteren"), referral=referral)
    except CaseError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(n)s geaccepteerd en geplaatst.") % {"n": referral.case.number}
        )
    return redirect("cases:referrals")


@require_POST
@role_required(Role.SHELTER_STAFF)
def referral_decline_view(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        error = _("Reden van afwijzing: kies een reden uit de lijst.")
        return _referrals_page(request, declining=(referral.pk, form, error), status=422)
    try:
        referral_decline(
            ctx=context_for(request, "verwijzing afwijzen"),
            referral=referral,
            reason=form.cleaned_data["decline_reason"],
            text=form.cleaned_data["decline_text"],
        )
    except CaseError as error:
        text = refusal_text(error.field, error.message)
        return _referrals_page(request, declining=(referral.pk, form, text), status=422)
    messages.success(
        request, _("%(n)s afgewezen; de verwijzer is bericht.") % {"n": referral.case.number}
    )
    return redirect("cases:referrals")
