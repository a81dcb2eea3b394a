"""The fictitious people who act in the demo history: signallers, a coordinator on duty for
every care region, CoMensha and the NLA, and one staff member per shelter organisation.

They are demo users (``is_demo``) without a usable password and without an e-mail address:
nobody logs in as them and no mail goes to them. Names come from the invented list below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.cases.models import OnCallShift
from veiligeplek.registry.models import CareRegion, Organisation, PlaceGroup

PREFIX = "demo-hist-"
LABEL = "(demogeschiedenis, fictief)"
FIRST_NAMES = (
    "Anouk",
    "Bram",
    "Cato",
    "Dirk",
    "Elif",
    "Floor",
    "Gijs",
    "Hanna",
    "Ids",
    "Jara",
    "Kees",
    "Lina",
    "Maud",
    "Nick",
    "Olaf",
    "Pien",
    "Quinten",
    "Roos",
    "Stijn",
    "Tess",
)
Kind = Organisation.Kind


@dataclass(frozen=True)
class Cast:
    signallers: dict[str, User]  # police, care, kmar, nla
    coordinators: dict[str, User]  # care region code -> coordinator on duty
    comensha: User
    nla: User
    staff: dict[int, User]  # organisation pk -> shelter staff

    def placer(self, authority: str, region: str) -> User:
        if authority == "comensha":
            return self.comensha
        if authority == "nla":
            return self.nla
        return self.coordinators.get(region) or self.comensha


def _user(username: str, role: str, organisation: Organisation, region: str = "") -> User:
    number = sum(map(ord, username))
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "role": role,
            "first_name": FIRST_NAMES[number % len(FIRST_NAMES)],
            "last_name": LABEL,
            "organisation": organisation,
            "care_region_code": region,
            "is_demo": True,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _organisation(name: str, kind: str) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        name=f"{name} {LABEL}", defaults={"kind": kind, "is_demo": True}
    )
    return organisation


def cast_load(*, start: dt.datetime, end: dt.datetime) -> Cast:
    """The history's users, and their shifts covering the whole history (ending at ``end``)."""
    signallers = {
        key: _user(f"{PREFIX}{key}", Role.SIGNALLER, _organisation(name, kind))
        for key, name, kind in (
            ("police", "Politie", Kind.POLICE),
            ("care", "Hulpverlening", Kind.CARE),
            ("kmar", "Koninklijke Marechaussee", Kind.KMAR),
            ("nla", "Arbeidsinspectie, signalering", Kind.NLA),
        )
    }
    codes = sorted(set(CareRegion.objects.values_list("code", flat=True)))
    coordinators = {
        code: _user(
            f"{PREFIX}zc-{code.lower()}",
            Role.REGIONAL_COORDINATOR,
            _organisation(f"Zorgcoördinatie {code}", Kind.CARE_COORDINATION),
            code,
        )
        for code in codes
    }
    comensha = _user(f"{PREFIX}comensha", Role.COMENSHA, _organisation("CoMensha", Kind.COMENSHA))
    nla = _user(f"{PREFIX}nla-plaatsing", Role.NLA, _organisation("NLA plaatsing", Kind.NLA))
    shelters = Organisation.objects.filter(
        pk__in=PlaceGroup.objects.values("location__organisation")
    ).order_by("pk")
    staff = {org.pk: _user(f"{PREFIX}opvang-{org.pk}", Role.SHELTER_STAFF, org) for org in shelters}
    shifts = [
        OnCallShift(scope=OnCallShift.Scope.REGION, care_region_code=code, user=user)
        for code, user in coordinators.items()
    ]
    shifts += [
        OnCallShift(scope=OnCallShift.Scope.COMENSHA, user=comensha),
        OnCallShift(scope=OnCallShift.Scope.NLA, user=nla),
    ]
    for shift in shifts:
        shift.starts_at, shift.ends_at = start - dt.timedelta(hours=1), end
    OnCallShift.objects.bulk_create(shifts)
    return Cast(signallers, coordinators, comensha, nla, staff)
