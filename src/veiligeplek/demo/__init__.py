"""Fictitious demo data: organisations, one user per role, shelter availability, addresses.

Everything created here is marked ``is_demo`` and labelled fictitious in the UI. No real person
appears: names are invented, addresses and phone numbers are placeholders marked "(fictief)".
Loading is idempotent: existing users keep their password, availability that was changed after
loading is not overwritten.

Demo users whose role requires a second factor get an authenticator (TOTP) device with one
shared demo secret, written to var/demo-logins.txt next to the password: add it once to an
authenticator app, or run ``veiligeplek demo-code`` for the current code.
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

from veiligeplek.accounts.demo_mfa import demo_totp_load, demo_totp_uri
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import MFA_ROLES, Role
from veiligeplek.audit.services import AuditContext
from veiligeplek.cases.models import Case, OnCallShift, Outflow
from veiligeplek.cases.services import intake, placement, waiting
from veiligeplek.cases.services.common import CaseError
from veiligeplek.demo.cast import PREFIX
from veiligeplek.registry.models import (
    AvailabilityChange,
    Location,
    Organisation,
    Place,
    PlaceGroup,
)
from veiligeplek.registry.services import bed_record_status

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
        "demo-beleid-amsterdam",
        Role.POLICY_OFFICER,
        "Noor",
        "Smit",
        "Gemeente Amsterdam (demo)",
        Kind.MUNICIPALITY,
        "VT01",
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


def demo_totp_secret() -> str | None:
    """The demo users' shared TOTP secret (base32), once ``load-demo`` has run."""
    return _stored_value(logins_file(), "totp-geheim")


@transaction.atomic
def demo_users_load() -> tuple[list[str], str]:
    """Create the demo users; returns the usernames and the shared demo password."""
    path = logins_file()
    password = _stored_value(path, "wachtwoord") or secrets.token_urlsafe(12)
    usernames = []
    mfa_users = []
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
        if spec.role in MFA_ROLES:
            mfa_users.append(user)
    secret = demo_totp_load(mfa_users, secret=_stored_value(path, "totp-geheim"))
    _write_logins(path, usernames, password, secret)
    return usernames, password


def _stored_value(path: Path, label: str) -> str | None:
    if not path.is_file():
        return None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{label}: "):
            return line.removeprefix(f"{label}: ").strip()
    return None


def _write_logins(path: Path, usernames: list[str], password: str, secret: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    roles = {u.username: u.role for u in DEMO_USERS}
    lines = [
        "Demo-logins (fictieve gebruikers, alleen voor deze lokale installatie)",
        f"wachtwoord: {password}",
        f"totp-geheim: {secret}",
        "",
        "Gebruikers met * loggen in met wachtwoord en een code uit een authenticator-app.",
        "Voeg het totp-geheim één keer toe aan de app (of scan: veiligeplek demo-code --qr),",
        "of vraag de huidige code op met: veiligeplek demo-code",
        f"  {demo_totp_uri(secret)}",
        "",
    ]
    lines += [
        f"  {name:<22} {roles[name].label}{' *' if roles[name] in MFA_ROLES else ''}"
        for name in usernames
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)


@transaction.atomic
def demo_roster_load(*, now: dt.datetime | None = None) -> int:
    """Every demo coordinator, CoMensha and NLA user on duty for the coming week (fictitious)."""
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
                bed_record_status(
                    bed, status, user=None, now=updated, via=AvailabilityChange.Via.DEMO
                )
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


def _demo_facts(name: str) -> dict[str, object]:
    import json

    path = settings.BASE_DIR / "examples" / f"{name}.json"
    facts: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    facts.pop("identified_on", None)
    return facts


@transaction.atomic
def demo_cases_load() -> int:
    """Fictitious cases shaped like the four people of the report, in different states."""
    ours = Case.objects.filter(is_demo=True).exclude(created_by__username__startswith=PREFIX)
    if ours.exists():
        return 0
    users = {u.username: u for u in User.objects.filter(is_demo=True)}

    def ctx(username: str) -> AuditContext:
        return AuditContext(
            user=users[username], client_address="demo", purpose="fictieve demodata"
        )

    def signal(name: str, **changes: object) -> Case:
        return intake.signal_submit(
            ctx=ctx("demo-politie"),
            facts_data={**_demo_facts(name), **changes},
            urgency="crisis",
            callback_name="Fictieve agent",
            callback_phone="0900 000 0000",
            identity=intake.IdentityIn(full_name=f"Fictief persoon ({name}-achtig)"),
        )

    sandra = signal("sandra")
    intake.signal_pick_up(ctx=ctx("demo-zc-flevoland"), case=sandra)
    waiting.waiting_list_add(ctx=ctx("demo-zc-flevoland"), case=sandra, category="omm")
    waiting.ad_hoc_record(
        ctx=ctx("demo-zc-flevoland"),
        case=sandra,
        kind="hotel",
        municipality="GM0363",
        reason="OMM vol; verslaving sluit de Wmo-plekken uit (fictief)",
    )
    maria = signal("maria")
    intake.signal_pick_up(ctx=ctx("demo-comensha"), case=maria)
    radek = signal("radek")
    amir = signal("amir")
    intake.signal_pick_up(ctx=ctx("demo-zc-oostbrabant"), case=amir)
    waiting.ad_hoc_record(
        ctx=ctx("demo-zc-oostbrabant"),
        case=amir,
        kind="other",
        municipality="GM0772",
        reason="Geen passende opvang bij criminele uitbuiting; netwerk zoekt hem (fictief)",
    )
    try:
        placed = placement.placement_create(
            ctx=ctx("demo-comensha"),
            case=maria,
            group=PlaceGroup.objects.get(external_id="cosm-ctm-v"),
        )
    except CaseError:
        placed = None
    closed = signal("maria", age=33, languages=["pt"])
    # A finished stay: placed, then left for the second phase (a refusal here is a defect of
    # the demo data, so it is not swallowed).
    earlier = placement.placement_create(
        ctx=ctx("demo-comensha"),
        case=closed,
        group=_with_a_free_bed("cosm-essm"),
    )
    placement.placement_end(
        ctx=ctx("demo-comensha"), placement=earlier, outflow=Outflow.SECOND_PHASE
    )
    # A referral that waits for the shelter's answer at the demo shelter user's location
    # (demo-opvang-essm), so that a newcomer sees the referral card, and can accept or decline.
    waiting_answer = signal("maria", age=24, languages=["es"])
    placement.referral_create(
        ctx=ctx("demo-comensha"), case=waiting_answer, group=_with_a_free_bed("cosm-essm")
    )
    del placed, radek
    return ours.count()


def _with_a_free_bed(external_id: str) -> PlaceGroup:
    """The group, with one of its beds made free (demo occupancy) when all were taken."""
    group = PlaceGroup.objects.get(external_id=external_id)
    if not group.places.filter(status=Place.Status.FREE).exists():
        bed = group.places.order_by("number").first()
        if bed is not None:
            bed_record_status(
                bed,
                Place.Status.FREE,
                user=None,
                now=timezone.now(),
                via=AvailabilityChange.Via.DEMO,
            )
    return group
