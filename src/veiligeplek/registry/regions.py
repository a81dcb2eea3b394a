"""Revising care-coordination regions: each revision is a new version with a valid-from date.

A municipality belongs to exactly one region on any date. Moving municipalities into a region
therefore also revises the regions they leave, on the same date, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.db import transaction
from django.utils.translation import gettext as _

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.registry.models import CareRegion, Municipality
from veiligeplek.registry.selectors import care_regions_on
from veiligeplek.registry.services import RegistryError


@transaction.atomic
def care_region_revise(
    *,
    acting_user: User,
    code: str,
    name: str,
    central_municipality: str,
    municipalities: Collection[str],
    valid_from: dt.date,
    note: str = "",
) -> CareRegion:
    """Create a new version of region ``code`` from ``valid_from``."""
    if not acting_user.has_role(Role.ADMINISTRATOR):
        raise RegistryError("acting_user", _("alleen beheerders kunnen een regio herzien"))
    members = set(municipalities)
    _validate(code=code, name=name, central=central_municipality, members=members)
    if CareRegion.objects.filter(code=code, valid_from=valid_from).exists():
        raise RegistryError(
            "valid_from", _("er bestaat al een versie van deze regio op deze datum")
        )
    current = {r.code: r for r in care_regions_on(valid_from)}
    if code in current:
        orphans = {m.pk for m in current[code].municipalities.all()} - members
        if orphans:
            raise RegistryError(
                "municipalities",
                _(
                    "gemeente(n) %(codes)s zouden in geen regio meer vallen; "
                    "voeg ze toe aan een andere regio"
                )
                % {"codes": ", ".join(sorted(orphans))},
            )
    for other in current.values():
        if other.code == code:
            continue
        others_members = {m.pk for m in other.municipalities.all()}
        if others_members & members:
            remaining = others_members - members
            if not remaining or other.central_municipality_id in members:
                raise RegistryError(
                    "municipalities",
                    _(
                        "regio %(name)s zou haar centrumgemeente of al haar gemeenten "
                        "verliezen; herzie die regio eerst"
                    )
                    % {"name": other.name},
                )
            _new_version(
                other.code,
                other.name,
                other.central_municipality_id,
                remaining,
                valid_from,
                acting_user,
                f"Gemeenten overgegaan naar {name}",
            )
    return _new_version(code, name, central_municipality, members, valid_from, acting_user, note)


def _validate(*, code: str, name: str, central: str, members: set[str]) -> None:
    if not code.strip():
        raise RegistryError("code", _("code is verplicht"))
    if not name.strip():
        raise RegistryError("name", _("naam is verplicht"))
    if not members:
        raise RegistryError("municipalities", _("een regio heeft minstens één gemeente"))
    unknown = members - set(
        Municipality.objects.filter(pk__in=members).values_list("pk", flat=True)
    )
    if unknown:
        raise RegistryError(
            "municipalities",
            _("onbekende gemeentecode(s): %(codes)s") % {"codes": ", ".join(sorted(unknown))},
        )
    if central not in members:
        raise RegistryError("central_municipality", _("de centrumgemeente moet in de regio liggen"))


def _new_version(
    code: str,
    name: str,
    central: str,
    members: Collection[str],
    valid_from: dt.date,
    user: User,
    note: str,
) -> CareRegion:
    region = CareRegion.objects.create(
        code=code,
        name=name,
        central_municipality_id=central,
        valid_from=valid_from,
        created_by=user,
        note=note[:300],
    )
    region.municipalities.set(Municipality.objects.filter(pk__in=list(members)))
    return region
