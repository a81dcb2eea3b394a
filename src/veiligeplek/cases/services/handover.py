"""Handover: the case goes to whoever the rules now make its holder.

Rules (the rule set, ``R-HANDOVER-TRACK`` and ``R-HANDOVER-PLACEMENT``, with their sources):

- **Track change.** When a re-routing (corrected facts) changes the party that holds the case —
  Maria files a report, gets a B8 permit and moves from the aliens-law track (CoMensha) to the
  municipal track (the regional coordinator of the responsible municipality's region) — the case
  goes to the new holder's on-duty person (the roster).
- **After a first placement.** The rule set lists, as data, after whose first placement on
  which track another party takes over (``handover_after_placement``): CoMensha places a victim
  of the municipal track on an OMM or crisis bed, then the region's coordinator holds the case.

Either way: the new holder's on-duty person is assigned (with nobody on duty, every active
coordinator of that party is told and the case waits unassigned for one to pick it up), both the
new and the old holder get an inbox message, the timeline records a ``handed_over`` event (codes
only), and the old holder keeps read access only while a placement it made is active
(``cases/access.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.cases.models import Case, Placement
from veiligeplek.cases.models import TimelineEvent as Event
from veiligeplek.cases.services.common import notify, on_duty_for_authority, record
from veiligeplek.domain.enums import AUTHORITY_LABELS_NL, PlacementAuthority
from veiligeplek.domain.rules import RuleId, ruleset_for
from veiligeplek.registry.matching_cache import region_table_on

ROLE_OF_AUTHORITY = {
    PlacementAuthority.REGIONAL_COORDINATOR: Role.REGIONAL_COORDINATOR,
    PlacementAuthority.COMENSHA: Role.COMENSHA,
    PlacementAuthority.NLA: Role.NLA,
}


@dataclass(frozen=True)
class Holder:
    """A party that can hold a case: a region's coordinators, CoMensha or the NLA."""

    authority: PlacementAuthority
    region: str = ""  # the care region, for regional coordinators only

    def label(self) -> str:
        if self.authority is not PlacementAuthority.REGIONAL_COORDINATOR:
            return AUTHORITY_LABELS_NL[self.authority]
        region = region_table_on(timezone.localdate()).regions.get(self.region)
        name = region.name if region else self.region
        return f"de regionale zorgcoördinator van {name}"


def holder_by_route(case: Case) -> Holder:
    """The party the case's routing makes its holder."""
    return holder_as(PlacementAuthority(case.case_owner), case)


def holder_as(authority: PlacementAuthority, case: Case) -> Holder:
    if authority is PlacementAuthority.REGIONAL_COORDINATOR:
        return Holder(authority, case.care_region_code)
    return Holder(authority)


def holder_of(user: User | None) -> Holder | None:
    """The party a user belongs to as a holder (None: nobody, or a role that holds no case)."""
    if user is None:
        return None
    for authority, role in ROLE_OF_AUTHORITY.items():
        if user.role == role:
            region = user.care_region_code if role == Role.REGIONAL_COORDINATOR else ""
            return Holder(authority, region)
    return None


def handover_after_rerouting(case: Case, *, before: Holder, actor: User) -> None:
    """After corrected facts: hand over when the route's holder changed and the case is not
    already with someone of the new holder."""
    after = holder_by_route(case)
    if after != before and holder_of(case.assigned_to) != after:
        _hand_over(case, to=after, rule_id=RuleId.HANDOVER_TRACK, actor=actor)


def handover_after_first_placement(case: Case, placement: Placement, *, actor: User) -> None:
    """After a case's first placement: the rule set says whether another party takes over."""
    if case.placements.exclude(pk=placement.pk).exists():
        return
    referral = placement.referral  # a shelter accepted a referral: the referrer placed
    placer = holder_of(referral.referred_by if referral else placement.created_by)
    for rule in ruleset_for(timezone.localdate()).handover_after_placement:
        to = holder_as(rule.to, case)
        if (
            placer is not None
            and placer.authority is rule.placed_by
            and case.track == rule.track.value
            and holder_of(case.assigned_to) != to
        ):
            _hand_over(case, to=to, rule_id=RuleId(rule.rule), actor=actor)
            return


def _hand_over(case: Case, *, to: Holder, rule_id: RuleId, actor: User) -> None:
    now = timezone.now()
    previous = case.assigned_to
    old = holder_of(previous) or holder_of(actor)
    on_duty = on_duty_for_authority(to.authority, to.region, at=now)
    told = on_duty or _everyone_of(to)
    case.assigned_to = on_duty[0] if on_duty else None
    case.assigned_at = now
    case.save(update_fields=["assigned_to", "assigned_at"])
    from_label = old.label() if old else "niemand"
    fired = (
        ruleset_for(timezone.localdate())
        .rule(rule_id)
        .fire(
            **{
                "from": from_label,
                "to": to.label(),
            }
        )
    )
    record(
        case,
        Event.Kind.HANDED_OVER,
        actor=actor,
        at=now,
        rule=fired.id,
        track=case.track,
        from_authority=old.authority.value if old else "",
        from_region=old.region if old else "",
        to_authority=to.authority.value,
        to_region=to.region,
        to=case.assigned_to.pk if case.assigned_to else None,
    )
    notify(
        told,
        case,
        f"Casus {case.number} is aan u overgedragen door {from_label}: {to.label()} is nu "
        "casushouder. Pak de casus op.",
    )
    if previous is not None and previous not in told:
        notify(
            [previous],
            case,
            f"Casus {case.number} is overgedragen aan {to.label()}. U ziet de casus alleen nog "
            "zolang een plaatsing van u loopt.",
        )


def _everyone_of(holder: Holder) -> list[User]:
    users = User.objects.filter(role=ROLE_OF_AUTHORITY[holder.authority], is_active=True)
    if holder.region:
        users = users.filter(care_region_code=holder.region)
    return list(users)
