"""Fictitious demo data: organisations, one user per role, shelter availability, addresses.

Everything created here is marked ``is_demo`` and labelled fictitious in the UI. No real person
appears: names are invented, addresses and phone numbers are placeholders marked "(fictief)".
Loading is idempotent: existing users keep their password, availability that was changed after
loading is not overwritten.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.registry.models import (
    AvailabilityChange,
    Location,
    Organisation,
    Place,
    PlaceGroup,
)

Kind = Organisation.Kind


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: Role
    first_name: str
    last_name: str
    organisation: str
    organisation_kind: str
    care_region: str = ""


DEMO_USERS = (
    DemoUser(
        "demo-politie",
        Role.SIGNALLER,
        "Sem",
        "Bakker",
        "Politie, eenheid Amsterdam (demo)",
        Kind.POLICE,
    ),
    DemoUser(
        "demo-zc-flevoland",
        Role.REGIONAL_COORDINATOR,
        "Noor",
        "Visser",
        "Zorgcoördinatie Flevoland (demo)",
        Kind.CARE_COORDINATION,
        "VT03",
    ),
    DemoUser(
        "demo-zc-amsterdam",
        Role.REGIONAL_COORDINATOR,
        "Lotte",
        "de Boer",
        "Zorgcoördinatie Amsterdam-Amstelland (demo)",
        Kind.CARE_COORDINATION,
        "VT01",
    ),
    DemoUser(
        "demo-zc-oostbrabant",
        Role.REGIONAL_COORDINATOR,
        "Jesse",
        "Mulder",
        "Zorgcoördinatie Oost-Brabant (demo)",
        Kind.CARE_COORDINATION,
        "VT27",
    ),
    DemoUser(
        "demo-zc-haaglanden",
        Role.REGIONAL_COORDINATOR,
        "Iris",
        "Smit",
        "Zorgcoördinatie Haaglanden (demo)",
        Kind.CARE_COORDINATION,
        "VT09",
    ),
    DemoUser(
        "demo-comensha",
        Role.COMENSHA,
        "Mila",
        "Meijer",
        "CoMensha (demo)",
        Kind.COMENSHA,
    ),
    DemoUser(
        "demo-nla",
        Role.NLA,
        "Daan",
        "de Groot",
        "Nederlandse Arbeidsinspectie (demo)",
        Kind.NLA,
    ),
    DemoUser(
        "demo-opvang-ctm",
        Role.SHELTER_STAFF,
        "Sara",
        "Bos",
        "HVO Querido CTM",
        Kind.SHELTER,
    ),
    DemoUser(
        "demo-opvang-essm",
        Role.SHELTER_STAFF,
        "Yara",
        "Vos",
        "Humanitas ESSM",
        Kind.SHELTER,
    ),
    DemoUser(
        "demo-beleid",
        Role.POLICY_OFFICER,
        "Ruben",
        "Peters",
        "Ministerie van Justitie en Veiligheid (demo)",
        Kind.MINISTRY,
    ),
    DemoUser(
        "demo-beheer",
        Role.ADMINISTRATOR,
        "Eva",
        "Hendriks",
        "Beheer Veilige Plek (demo)",
        Kind.OTHER,
    ),
    DemoUser(
        "demo-privacy",
        Role.PRIVACY_OFFICER,
        "Tim",
        "Dekker",
        "Beheer Veilige Plek (demo)",
        Kind.OTHER,
    ),
)

# Categories the demo shows as full, so that the report's situations appear: OMM has a waiting
# list (Sandra) and the NLA places are taken (Radek).
FULL_IN_DEMO = frozenset({"omm", "nla"})
STALE_IN_DEMO = frozenset({"omm-ldh-ijsselland", "wmo-sterkhuis"})


def logins_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-logins.txt"


@transaction.atomic
def demo_users_load() -> tuple[list[str], str]:
    """Create the demo users; returns the usernames and the shared demo password."""
    path = logins_file()
    password = _stored_password(path) or secrets.token_urlsafe(12)
    usernames = []
    for spec in DEMO_USERS:
        organisation, _ = Organisation.objects.get_or_create(
            name=spec.organisation, defaults={"kind": spec.organisation_kind, "is_demo": True}
        )
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "role": spec.role,
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "organisation": organisation,
                "care_region_code": spec.care_region,
                "email": f"{spec.username}@demo.veiligeplek.invalid",
                "is_demo": True,
            },
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        usernames.append(spec.username)
    _write_logins(path, usernames, password)
    return usernames, password


def _stored_password(path: Path) -> str | None:
    if not path.is_file():
        return None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("wachtwoord: "):
            return line.removeprefix("wachtwoord: ").strip()
    return None


def _write_logins(path: Path, usernames: list[str], password: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    roles = {u.username: u.role.label for u in DEMO_USERS}
    lines = [
        "Demo-logins (fictieve gebruikers, alleen voor deze lokale installatie)",
        f"wachtwoord: {password}",
        "",
    ]
    lines += [f"  {name:<22} {roles[name]}" for name in usernames]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)


@transaction.atomic
def demo_roster_load(*, now: dt.datetime | None = None) -> int:
    """Every demo coordinator, CoMensha and NLA user on duty for the coming week (fictitious)."""
    from veiligeplek.cases.models import OnCallShift

    now = now or timezone.now()
    created = 0
    for spec in DEMO_USERS:
        scope = {
            Role.REGIONAL_COORDINATOR: OnCallShift.Scope.REGION,
            Role.COMENSHA: OnCallShift.Scope.COMENSHA,
            Role.NLA: OnCallShift.Scope.NLA,
        }.get(spec.role)
        if scope is None:
            continue
        user = User.objects.get(username=spec.username)
        if OnCallShift.objects.filter(user=user, ends_at__gt=now + dt.timedelta(days=1)).exists():
            continue
        OnCallShift.objects.create(
            scope=scope,
            care_region_code=spec.care_region,
            user=user,
            starts_at=now - dt.timedelta(hours=1),
            ends_at=now + dt.timedelta(days=7),
        )
        created += 1
    return created


@transaction.atomic
def demo_availability_load(*, now: dt.datetime | None = None) -> int:
    """Give never-updated groups a plausible, fictitious occupancy and fictitious contact data."""
    now = now or timezone.now()
    for location in Location.objects.filter(street_address=""):
        location.street_address = (
            f"Demostraat {location.pk}, 0000 XX {location.municipality} (fictief)"
        )
        location.phone_24_7 = f"088 000 {location.pk:04d} (fictief)"
        location.save(update_fields=["street_address", "phone_24_7"])
    count = 0
    for group in PlaceGroup.objects.filter(availability_updated_at__isnull=True).order_by("pk"):
        rng = random.Random(group.external_id)  # noqa: S311 - demo data, not security
        hours = rng.randint(30, 90) if group.external_id in STALE_IN_DEMO else rng.randint(0, 8)
        updated = now - dt.timedelta(hours=hours, minutes=rng.randint(0, 59))
        for bed in group.places.order_by("number"):
            status = _demo_status(group, bed.number, rng)
            if status != bed.status:
                AvailabilityChange.objects.create(
                    group=group,
                    place=bed,
                    from_status=bed.status,
                    to_status=status,
                    changed_at=updated,
                    via=AvailabilityChange.Via.DEMO,
                )
                bed.status, bed.status_changed_at = status, updated
                bed.save(update_fields=["status", "status_changed_at"])
        group.availability_updated_at = updated
        group.save(update_fields=["availability_updated_at"])
        count += 1
    return count


def _demo_status(group: PlaceGroup, number: int, rng: random.Random) -> str:
    if group.category in FULL_IN_DEMO:
        return Place.Status.OCCUPIED
    if group.multi_labelled and number > group.capacity_min:
        return Place.Status.OTHER_TARGET_GROUP
    roll = rng.random()
    if roll < 0.72:
        return Place.Status.OCCUPIED
    if roll < 0.76:
        return Place.Status.OUT_OF_SERVICE
    return Place.Status.FREE
