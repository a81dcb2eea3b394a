"""The case pages: list, detail (decision, places, referrals, placement, timeline) and actions.

Every read of a case writes an audit event (section and purpose) in the same transaction;
every action goes through one service and reports refusals in Dutch, naming the field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veiligeplek.accounts.access import acting_user, role_required
from veiligeplek.accounts.mfa import ThrottledError, code_verify
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import PHONE_ROLES, PLACING_ROLES, Role
from veiligeplek.audit.context import audit_list, audit_refusal, context_for
from veiligeplek.audit.models import Action
from veiligeplek.cases.access import (
    AUTHORITY_OF_ROLE,
    active_placement_for,
    case_in_scope,
    cases_visible_to,
    ensure_writable,
    is_read_only,
    may_see_identity,
    placed_by,
)
from veiligeplek.cases.forms import AdHocForm, CaseFactsForm, OutflowForm, group_from_post
from veiligeplek.cases.models import AccessReason, Case, MatchSearch
from veiligeplek.cases.presenters import refusal_text
from veiligeplek.cases.routing import routing_decide
from veiligeplek.cases.services import closing, intake, placement, waiting
from veiligeplek.cases.services.access_reasons import access_reason_record
from veiligeplek.cases.services.break_glass import break_glass_open
from veiligeplek.cases.services.common import CaseError, audit
from veiligeplek.cases.timeline import case_times, duration_nl
from veiligeplek.cases.views.places import match_shown, places_context
from veiligeplek.cases.workflow import CaseStatus, TransitionError
from veiligeplek.domain.facts import InvalidFactsError
from veiligeplek.registry.models import Location, PlaceGroup

CASE_ROLES = (*PLACING_ROLES, Role.SHELTER_STAFF)
OPEN = (
    CaseStatus.NEW,
    CaseStatus.ASSESSING,
    CaseStatus.SEARCHING,
    CaseStatus.REFERRED,
    CaseStatus.WAITING,
)


@role_required(*CASE_ROLES)
@transaction.atomic
def case_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    show = request.GET.get("toon", "open")
    cases = cases_visible_to(user).select_related("assigned_to")
    if show == "open":
        cases = cases.exclude(status=CaseStatus.CLOSED)
    elif show == "mijn":
        cases = cases.filter(assigned_to=user).exclude(status=CaseStatus.CLOSED)
    shown = list(cases[:300])
    audit_list(request, f"casussen ({show})", [c.number for c in shown])
    return render(request, "cases/case_list.html", {"cases": shown, "show": show})


@role_required(*CASE_ROLES)
@transaction.atomic
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    user = acting_user(request)
    case = case_in_scope(user, number)
    read_only = is_read_only(user, case)
    context: dict[str, Any] = {
        "case": case,
        "read_only": read_only,
        "is_placer": user.role in PLACING_ROLES and not read_only,
        "may_see_identity": may_see_identity(user, case) and case.anonymised_at is None,
        "times": {
            k: duration_nl(v) for k, v in case_times(case).__dict__.items() if k != "signal_at"
        },
        "timeline": case.timeline.select_related("actor"),
        "decisions": case.decisions.all(),
        "referrals": case.referrals.select_related("group__location"),
        "placement": active_placement_for(user, case),
        "waiting": case.waiting.filter(removed_at__isnull=True),
        "ad_hoc": case.ad_hoc.all(),
        "deadlines": case.deadlines.filter(done_at__isnull=True),
        "outflow_form": OutflowForm(),
        "close_reasons": closing.CloseReason.choices,
    }
    if case.anonymised_at is None:  # an anonymised case keeps only its figures: no routing
        context |= _decision_and_places(user, case)
    if read_only:
        context["can_refer"] = False
    # The read is logged last, so that the audit chain's lock is held for as short as possible.
    audit(context_for(request, "casus inzien: dossier"), case, Action.READ, "dossier")
    response = render(request, "cases/case_detail.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _decision_and_places(user: User, case: Case) -> dict[str, Any]:
    routed = routing_decide(case.facts, today=timezone.localdate())
    open_case = case.status in OPEN
    result = (
        match_shown(
            routed, user, now=timezone.now(), channel=MatchSearch.Channel.CASE_PAGE, case=case
        )
        if open_case
        else None
    )
    return {
        **places_context(routed, result, show_phone=user.role in PHONE_ROLES),
        "group_pks": dict(PlaceGroup.objects.values_list("external_id", "pk")),
        "can_refer": user.role in PLACING_ROLES and open_case,
        "place_authorities": {AUTHORITY_OF_ROLE[user.role].value}
        if user.role in AUTHORITY_OF_ROLE
        else set(),
        "ad_hoc_form": AdHocForm(initial={"municipality": case.facts.get("found_municipality")}),
    }


@role_required(*CASE_ROLES)
@transaction.atomic
def case_identity(request: HttpRequest, number: str) -> HttpResponse:
    """Identity details on request only, each look audited; 404 for roles that may not."""
    case = case_in_scope(acting_user(request), number)
    if not may_see_identity(acting_user(request), case):
        return render(request, "404.html", status=404)
    audit(context_for(request, "identiteit inzien"), case, Action.READ, "identiteit")
    identity = getattr(case, "identity", None)
    response = render(request, "cases/_identity.html", {"case": case, "identity": identity})
    response["Cache-Control"] = "no-store"
    return response


def _act(
    request: HttpRequest,
    number: str,
    action: Callable[[Case], object],
    done: str,
    then: str = "",
) -> HttpResponse:
    """Run one service; a refusal is shown in Dutch and logged as a denied attempt. The page
    goes back to the case, or to ``then`` (a URL name) once the action is done."""
    case = case_in_scope(acting_user(request), number)
    try:
        ensure_writable(acting_user(request), case)
        action(case)
    except (CaseError, InvalidFactsError, TransitionError) as error:
        if isinstance(error, TransitionError):
            text = str(error.message)
        else:
            text = refusal_text(error.field, error.message)
        messages.error(request, text)
        audit_refusal(request, case.number, request.path.rstrip("/").rsplit("/", 1)[-1], text)
    else:
        messages.success(request, done)
        if then:
            return redirect(then)
    return redirect("cases:detail", number=number)


@require_POST
@role_required(*PLACING_ROLES)
def case_pick_up(request: HttpRequest, number: str) -> HttpResponse:
    ctx = context_for(request, "signaal oppakken")
    return _act(
        request,
        number,
        lambda case: intake.signal_pick_up(ctx=ctx, case=case),
        _("U heeft de casus opgepakt."),
    )


def _at_group(
    request: HttpRequest, number: str, purpose: str, service: Callable[..., object], done: str
) -> HttpResponse:
    """Refer or place at the posted group, with the posted reason to depart from the route;
    ``done`` names the location as ``%(l)s``."""
    ctx, group = context_for(request, purpose), group_from_post(request)
    reason = request.POST.get("override_reason", "")
    return _act(
        request,
        number,
        lambda case: service(ctx=ctx, case=case, group=group, override_reason=reason),
        done % {"l": group.location},
    )


@require_POST
@role_required(*PLACING_ROLES)
def case_refer(request: HttpRequest, number: str) -> HttpResponse:
    done = _("Verwezen naar %(l)s; er is een bed gereserveerd.")
    return _at_group(request, number, "verwijzen", placement.referral_create, done)


@require_POST
@role_required(*PLACING_ROLES)
def case_place(request: HttpRequest, number: str) -> HttpResponse:
    done = _("Geplaatst bij %(l)s.")
    return _at_group(request, number, "plaatsen", placement.placement_create, done)


@require_POST
@role_required(*PLACING_ROLES)
def case_wait(request: HttpRequest, number: str) -> HttpResponse:
    ctx, category = context_for(request, "wachtlijst"), request.POST.get("category", "")
    return _act(
        request,
        number,
        lambda case: waiting.waiting_list_add(ctx=ctx, case=case, category=category),
        _("Op de wachtlijst gezet."),
    )


@require_POST
@role_required(*PLACING_ROLES)
def case_unwait(request: HttpRequest, number: str) -> HttpResponse:
    """Take the case off one waiting list, with a reason."""
    ctx, category = context_for(request, "van wachtlijst"), request.POST.get("category", "")
    reason = request.POST.get("reason", "")

    def remove(case: Case) -> None:
        entry = case.waiting.filter(category=category, removed_at__isnull=True).first()
        if entry is None:
            raise CaseError("category", _("de casus staat niet op deze wachtlijst"))
        waiting.waiting_list_remove(ctx=ctx, entry=entry, reason=reason)

    return _act(request, number, remove, _("Van de wachtlijst gehaald."))


@require_POST
@role_required(*PLACING_ROLES)
def case_close_view(request: HttpRequest, number: str) -> HttpResponse:
    ctx, reason = context_for(request, "casus afsluiten"), request.POST.get("reason", "")
    return _act(
        request,
        number,
        lambda case: closing.case_close(ctx=ctx, case=case, reason=reason),
        _("Casus afgesloten."),
    )


@require_POST
@role_required(*PLACING_ROLES)
def case_ad_hoc(request: HttpRequest, number: str) -> HttpResponse:
    form = AdHocForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(
                request, f"{form.fields[field].label}: {' '.join(str(e) for e in errors)}"
            )
        return redirect("cases:detail", number=number)
    ctx, data = context_for(request, "ad-hocplaatsing"), form.cleaned_data
    return _act(
        request,
        number,
        lambda case: waiting.ad_hoc_record(
            ctx=ctx,
            case=case,
            kind=data["kind"],
            municipality=data["municipality"],
            reason=data["reason"],
        ),
        _("Ad-hocplaatsing vastgelegd; de casus blijft zoeken of wachten."),
    )


@require_POST
@role_required(*CASE_ROLES)
def case_outflow(request: HttpRequest, number: str) -> HttpResponse:
    case = case_in_scope(acting_user(request), number)
    form = OutflowForm(request.POST)
    current = active_placement_for(acting_user(request), case)
    # Shelter staff have no case page: they go back to their referrals and residents.
    back = "cases:referrals" if acting_user(request).role == Role.SHELTER_STAFF else ""
    if not form.is_valid() or current is None:
        messages.error(request, _("Uitstroom: kies waar het slachtoffer naartoe gaat."))
        return redirect(back) if back else redirect("cases:detail", number=number)
    ctx, data = context_for(request, "uitstroom"), form.cleaned_data
    bed = current.place
    done = _("Uitstroom van %(case)s vastgelegd; %(group)s, bed %(bed)s is weer vrij.") % {
        "case": number,
        "group": bed.group.location,
        "bed": bed.number,
    }
    return _act(
        request,
        number,
        lambda case: placement.placement_end(
            ctx=ctx, placement=current, outflow=data["outflow"], note=data["outflow_note"]
        ),
        done,
        then=back,
    )


@role_required(*PLACING_ROLES)
def case_facts(request: HttpRequest, number: str) -> HttpResponse:
    """Correct the facts; routing runs again and the earlier decision is kept."""
    case = case_in_scope(acting_user(request), number)
    if request.method == "GET":
        with transaction.atomic():
            audit(
                context_for(request, "feiten inzien om te corrigeren"), case, Action.READ, "feiten"
            )
    initial = dict(case.facts)
    initial["legal_residence"] = {True: "yes", False: "no"}.get(
        case.facts.get("legal_residence"), ""
    )
    form = CaseFactsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ensure_writable(acting_user(request), case)
            intake.case_facts_correct(
                ctx=context_for(request, "feiten corrigeren"),
                case=case,
                facts_data=form.facts_data(),
            )
        except InvalidFactsError as error:
            form.add_facts_error(error)
        except CaseError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Feiten gecorrigeerd; de route is opnieuw bepaald."))
            return redirect("cases:detail", number=number)
    return render(request, "cases/case_facts.html", {"case": case, "form": form})


@role_required(*PLACING_ROLES)
def break_glass(request: HttpRequest) -> HttpResponse:
    """Emergency access to a case outside one's scope, with a reason; flagged and reported."""
    error = None
    if request.method == "POST":
        number, reason = request.POST.get("number", ""), request.POST.get("reason", "")
        try:
            grant = break_glass_open(
                ctx=context_for(request, "noodtoegang"), number=number, reason=reason
            )
        except CaseError as refused:
            error = f"{refused.field}: {refused.message}"
        else:
            messages.warning(
                request,
                _("Noodtoegang tot %(n)s verleend; de privacyfunctionaris is ingelicht.")
                % {"n": grant.case.number},
            )
            return redirect("cases:detail", number=grant.case.number)
    return render(request, "cases/break_glass.html", {"error": error}, status=422 if error else 200)


@role_required(*PLACING_ROLES)
@transaction.atomic
def case_address(request: HttpRequest, number: str) -> HttpResponse:
    """The street address of the shelter where the case is placed: only for the professional
    who placed or referred the person, or who holds the case, after a fresh code from her
    authenticator (step-up) and a stated reason. 404 for everyone else."""
    user = acting_user(request)
    case = case_in_scope(user, number)
    current = active_placement_for(user, case)
    if current is None or not placed_by(user, case, current):
        raise Http404
    location = current.place.group.location
    address, error = None, None
    if request.method == "POST":
        address, error = _step_up(request, user, case, location)
    else:
        audit(
            context_for(request, "opvanglocatie van de casus"), case, Action.READ, "opvanglocatie"
        )
    response = render(
        request,
        "cases/address.html",
        {"case": case, "location": location, "address": address, "error": error},
        status=422 if error else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


def _step_up(
    request: HttpRequest, user: User, case: Case, location: Location
) -> tuple[str | None, str | None]:
    reason = request.POST.get("reason", "").strip()
    if len(reason) < 10:
        return None, _("Reden: geef de reden in minstens 10 tekens.")
    try:
        device = code_verify(user, request.POST.get("code", ""))
    except ThrottledError:
        return None, _("Code: te veel pogingen; wacht even en probeer het opnieuw.")
    if device is None:
        return None, _("Code: onjuist. Voer de code uit uw authenticator-app in.")
    access_reason_record(
        ctx=context_for(request, "adres opvang"),
        case=case,
        kind=AccessReason.Kind.ADDRESS,
        reason=reason,
        action=Action.READ,
        section="opvangadres",
    )
    return location.street_address, None
