"""Need-to-know access to cases, in one place. Every branch is tested.

- Regional coordinators: the cases of their care region, and cases assigned to them.
- CoMensha: cases under CoMensha's placement authority or ownership, escalated signals, and
  cases waiting for a category that CoMensha places on.
- The NLA: cases under the NLA's placement authority, and cases waiting for NLA places.
- Shelter staff: only cases with an open referral to, or placed now at, their organisation's
  locations; once the person has left (or the referral was answered elsewhere) the case is gone
  from their view.
- Everyone else (signallers, policy officers, administrators, privacy officers): no case.
- A placing professional also sees a case she opened by break-the-glass, until it expires.
- After a handover (``services/handover.py``) the party that held the case before keeps read
  access, and only read access, while a placement it made (placed, or referred and accepted)
  is active: a regional coordinator's region, CoMensha or the NLA. Once the person has left
  that bed, the case is gone from their view.
Out-of-scope cases answer 404 exactly like missing ones; acting on a read-only case is refused
(403) with a message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import PLACING_ROLES, Role
from veiligeplek.cases.models import BreakGlassGrant, Case, Placement, Referral, WaitingListEntry
from veiligeplek.cases.services.common import CaseError
from veiligeplek.cases.services.waiting import ProposedPlacement, waiting_proposal
from veiligeplek.domain.enums import PlaceCategory, PlacementAuthority

MAX_ID = 2**63 - 1  # the largest primary key (BigAutoField)
AUTHORITY_OF_ROLE: dict[str, PlacementAuthority] = {
    Role.REGIONAL_COORDINATOR: PlacementAuthority.REGIONAL_COORDINATOR,
    Role.COMENSHA: PlacementAuthority.COMENSHA,
    Role.NLA: PlacementAuthority.NLA,
}
CATEGORIES_OF_AUTHORITY: dict[PlacementAuthority, frozenset[str]] = {
    PlacementAuthority.COMENSHA: frozenset({PlaceCategory.COSM, PlaceCategory.OMM}),
    PlacementAuthority.NLA: frozenset({PlaceCategory.NLA}),
    PlacementAuthority.REGIONAL_COORDINATOR: frozenset(
        {PlaceCategory.WMO, PlaceCategory.MANNENOPVANG, PlaceCategory.CRISIS}
    ),
}


def _waiting_for(categories: frozenset[str]) -> Q:
    return Q(waiting__removed_at__isnull=True, waiting__category__in=categories)


def cases_visible_to(user: User) -> QuerySet[Case]:
    """The cases ``user`` may see: those she may act on, and those of her read-only scope."""
    scope = _scope(user)
    if scope is None:
        return Case.objects.none()
    return _cases(scope | _placed_by_own_party(user))


def cases_writable_by(user: User) -> QuerySet[Case]:
    """The cases ``user`` may act on (refer, place, correct, end a stay, ...)."""
    scope = _scope(user)
    return Case.objects.none() if scope is None else _cases(scope)


def _cases(scope: Q) -> QuerySet[Case]:
    return Case.objects.filter(pk__in=Case.objects.filter(scope).values("pk"))


def _placed_by_own_party(user: User) -> Q:
    """Cases with an active placement made by the user's own party (placing roles only)."""
    if user.role not in AUTHORITY_OF_ROLE:
        return Q(pk__in=[])
    party = {"created_by__role": user.role}
    referred = {"referral__referred_by__role": user.role}
    if user.role == Role.REGIONAL_COORDINATOR:
        party["created_by__care_region_code"] = user.care_region_code
        referred["referral__referred_by__care_region_code"] = user.care_region_code
    placements = Placement.objects.filter(ended_at__isnull=True).filter(Q(**party) | Q(**referred))
    return Q(pk__in=placements.values("case_id"))


def _scope(user: User) -> Q | None:
    """The full (read and act) scope of ``user``; None: no case at all."""
    if not user.is_active:
        return None
    granted = Q(break_glass__user=user, break_glass__expires_at__gt=timezone.now())
    if user.role == Role.REGIONAL_COORDINATOR:
        scope = Q(care_region_code=user.care_region_code) | Q(assigned_to=user)
    elif user.role == Role.COMENSHA:
        authority = PlacementAuthority.COMENSHA
        scope = (
            Q(placement_authority=authority)
            | Q(case_owner=authority)
            | Q(signal__escalated_at__isnull=False)
            | _waiting_for(CATEGORIES_OF_AUTHORITY[authority])
            | Q(assigned_to=user)
        )
    elif user.role == Role.NLA:
        authority = PlacementAuthority.NLA
        scope = (
            Q(placement_authority=authority)
            | _waiting_for(CATEGORIES_OF_AUTHORITY[authority])
            | Q(assigned_to=user)
        )
    elif user.role == Role.SHELTER_STAFF and user.organisation_id is not None:
        org = user.organisation_id
        scope = Q(
            referrals__group__location__organisation_id=org,
            referrals__status=Referral.Status.PENDING,
        ) | Q(
            placements__place__group__location__organisation_id=org,
            placements__ended_at__isnull=True,
        )
    else:
        return None
    return scope | granted


def case_in_scope(user: User, number: str, *, write: bool = False) -> Case:
    """The case if ``user`` may see it; 404 for a missing and an out-of-scope case alike.
    ``write``: she is about to act on it, which a read-only case refuses (403)."""
    try:
        case = cases_visible_to(user).get(number=number)
    except Case.DoesNotExist:
        raise Http404 from None
    if write:
        ensure_writable(user, case)
    return case


def is_read_only(user: User, case: Case) -> bool:
    return not cases_writable_by(user).filter(pk=case.pk).exists()


def ensure_writable(user: User, case: Case) -> None:
    if is_read_only(user, case):
        raise CaseError(
            "case",
            _(
                "de casus is overgedragen: u kunt haar alleen inzien zolang uw plaatsing loopt, "
                "niet meer wijzigen"
            ),
            status=403,
        )


def referral_for_shelter(user: User, referral_id: int) -> Referral:
    """A referral to a location of the shelter worker's own organisation (for the page and the
    API alike); 404 for a missing one, another organisation's, or a user of no organisation."""
    if user.role != Role.SHELTER_STAFF or user.organisation_id is None:
        raise Http404
    try:
        return Referral.objects.select_related("case", "group__location").get(
            pk=referral_id, group__location__organisation_id=user.organisation_id
        )
    except Referral.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class WaitingList:
    """The waiting list as one placing professional may see it (the page and the API alike)."""

    entries: list[WaitingListEntry]  # of the cases in her scope
    proposal: list[ProposedPlacement]  # for those cases, on the categories she places on
    own_categories: frozenset[str]


def waiting_list_for(user: User) -> WaitingList:
    """The open waiting-list entries of the cases visible to ``user``, and the proposal for the
    free beds limited to those cases and to the categories of her placement authority."""
    visible = cases_visible_to(user).values("pk")
    entries = list(
        WaitingListEntry.objects.filter(removed_at__isnull=True, case__in=visible).select_related(
            "case"
        )
    )
    authority = AUTHORITY_OF_ROLE.get(user.role)
    own = CATEGORIES_OF_AUTHORITY[authority] if authority else frozenset()
    cases = {e.case_id for e in entries}
    proposal = [
        p for p in waiting_proposal() if p.entry.category in own and p.entry.case_id in cases
    ]
    return WaitingList(entries=entries, proposal=proposal, own_categories=own)


def may_see_identity(user: User, case: Case) -> bool:
    """Identity details: the placing side, and the shelter while the person stays there."""
    if user.role in (Role.REGIONAL_COORDINATOR, Role.COMENSHA, Role.NLA):
        return True
    if user.role == Role.SHELTER_STAFF:
        return active_placement_for(user, case) is not None
    return False


def active_placement_for(user: User, case: Case) -> Placement | None:
    """The case's current placement as this user may act on it: shelter staff only at their
    own organisation's locations; placing roles (the case is in their scope) wherever it is."""
    placements = case.placements.filter(ended_at__isnull=True).select_related(
        "place__group__location"
    )
    if user.role == Role.SHELTER_STAFF:
        if user.organisation_id is None:
            return None
        placements = placements.filter(place__group__location__organisation_id=user.organisation_id)
    return placements.first()


def may_place_on(user: User, authority: str) -> bool:
    """A placing role may place on the place groups of its own authority."""
    return AUTHORITY_OF_ROLE.get(user.role) == authority


def placed_by(user: User, case: Case, placement: Placement) -> bool:
    """Whether ``user`` placed this person here: made the placement, made the referral that the
    shelter accepted, or holds the case."""
    referral = placement.referral
    return user.pk in {
        placement.created_by_id,
        referral.referred_by_id if referral else None,
        case.assigned_to_id,
    }


def break_glass_grants_active(
    user: User, object_type: str, pseudonyms: Sequence[str]
) -> dict[str, int]:
    """Pseudonym → the user's active break-the-glass grant on its case, for the audit log, which
    marks every event made under a grant with it: a case number, or the id of a referral or a
    placement of the case (the log names those by id)."""
    if not pseudonyms or user.role not in PLACING_ROLES:
        return {}
    grants = BreakGlassGrant.objects.filter(user=user, expires_at__gt=timezone.now())
    if object_type == "case":
        rows = grants.filter(case__number__in=list(pseudonyms)).values_list("case__number", "pk")
        return {number: pk for number, pk in rows}
    # Ids beyond the database's integers name nothing (a refused attempt may carry any number).
    ids = [int(p) for p in pseudonyms if p.isdigit() and int(p) <= MAX_ID]
    if object_type not in ("referral", "placement") or not ids:
        return {}
    objects = Referral.objects if object_type == "referral" else Placement.objects
    case_of: dict[int, int] = dict(objects.filter(pk__in=ids).values_list("pk", "case_id"))
    grant_of = dict(grants.filter(case_id__in=set(case_of.values())).values_list("case_id", "pk"))
    return {str(pk): grant_of[case] for pk, case in case_of.items() if case in grant_of}
