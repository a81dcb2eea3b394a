"""Referrals, holds, placements and outflow. No bed is ever double-booked.

The guarantee is the database's: a partial unique index allows one active placement per bed
(and one open hold per bed). The services lock the bed row (``select_for_update``) on the
read-then-write path, so that the second of two simultaneous attempts sees the bed taken and
gets a clean conflict (HTTP 409, a Dutch message); were the lock ever bypassed, the index
still refuses the second row and the same conflict is returned.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from veiligeplek.accounts.models import User
from veiligeplek.audit.models import Action
from veiligeplek.audit.services import AuditContext
from veiligeplek.cases.access import may_place_on
from veiligeplek.cases.models import Case, Deadline, Hold, Outflow, Placement, Referral
from veiligeplek.cases.models import TimelineEvent as Event
from veiligeplek.cases.services.common import (
    CaseError,
    ConflictError,
    audit,
    deadlines_finish,
    ensure_picked_up,
    move,
    notify,
    record,
    schedule,
)
from veiligeplek.cases.services.handover import handover_after_first_placement
from veiligeplek.cases.services.waiting import announce_freed_bed
from veiligeplek.cases.workflow import CaseStatus
from veiligeplek.registry.models import Place, PlaceGroup
from veiligeplek.registry.services import booked_bed_record_status

OCCUPIED, FREE = Place.Status.OCCUPIED, Place.Status.FREE


def _check_category(case: Case, group: PlaceGroup, override_reason: str) -> None:
    if group.category not in case.place_categories and not override_reason.strip():
        raise CaseError(
            "override_reason",
            _("deze categorie past niet bij de route van de casus; geef een reden om af te wijken"),
        )


def _check_open(case: Case) -> None:
    if case.status in (CaseStatus.CLOSED, CaseStatus.PLACED):
        raise ConflictError("case", _("de casus is al geplaatst of afgesloten"))


def status_after_refusal(case: Case) -> CaseStatus:
    """Where a case stands once a referral ended without a placement: still referred elsewhere,
    on a waiting list, or searching."""
    if case.referrals.filter(status=Referral.Status.PENDING).exists():
        return CaseStatus.REFERRED
    if case.waiting.filter(removed_at__isnull=True).exists():
        return CaseStatus.WAITING
    return CaseStatus.SEARCHING


def _after_refusal(case: Case) -> None:
    target = status_after_refusal(case)
    if (
        case.status in (CaseStatus.REFERRED, CaseStatus.SEARCHING, CaseStatus.WAITING)
        and case.status != target
    ):
        move(case, target)


def release_expired_holds(place_ids: list[int], *, now: dt.datetime) -> None:
    for hold in Hold.objects.filter(
        place_id__in=place_ids, released_at__isnull=True, expires_at__lte=now
    ):
        expire_hold(hold, now=now)


def expire_hold(hold: Hold, *, now: dt.datetime) -> None:
    hold.released_at = now
    hold.save(update_fields=["released_at"])
    referral = hold.referral
    if referral and referral.status == Referral.Status.PENDING:
        referral.status = Referral.Status.EXPIRED
        referral.save(update_fields=["status"])
        case = referral.case
        deadlines_finish(case, Deadline.Kind.HOLD_EXPIRY, at=now, referral=referral.pk)
        record(case, Event.Kind.HOLD_EXPIRED, actor=None, group=referral.group.external_id)
        _after_refusal(case)
        notify(
            [u for u in [referral.referred_by] if u],
            case,
            f"Reservering voor {case.number} bij {referral.group.location} is verlopen.",
        )


def _free_bed(group: PlaceGroup, *, now: dt.datetime) -> Place:
    """Lock and return a free bed of the group without an open hold, or refuse with 409."""
    placed = Placement.objects.filter(place=OuterRef("pk"), ended_at__isnull=True)
    beds = list(
        Place.objects.select_for_update()
        .filter(group=group, status=FREE)
        .exclude(Exists(placed))
        .order_by("number")
    )
    release_expired_holds([b.pk for b in beds], now=now)
    held = set(
        Hold.objects.filter(place__in=beds, released_at__isnull=True).values_list(
            "place_id", flat=True
        )
    )
    for bed in beds:
        if bed.pk not in held:
            return bed
    raise ConflictError(
        "group", _("%(location)s: er is op dit moment geen vrij bed") % {"location": group.location}
    )


@transaction.atomic
def referral_create(
    *, ctx: AuditContext, case: Case, group: PlaceGroup, override_reason: str = ""
) -> Referral:
    """Refer a case to a place group and reserve one bed there while the shelter decides."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _check_open(case)
    _check_category(case, group, override_reason)
    if case.referrals.filter(group=group, status=Referral.Status.PENDING).exists():
        raise ConflictError("group", _("deze casus is al naar deze plekken verwezen"))
    ensure_picked_up(case, ctx.user)
    now = timezone.now()
    bed = _free_bed(group, now=now)
    referral = Referral.objects.create(
        case=case,
        group=group,
        referred_at=now,
        referred_by=ctx.user,
        override_reason=override_reason.strip(),
    )
    expires = now + dt.timedelta(minutes=settings.HOLD_MINUTES)
    try:
        with transaction.atomic():
            Hold.objects.create(
                place=bed, case=case, referral=referral, created_at=now, expires_at=expires
            )
    except IntegrityError:
        raise ConflictError(
            "group", _("iemand anders reserveerde dit bed net; probeer opnieuw")
        ) from None
    schedule(
        case,
        Deadline.Kind.HOLD_EXPIRY,
        expires,
        f"reservering {settings.HOLD_MINUTES} minuten",
        referral=referral.pk,
    )
    move(case, CaseStatus.REFERRED)
    record(
        case,
        Event.Kind.REFERRED,
        actor=ctx.user,
        group=group.external_id,
        category=group.category,
        override=bool(override_reason.strip()),
    )
    audit(ctx, case, Action.UPDATE, "verwijzing")
    staff = list(group.location.organisation.users.filter(is_active=True))
    notify(staff, case, f"Verwijzing {case.number} naar {group.location}: accepteer of wijs af.")
    return referral


def _lock_referral(referral: Referral) -> Referral:
    """Lock in one order everywhere (referral, case, then beds, then the group's row) so that
    a shelter accepting and a coordinator placing on the same group cannot deadlock."""
    locked = Referral.objects.select_for_update(of=("self",)).get(pk=referral.pk)
    Case.objects.select_for_update().filter(pk=locked.case_id).first()
    return Referral.objects.select_related("case", "group__location").get(pk=locked.pk)


@transaction.atomic
def referral_accept(*, ctx: AuditContext, referral: Referral) -> Placement:
    """The shelter accepts: the held bed becomes the placement."""
    referral = _lock_referral(referral)
    if referral.status != Referral.Status.PENDING:
        raise ConflictError(
            "referral", _("deze verwijzing is niet meer open (verlopen of al beantwoord)")
        )
    now = timezone.now()
    hold = referral.holds.filter(released_at__isnull=True).first()
    if hold is not None and hold.expires_at <= now:
        expire_hold(hold, now=now)  # the sweep had not come round yet
        hold = None
    if hold is None:
        raise ConflictError("referral", _("de reservering is verlopen; vraag opnieuw een plek aan"))
    hold.released_at = now
    hold.save(update_fields=["released_at"])
    referral.status, referral.responded_at, referral.responded_by = (
        Referral.Status.ACCEPTED,
        now,
        ctx.user,
    )
    referral.save(update_fields=["status", "responded_at", "responded_by"])
    deadlines_finish(referral.case, Deadline.Kind.HOLD_EXPIRY, at=now, referral=referral.pk)
    record(referral.case, Event.Kind.ACCEPTED, actor=ctx.user, group=referral.group.external_id)
    placement = _place(
        ctx, referral.case, hold.place, referral=referral, override_reason=referral.override_reason
    )
    notify(
        [referral.referred_by],
        referral.case,
        f"{referral.group.location} accepteerde {referral.case.number}.",
    )
    return placement


@transaction.atomic
def referral_decline(
    *, ctx: AuditContext, referral: Referral, reason: str, text: str = ""
) -> Referral:
    """The shelter declines with a reason from the fixed list; the reasons are counted."""
    if reason not in Referral.DeclineReason.values:
        raise CaseError("decline_reason", _("kies een reden uit de lijst"))
    if reason == Referral.DeclineReason.OTHER and not text.strip():
        raise CaseError("decline_text", _("licht 'anders' toe"))
    referral = _lock_referral(referral)
    if referral.status != Referral.Status.PENDING:
        raise ConflictError("referral", _("deze verwijzing is niet meer open"))
    now = timezone.now()
    referral.holds.filter(released_at__isnull=True).update(released_at=now)
    referral.status, referral.responded_at, referral.responded_by = (
        Referral.Status.DECLINED,
        now,
        ctx.user,
    )
    referral.decline_reason, referral.decline_text = reason, text.strip()[:300]
    referral.save(
        update_fields=["status", "responded_at", "responded_by", "decline_reason", "decline_text"]
    )
    case = referral.case
    deadlines_finish(case, Deadline.Kind.HOLD_EXPIRY, at=now, referral=referral.pk)
    record(
        case, Event.Kind.DECLINED, actor=ctx.user, group=referral.group.external_id, reason=reason
    )
    _after_refusal(case)
    audit(ctx, case, Action.UPDATE, "verwijzing")
    notify(
        [referral.referred_by],
        case,
        f"{referral.group.location} wees {case.number} af: {Referral.DeclineReason(reason).label}.",
    )
    return referral


@transaction.atomic
def placement_create(
    *,
    ctx: AuditContext,
    case: Case,
    place: Place | None = None,
    group: PlaceGroup | None = None,
    override_reason: str = "",
) -> Placement:
    """Place directly (a placing authority, e.g. confirming a waiting-list proposal)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _check_open(case)
    target_group = place.group if place else group
    if target_group is None:
        raise CaseError("place", _("kies een bed of een groep plekken"))
    if not may_place_on(ctx.user, target_group.placement_authority):
        raise CaseError(
            "place", _("u heeft geen plaatsingsbevoegdheid voor deze plekken"), status=403
        )
    _check_category(case, target_group, override_reason)
    ensure_picked_up(case, ctx.user)
    if place is None:
        place = _free_bed(target_group, now=timezone.now())
    return _place(ctx, case, place, referral=None, override_reason=override_reason)


def _place(
    ctx: AuditContext, case: Case, place: Place, *, referral: Referral | None, override_reason: str
) -> Placement:
    now = timezone.now()
    bed = Place.objects.select_for_update(of=("self",)).select_related("group").get(pk=place.pk)
    release_expired_holds([bed.pk], now=now)
    other_hold = (
        Hold.objects.filter(place=bed, released_at__isnull=True).exclude(case=case).exists()
    )
    if bed.status != FREE or other_hold:
        raise ConflictError(
            "place", _("iemand anders was u voor: dit bed is net bezet. Kies een ander bed.")
        )
    case.holds.filter(released_at__isnull=True).update(released_at=now)
    try:
        with transaction.atomic():
            placement = Placement.objects.create(
                case=case,
                place=bed,
                referral=referral,
                started_at=now,
                created_by=ctx.user,
                override_reason=override_reason.strip()[:300],
                expected_end=_expected_end(case, bed.group),
            )
    except IntegrityError:
        raise ConflictError(
            "place", _("iemand anders was u voor: dit bed is net bezet. Kies een ander bed.")
        ) from None
    _set_bed(bed, OCCUPIED, user=ctx.user, now=now)
    _withdraw_other_referrals(case, keep=referral, now=now)
    _after_placement(ctx, case, placement)
    return placement


def _withdraw_other_referrals(case: Case, *, keep: Referral | None, now: dt.datetime) -> None:
    """Once placed, the case's other open referrals are withdrawn and those shelters told."""
    others = case.referrals.filter(status=Referral.Status.PENDING)
    if keep is not None:
        others = others.exclude(pk=keep.pk)
    for other in others.select_related("group__location__organisation"):
        other.status, other.responded_at = Referral.Status.WITHDRAWN, now
        other.save(update_fields=["status", "responded_at"])
        other.holds.filter(released_at__isnull=True).update(released_at=now)
        deadlines_finish(case, Deadline.Kind.HOLD_EXPIRY, at=now, referral=other.pk)
        record(case, Event.Kind.WITHDRAWN, actor=None, group=other.group.external_id)
        staff = list(other.group.location.organisation.users.filter(is_active=True))
        notify(
            staff,
            None,
            f"Verwijzing {case.number} naar {other.group.location} is ingetrokken: "
            "elders geplaatst.",
        )


def _expected_end(case: Case, group: PlaceGroup) -> dt.date | None:
    ends = []
    if group.max_stay_days:
        ends.append(timezone.localdate() + dt.timedelta(days=group.max_stay_days))
    if case.reflection_ends_on:
        ends.append(case.reflection_ends_on)
    return min(ends) if ends else None


def _after_placement(ctx: AuditContext, case: Case, placement: Placement) -> None:
    now = placement.started_at
    for entry in case.waiting.filter(removed_at__isnull=True):
        entry.removed_at, entry.removal_reason = now, "geplaatst"
        entry.save(update_fields=["removed_at", "removal_reason"])
    case.ad_hoc.filter(ended_at__isnull=True).update(ended_at=now)
    move(case, CaseStatus.PLACED)
    group = placement.place.group
    record(
        case,
        Event.Kind.PLACED,
        actor=ctx.user,
        group=group.external_id,
        category=group.category,
        suitable=group.category in case.place_categories,
        override=bool(placement.override_reason),
    )
    if group.max_stay_days:
        due = now + dt.timedelta(days=group.max_stay_days)
        schedule(
            case,
            Deadline.Kind.MAX_STAY,
            due,
            f"maximale verblijfsduur {group.max_stay_days} dagen",
            placement=placement.pk,
        )
    handover_after_first_placement(case, placement, actor=ctx.user)
    audit(ctx, case, Action.UPDATE, "plaatsing")


def _set_bed(bed: Place, status: str, *, user: User, now: dt.datetime) -> None:
    booked_bed_record_status(bed, status, user=user, now=now)


@transaction.atomic
def placement_end(
    *, ctx: AuditContext, placement: Placement, outflow: str, note: str = ""
) -> Placement:
    """End a stay with its destination; the bed is free at once and waiting cases are proposed."""
    if outflow not in Outflow.values:
        raise CaseError("outflow", _("kies waar het slachtoffer naartoe gaat"))
    Case.objects.select_for_update().filter(pk=placement.case_id).first()
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("case", "place__group__location")
        .get(pk=placement.pk)
    )
    if placement.ended_at is not None:
        raise ConflictError("placement", _("dit verblijf is al beëindigd"))
    now = timezone.now()
    placement.ended_at, placement.ended_by = now, ctx.user
    placement.outflow, placement.outflow_note = outflow, note.strip()[:300]
    placement.save(update_fields=["ended_at", "ended_by", "outflow", "outflow_note"])
    bed = Place.objects.select_for_update().get(pk=placement.place_id)
    _set_bed(bed, FREE, user=ctx.user, now=now)
    case = placement.case
    deadlines_finish(case, Deadline.Kind.MAX_STAY, at=now, placement=placement.pk)
    record(case, Event.Kind.OUTFLOW, actor=ctx.user, outflow=outflow, group=bed.group.external_id)
    move(case, CaseStatus.SEARCHING if outflow == Outflow.TRANSFER else CaseStatus.CLOSED)
    if case.status == CaseStatus.CLOSED:
        record(case, Event.Kind.CLOSED, actor=ctx.user, outflow=outflow)
    audit(ctx, case, Action.UPDATE, "uitstroom")
    if outflow == Outflow.TRANSFER:
        notify(
            [u for u in [case.assigned_to] if u],
            case,
            f"{case.number} verlaat {bed.group.location} voor overplaatsing: zoek een nieuwe plek.",
        )
    group = bed.group
    transaction.on_commit(lambda: announce_freed_bed(group))
    return placement
