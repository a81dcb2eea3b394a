"""Processing due deadlines: escalations, reminders, expired holds, stale availability.

Deadline rows are the truth; the background worker is only woken at each due time (and
``veiligeplek process-deadlines`` sweeps the same way, e.g. from cron). Processing is
idempotent: a deadline is marked done in the same transaction as its effect.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from veiligeplek.audit.models import Action
from veiligeplek.audit.services import audit_system
from veiligeplek.cases.models import Case, Deadline, Hold
from veiligeplek.cases.models import TimelineEvent as Event
from veiligeplek.cases.services.common import notify, record
from veiligeplek.cases.services.intake import escalate
from veiligeplek.cases.services.placement import expire_hold
from veiligeplek.cases.services.retention import retention_apply
from veiligeplek.cases.workflow import CaseStatus
from veiligeplek.domain.rules import dutch_date
from veiligeplek.registry.models import Location, PlaceGroup

log = logging.getLogger(__name__)


def deadlines_process(*, now: dt.datetime | None = None) -> int:
    """Process every due, open deadline; returns how many were handled. One failing deadline
    is logged and skipped, so that it cannot hold up the others."""
    now = now or timezone.now()
    handled = 0
    due = Deadline.objects.filter(done_at__isnull=True, due_at__lte=now).order_by("due_at")
    for deadline_id in due.values_list("pk", flat=True):
        try:
            handled += _process_one(deadline_id, now=now)
        except Exception:  # one broken deadline must not stop escalations for everyone else
            log.exception("deadline %s could not be processed; it stays open", deadline_id)
    handled += stale_availability_remind(now=now)
    plan = retention_apply(now=now)
    return handled + len(plan.identity) + len(plan.anonymise)


@transaction.atomic
def _process_one(deadline_id: int, *, now: dt.datetime) -> int:
    # The case first, then the deadline (as the services do): a coordinator picking up at the
    # very moment the escalation runs cannot deadlock with it.
    case_id = Deadline.objects.values_list("case_id", flat=True).get(pk=deadline_id)
    Case.objects.select_for_update().filter(pk=case_id).first()
    deadline = (
        Deadline.objects.select_for_update(of=("self",)).select_related("case").get(pk=deadline_id)
    )
    if deadline.done_at is not None:
        return 0
    HANDLERS[Deadline.Kind(deadline.kind)](deadline, now)
    deadline.done_at = now
    deadline.save(update_fields=["done_at"])
    return 1


def _signal_pickup(deadline: Deadline, now: dt.datetime) -> None:
    case = deadline.case
    signal = case.signal
    # Only a signal that nobody acted on escalates (acting on it counts as picking it up).
    if (
        case.status == CaseStatus.NEW
        and signal.picked_up_at is None
        and signal.escalated_at is None
    ):
        reason = f"niet opgepakt binnen {settings.SIGNAL_ESCALATION_MINUTES} minuten"
        escalate(case, reason=reason, by_system=True)


def _reflection(deadline: Deadline, now: dt.datetime) -> None:
    case = deadline.case
    if case.closed_at is not None or case.reflection_ends_on is None:
        return
    days = deadline.detail.get("days_before")
    message = (
        f"Bedenktijd van {case.number} loopt af op {dutch_date(case.reflection_ends_on)} "
        f"(over {days} dagen)."
    )
    record(
        case,
        Event.Kind.REMINDER,
        actor=None,
        reminder="reflection",
        days_before=days,
        rule=deadline.rule,
    )
    notify([u for u in [case.assigned_to] if u], case, message)


def _hold_expiry(deadline: Deadline, now: dt.datetime) -> None:
    for hold in Hold.objects.filter(
        referral_id=deadline.detail.get("referral"), released_at__isnull=True
    ):
        expire_hold(hold, now=now)
        audit_system(
            action=Action.UPDATE,
            object_pseudonym=deadline.case.number,
            section="verwijzing",
            purpose="reservering verlopen",
        )


def _max_stay(deadline: Deadline, now: dt.datetime) -> None:
    case = deadline.case
    if case.placements.filter(pk=deadline.detail.get("placement"), ended_at__isnull=True).exists():
        record(case, Event.Kind.REMINDER, actor=None, reminder="max_stay", rule=deadline.rule)
        notify(
            [u for u in [case.assigned_to] if u],
            case,
            f"{case.number}: de maximale verblijfsduur is bereikt; regel uitstroom of verlenging.",
        )


HANDLERS = {
    Deadline.Kind.SIGNAL_PICKUP: _signal_pickup,
    Deadline.Kind.REFLECTION_REMINDER: _reflection,
    Deadline.Kind.HOLD_EXPIRY: _hold_expiry,
    Deadline.Kind.MAX_STAY: _max_stay,
}


def stale_availability_remind(*, now: dt.datetime) -> int:
    """Nudge shelter staff once per freshness window when a location's availability is stale."""
    threshold = now - settings.AVAILABILITY_STALE_AFTER
    stale_groups = PlaceGroup.objects.filter(
        Q(availability_updated_at__isnull=True) | Q(availability_updated_at__lt=threshold)
    )
    locations = Location.objects.filter(pk__in=stale_groups.values("location_id")).filter(
        Q(stale_reminded_at__isnull=True) | Q(stale_reminded_at__lt=threshold)
    )
    count = 0
    for location in locations.select_related("organisation"):
        staff = list(location.organisation.users.filter(is_active=True, role="shelter_staff"))
        notify(staff, None, f"De beschikbaarheid van {location.name} is verouderd: werk haar bij.")
        location.stale_reminded_at = now
        location.save(update_fields=["stale_reminded_at"])
        count += 1
    return count
