"""The on-call roster: who is on duty for a region or a national authority, when.

A regional coordinator keeps the roster of her own region, CoMensha and the NLA their national
rosters, an administrator any of them. The person on duty must have the matching role.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.cases.models import OnCallShift
from veiligeplek.cases.services.common import CaseError

ROLE_OF_SCOPE = {
    OnCallShift.Scope.REGION: Role.REGIONAL_COORDINATOR,
    OnCallShift.Scope.COMENSHA: Role.COMENSHA,
    OnCallShift.Scope.NLA: Role.NLA,
}


def roster_scope_of(user: User) -> tuple[str, str] | None:
    """The roster this user keeps: (scope, region code), or None."""
    if user.role == Role.REGIONAL_COORDINATOR:
        return OnCallShift.Scope.REGION, user.care_region_code
    if user.role == Role.COMENSHA:
        return OnCallShift.Scope.COMENSHA, ""
    if user.role == Role.NLA:
        return OnCallShift.Scope.NLA, ""
    return None


def roster_candidates(scope: str, region: str) -> list[User]:
    users = User.objects.filter(is_active=True, role=ROLE_OF_SCOPE[OnCallShift.Scope(scope)])
    if scope == OnCallShift.Scope.REGION:
        users = users.filter(care_region_code=region)
    return list(users.order_by("last_name", "first_name"))


@transaction.atomic
def shift_add(
    *,
    acting_user: User,
    scope: str,
    region: str,
    user: User,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
) -> OnCallShift:
    if acting_user.role != Role.ADMINISTRATOR and roster_scope_of(acting_user) != (scope, region):
        raise CaseError(
            "scope",
            _("u kunt alleen het rooster van uw eigen regio of organisatie maken"),
            status=403,
        )
    if user not in roster_candidates(scope, region):
        raise CaseError("user", _("deze persoon kan voor dit rooster geen dienst hebben"))
    if ends_at <= starts_at:
        raise CaseError("ends_at", _("het einde moet na het begin liggen"))
    if ends_at - starts_at > dt.timedelta(days=7):
        raise CaseError("ends_at", _("een dienst duurt hoogstens zeven dagen"))
    return OnCallShift.objects.create(
        scope=scope, care_region_code=region, user=user, starts_at=starts_at, ends_at=ends_at
    )


@transaction.atomic
def shift_remove(*, acting_user: User, shift: OnCallShift) -> None:
    if acting_user.role != Role.ADMINISTRATOR and roster_scope_of(acting_user) != (
        shift.scope,
        shift.care_region_code,
    ):
        raise CaseError("shift", _("niet uw rooster"), status=404)
    shift.delete()
