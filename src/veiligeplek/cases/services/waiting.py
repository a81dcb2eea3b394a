"""The waiting list, ad hoc placements, and proposals when a bed frees up.

Priority (urgency, safety risk, days waiting) and the proposal itself come from the domain's
batch assignment (``domain/assignment.py``): it maximises priority-weighted fit under
eligibility. A proposal is advice: a person with placement authority confirms it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veiligeplek.audit.models import Action
from veiligeplek.audit.services import AuditContext
from veiligeplek.cases.models import AdHocPlacement, Case, Urgency, WaitingListEntry
from veiligeplek.cases.models import TimelineEvent as Event
from veiligeplek.cases.routing import routing_decide
from veiligeplek.cases.services.common import (
    CaseError,
    ConflictError,
    audit,
    ensure_picked_up,
    move,
    notify,
    on_duty_for_authority,
    record,
)
from veiligeplek.cases.services.holds import active_holds
from veiligeplek.cases.workflow import CaseStatus
from veiligeplek.domain.assignment import WaitingCase, priority, propose_assignment
from veiligeplek.domain.enums import CATEGORY_LABELS_NL, PlaceCategory
from veiligeplek.registry.matching_cache import place_groups_for_matching, region_table_on
from veiligeplek.registry.models import Municipality, PlaceGroup


@transaction.atomic
def waiting_list_add(*, ctx: AuditContext, case: Case, category: str) -> WaitingListEntry:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status in (CaseStatus.CLOSED, CaseStatus.PLACED):
        raise ConflictError("case", _("de casus is al geplaatst of afgesloten"))
    if category not in case.place_categories:
        raise CaseError("category", _("deze categorie hoort niet bij de route van de casus"))
    if case.waiting.filter(category=category, removed_at__isnull=True).exists():
        raise ConflictError("category", _("de casus staat al op deze wachtlijst"))
    ensure_picked_up(case, ctx.user)
    entry = WaitingListEntry.objects.create(
        case=case, category=category, added_at=timezone.now(), added_by=ctx.user
    )
    if case.status != CaseStatus.WAITING:
        move(case, CaseStatus.WAITING)
    record(case, Event.Kind.WAITING, actor=ctx.user, category=category)
    audit(ctx, case, Action.UPDATE, "wachtlijst")
    return entry


@transaction.atomic
def waiting_list_remove(*, ctx: AuditContext, entry: WaitingListEntry, reason: str) -> None:
    if not reason.strip():
        raise CaseError("reason", _("geef een reden"))
    entry = WaitingListEntry.objects.select_for_update().select_related("case").get(pk=entry.pk)
    if entry.removed_at is not None:
        raise ConflictError("entry", _("al van de wachtlijst gehaald"))
    entry.removed_at, entry.removal_reason = timezone.now(), reason.strip()[:100]
    entry.save(update_fields=["removed_at", "removal_reason"])
    case = entry.case
    record(case, Event.Kind.WAITING_REMOVED, actor=ctx.user, category=entry.category)
    if (
        case.status == CaseStatus.WAITING
        and not case.waiting.filter(removed_at__isnull=True).exists()
    ):
        move(case, CaseStatus.SEARCHING)
    audit(ctx, case, Action.UPDATE, "wachtlijst")


@transaction.atomic
def ad_hoc_record(
    *, ctx: AuditContext, case: Case, kind: str, municipality: str, reason: str
) -> AdHocPlacement:
    """Where the victim went when nothing suitable was free. Keeps the case on the waiting list."""
    if kind not in AdHocPlacement.Kind.values:
        raise CaseError("kind", _("kies het soort ad-hocplek"))
    if not Municipality.objects.filter(pk=municipality).exists():
        raise CaseError("municipality", _("onbekende gemeente"))
    if not reason.strip():
        raise CaseError("reason", _("waarom ad hoc: geef de reden"))
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status in (CaseStatus.CLOSED, CaseStatus.PLACED):
        raise ConflictError("case", _("de casus is al geplaatst of afgesloten"))
    ensure_picked_up(case, ctx.user)
    now = timezone.now()
    case.ad_hoc.filter(ended_at__isnull=True).update(ended_at=now)
    ad_hoc = AdHocPlacement.objects.create(
        case=case,
        kind=kind,
        municipality=municipality,
        reason=reason.strip()[:300],
        started_at=now,
        created_by=ctx.user,
    )
    target = (
        CaseStatus.WAITING
        if case.waiting.filter(removed_at__isnull=True).exists()
        else CaseStatus.SEARCHING
    )
    if case.status != target:
        move(case, target)
    record(
        case,
        Event.Kind.AD_HOC,
        actor=ctx.user,
        ad_hoc=kind,
        municipality=municipality,
        national_gap=case.national_gap,
    )
    audit(ctx, case, Action.UPDATE, "ad-hocplaatsing")
    return ad_hoc


@dataclass(frozen=True)
class ProposedPlacement:
    entry: WaitingListEntry
    group: PlaceGroup
    priority: float


def _waiting_case(entry: WaitingListEntry, today: dt.date, now: dt.datetime) -> WaitingCase:
    routed = routing_decide(entry.case.facts, today=today)
    return WaitingCase(
        case_id=entry.case.number,
        facts=routed.facts,
        decision=routed.decision,
        urgent=entry.case.urgency == Urgency.CRISIS,
        days_waiting=(now - entry.added_at).days,
    )


def waiting_proposal(*, categories: list[str] | None = None) -> list[ProposedPlacement]:
    """Who should get the free beds now, per waiting-list category, best first."""
    now, today = timezone.now(), timezone.localdate()
    regions = region_table_on(today)
    places = place_groups_for_matching(holds=active_holds(now=now))
    groups = {g.external_id: g for g in PlaceGroup.objects.select_related("location")}
    proposed: list[ProposedPlacement] = []
    taken: set[str] = set()
    for category in categories or [c.value for c in PlaceCategory]:
        entries = [
            e
            for e in WaitingListEntry.objects.filter(
                removed_at__isnull=True, category=category
            ).select_related("case")
            if e.case.number not in taken
        ]
        if not entries:
            continue
        waiting = [_waiting_case(e, today, now) for e in entries]
        offers = [p for p in places if p.category == category]
        proposal = propose_assignment(
            waiting, offers, regions=regions, now=now, stale_after=settings.AVAILABILITY_STALE_AFTER
        )
        by_number = {e.case.number: (e, w) for e, w in zip(entries, waiting, strict=True)}
        for number, group_id in proposal.pairs:
            entry, case = by_number[number]
            proposed.append(ProposedPlacement(entry, groups[group_id], priority(case)))
            taken.add(number)
    return proposed


def announce_freed_bed(group: PlaceGroup) -> None:
    """A bed came free: tell the placing authority on duty whom the proposal puts first."""
    proposals = [p for p in waiting_proposal(categories=[group.category]) if p.group.pk == group.pk]
    if not proposals:
        return
    first = proposals[0]
    region = first.entry.case.care_region_code
    users = on_duty_for_authority(group.placement_authority, region)
    label = CATEGORY_LABELS_NL[PlaceCategory(group.category)]
    notify(
        users,
        first.entry.case,
        f"Plek vrij bij {group.location} ({label}): voorstel {first.entry.case.number} "
        "van de wachtlijst. Bevestig op de wachtlijstpagina.",
    )
