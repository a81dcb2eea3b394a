"""Signals: 24/7 intake, routing, assignment to whoever is on duty, pick-up, re-routing.

Assignment: the case goes to its owner's on-duty person — the regional coordinator of the
responsible region on the municipal track, CoMensha on the aliens-law track — and the on-duty
person of the placement authority is told too when that is another party (CoMensha for OMM,
the NLA for NLA places). With nobody on duty, or when nobody picks the signal up within
``SIGNAL_ESCALATION_MINUTES``, it escalates to the national on-duty coordinator at CoMensha.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veiligeplek.accounts.models import User
from veiligeplek.audit.models import Action
from veiligeplek.audit.services import AuditContext, audit_system
from veiligeplek.cases.models import Case, CaseIdentity, Deadline, RoutingRecord, Signal, Urgency
from veiligeplek.cases.models import TimelineEvent as Event
from veiligeplek.cases.routing import Routed, routing_decide
from veiligeplek.cases.services.common import (
    CaseError,
    audit,
    ensure_picked_up,
    national_fallback,
    new_case_number,
    notify,
    on_duty_for_authority,
    record,
    schedule,
)
from veiligeplek.cases.services.handover import handover_after_rerouting, holder_by_route
from veiligeplek.cases.workflow import CaseStatus
from veiligeplek.domain.deadlines import reflection_reminders
from veiligeplek.domain.facts import event_date_error


@dataclass(frozen=True)
class IdentityIn:
    full_name: str = ""
    date_of_birth: dt.date | None = None
    bsn: str = ""
    v_number: str = ""

    def is_empty(self) -> bool:
        return not (self.full_name or self.date_of_birth or self.bsn or self.v_number)


def signal_errors(
    *, urgency: str, callback_name: str, callback_phone: str, identity: IdentityIn
) -> list[CaseError]:
    """Every refusal of a signal's own fields (the facts are checked by the domain), so that
    the form shows them all at once; ``signal_submit`` raises the first."""
    errors = []
    if urgency not in Urgency.values:
        errors.append(CaseError("urgency", _("kies de urgentie")))
    if not callback_name.strip():
        errors.append(CaseError("callback_name", _("naam voor terugbellen is verplicht")))
    digits = [c for c in callback_phone if c.isdigit()]
    if len(digits) < 8 or any(c not in "0123456789+-() " for c in callback_phone):
        errors.append(
            CaseError(
                "callback_phone", _("geef een telefoonnummer om terug te bellen (min. 8 cijfers)")
            )
        )
    if identity.bsn and not (
        identity.bsn.isdigit() and len(identity.bsn) == 9 and _elfproef(identity.bsn)
    ):
        errors.append(CaseError("bsn", _("een BSN heeft 9 cijfers en voldoet aan de elfproef")))
    if identity.v_number and not (identity.v_number.isdigit() and len(identity.v_number) == 10):
        errors.append(CaseError("v_number", _("een V-nummer heeft 10 cijfers")))
    if identity.date_of_birth:
        message = event_date_error(identity.date_of_birth, today=timezone.localdate())
        if message:
            errors.append(CaseError("date_of_birth", message))
    return errors


def _elfproef(bsn: str) -> bool:
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return sum(int(d) * w for d, w in zip(bsn, weights, strict=True)) % 11 == 0


def _apply_decision(case: Case, routed: Routed) -> None:
    decision = routed.decision
    case.facts = routed.facts.to_dict()
    case.track = decision.track.value
    case.responsible_municipality = decision.responsible_municipality or ""
    case.care_region_code = decision.care_region or ""
    case.placement_authority = decision.placement_authority.value
    case.case_owner = decision.case_owner.value
    case.place_categories = [c.value for c in decision.place_categories]
    case.national_gap = decision.national_gap
    case.reflection_ends_on = (
        decision.reflection_period.ends_on if decision.reflection_period else None
    )


def _record_decision(case: Case, routed: Routed, *, user: User, reason: str) -> None:
    RoutingRecord.objects.create(
        case=case,
        decided_at=timezone.now(),
        decided_by=user,
        reason=reason,
        facts=routed.facts.to_dict(),
        decision=routed.decision.to_dict(),
        ruleset_version=routed.decision.ruleset_version,
    )
    record(
        case,
        Event.Kind.ROUTED,
        actor=user,
        reason=reason,
        track=case.track,
        authority=case.placement_authority,
        categories=case.place_categories,
        national_gap=case.national_gap,
        ruleset=routed.decision.ruleset_version,
    )


@transaction.atomic
def signal_submit(
    *,
    ctx: AuditContext,
    facts_data: dict[str, Any],
    urgency: str,
    callback_name: str,
    callback_phone: str,
    note: str = "",
    identity: IdentityIn | None = None,
) -> Case:
    """Create a case from a signal, route it, assign it to whoever is on duty, notify."""
    identity = identity or IdentityIn()
    errors = signal_errors(
        urgency=urgency,
        callback_name=callback_name,
        callback_phone=callback_phone,
        identity=identity,
    )
    if errors:
        raise errors[0]
    now = timezone.now()
    # Identified today unless known otherwise: the reflection period runs from a fixed date, it
    # must not slide along with the day on which the case is looked at.
    facts_data = {
        **facts_data,
        "identified_on": facts_data.get("identified_on") or timezone.localdate().isoformat(),
    }
    routed = routing_decide(facts_data, today=timezone.localdate())
    case = Case(
        number=new_case_number(),
        urgency=urgency,
        created_at=now,
        created_by=ctx.user,
        is_demo=ctx.user.is_demo,
    )
    _apply_decision(case, routed)
    case.save()
    Signal.objects.create(
        case=case,
        submitted_by=ctx.user,
        submitted_at=now,
        organisation=str(ctx.user.organisation or ""),
        callback_name=callback_name.strip(),
        callback_phone=callback_phone.strip(),
        note=note.strip(),
    )
    if not identity.is_empty():
        CaseIdentity.objects.create(case=case, **identity.__dict__)
    record(case, Event.Kind.SIGNAL, actor=ctx.user, at=now, urgency=urgency)
    _record_decision(case, routed, user=ctx.user, reason="signaal")
    audit(
        ctx,
        case,
        Action.CREATE,
        "signaal, feiten" + (", identiteit" if not identity.is_empty() else ""),
    )
    _assign(case, now=now)
    _schedule_reflection(case)
    return case


def _assign(case: Case, *, now: dt.datetime) -> None:
    owners = on_duty_for_authority(case.case_owner, case.care_region_code, at=now)
    label = "CRISIS: " if case.urgency == Urgency.CRISIS else ""
    if owners:
        case.assigned_to, case.assigned_at = owners[0], now
        case.save(update_fields=["assigned_to", "assigned_at"])
        record(case, Event.Kind.ASSIGNED, actor=None, to=owners[0].pk, role=owners[0].role)
        notify(owners, case, f"{label}Nieuw signaal {case.number}: u heeft dienst, pak het op.")
        due = now + dt.timedelta(minutes=settings.SIGNAL_ESCALATION_MINUTES)
        schedule(
            case,
            Deadline.Kind.SIGNAL_PICKUP,
            due,
            f"escalatie na {settings.SIGNAL_ESCALATION_MINUTES} minuten zonder oppakken",
        )
    else:
        escalate(case, reason="niemand van dienst")
    if case.placement_authority != case.case_owner:
        placers = on_duty_for_authority(case.placement_authority, case.care_region_code, at=now)
        notify(placers, case, f"{label}Signaal {case.number}: mogelijk plaatsing op uw plekken.")


def escalate(case: Case, *, reason: str, by_system: bool = False) -> None:
    """Hand the signal to the national on-duty coordinator (CoMensha). ``by_system``: done by
    the deadline sweep, not within someone's request, so it gets an audit event of its own."""
    if by_system:
        audit_system(
            action=Action.UPDATE,
            object_pseudonym=case.number,
            section="toewijzing",
            purpose=f"escalatie: {reason}",
        )
    signal = case.signal
    signal.escalated_at = timezone.now()
    signal.save(update_fields=["escalated_at"])
    national = national_fallback()
    if national:
        case.assigned_to, case.assigned_at = national[0], signal.escalated_at
        case.save(update_fields=["assigned_to", "assigned_at"])
    record(
        case,
        Event.Kind.ESCALATED,
        actor=None,
        reason=reason,
        to=national[0].pk if national else None,
    )
    notify(national, case, f"Escalatie: signaal {case.number} is niet opgepakt ({reason}).")


def _schedule_reflection(case: Case) -> None:
    if case.reflection_ends_on is None:
        return
    zone = timezone.get_current_timezone()
    for reminder in reflection_reminders(case.reflection_ends_on, today=timezone.localdate()):
        due = dt.datetime.combine(reminder.on, dt.time(9, 0), tzinfo=zone)
        schedule(
            case,
            Deadline.Kind.REFLECTION_REMINDER,
            due,
            reminder.rule,
            days_before=reminder.days_before,
            ends_on=case.reflection_ends_on.isoformat(),
        )


@transaction.atomic
def signal_pick_up(*, ctx: AuditContext, case: Case) -> Case:
    """The coordinator on duty takes the case: it is hers, and the escalation clock stops."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    ensure_picked_up(case, ctx.user)
    case.assigned_to, case.assigned_at = ctx.user, timezone.now()
    case.save(update_fields=["assigned_to", "assigned_at"])
    audit(ctx, case, Action.UPDATE, "toewijzing")
    return case


@transaction.atomic
def case_facts_correct(*, ctx: AuditContext, case: Case, facts_data: dict[str, Any]) -> Case:
    """Correct the facts and route again; every earlier decision is kept with its rule set."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == CaseStatus.CLOSED:
        raise CaseError(
            "facts", _("een afgesloten casus kan niet meer worden gewijzigd"), status=409
        )
    if not facts_data.get("identified_on"):
        facts_data = {**facts_data, "identified_on": case.facts.get("identified_on")}
    ensure_picked_up(case, ctx.user)
    routed = routing_decide(facts_data, today=timezone.localdate())
    before, holder = case.reflection_ends_on, holder_by_route(case)
    _apply_decision(case, routed)
    case.save()
    record(case, Event.Kind.FACTS_CORRECTED, actor=ctx.user)
    _record_decision(case, routed, user=ctx.user, reason="feiten gecorrigeerd")
    handover_after_rerouting(case, before=holder, actor=ctx.user)
    if case.reflection_ends_on != before:
        case.deadlines.filter(kind=Deadline.Kind.REFLECTION_REMINDER, done_at__isnull=True).update(
            done_at=timezone.now()
        )
        _schedule_reflection(case)
    audit(ctx, case, Action.UPDATE, "feiten")
    return case
