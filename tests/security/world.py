"""A small world for the access matrix: one user per role and, for each role, an object of its
own, one of another organisation or region, and a missing one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from tests.cases.conftest import ctx, facts
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import MONITOR_ROLES, Role
from veiligeplek.cases.models import Case, OnCallShift, Referral
from veiligeplek.cases.services.intake import signal_submit
from veiligeplek.cases.services.placement import placement_create, referral_create
from veiligeplek.monitor.models import ReportRun
from veiligeplek.registry.models import Location, Place, PlaceGroup

MISSING_ID = 987654
MISSING_NUMBER = "VP-0000-0000"


@dataclass
class World:
    users: dict[Role, User]
    own: dict[tuple[Role, str], Any]  # (role, target) -> object in the role's scope
    other: dict[tuple[Role, str], Any]  # (role, target) -> object outside it
    group_pk: int

    def object_for(self, role: Role, target: str, relation: str) -> Any:
        if relation == "missing":
            return (
                MISSING_NUMBER
                if target in ("case", "placed_case", "signal", "audit_case")
                else MISSING_ID
            )
        table = self.own if relation == "own" else self.other
        for owner in (role, Role.REGIONAL_COORDINATOR, Role.SHELTER_STAFF, Role.SIGNALLER):
            if (owner, target) in table:
                return table[(owner, target)]
        raise KeyError((role, target, relation))


def _flagged(user: User) -> User:
    """An account flagged for a voided login (an administrator marks it handled)."""
    User.objects.filter(pk=user.pk).update(code_guessing_flagged_at=timezone.now())
    return user


def _report_run(user: User) -> ReportRun:
    return ReportRun.objects.create(
        requested_by=user,
        period="2026",
        scope="national",
        file_format="xlsx",
        status=ReportRun.Status.DONE,
        content=b"PK matrix",
        created_at=timezone.now(),
    )


def _signal(user: User, name: str, **changes: Any) -> Case:
    return signal_submit(
        ctx=ctx(user),
        facts_data=facts(name, **changes),
        urgency="normal",
        callback_name="Matrix",
        callback_phone="06 1234 5678",
    )


def build_world(people: dict[str, User]) -> World:
    users = {
        Role.SIGNALLER: people["police"],
        Role.REGIONAL_COORDINATOR: people["flevoland"],
        Role.COMENSHA: people["comensha"],
        Role.NLA: people["nla"],
        Role.SHELTER_STAFF: people["ctm"],
        Role.POLICY_OFFICER: User.objects.create_user("matrix-beleid", role=Role.POLICY_OFFICER),
        Role.ADMINISTRATOR: User.objects.create_user("matrix-beheer", role=Role.ADMINISTRATOR),
        Role.PRIVACY_OFFICER: User.objects.create_user("matrix-privacy", role=Role.PRIVACY_OFFICER),
    }
    other_police = User.objects.create_user("matrix-kmar", role=Role.SIGNALLER)
    sandra = _signal(people["police"], "sandra")  # VT03, Flevoland's; OMM via CoMensha
    maria = _signal(people["police"], "maria")  # CoMensha's
    radek = _signal(people["police"], "radek")  # the NLA's (and Haaglanden's)
    amir = _signal(other_police, "amir")  # Oost-Brabant's: nobody else's
    placed_z = _signal(people["police"], "sandra")  # Flevoland's, to be placed
    referred_x = _signal(
        people["police"], "sandra", registered_municipality="GM0363"
    )  # Amsterdam's
    referred_y = _signal(
        people["police"], "sandra", registered_municipality="GM0599"
    )  # Rotterdam's
    ref_ctm = referral_create(
        ctx=ctx(people["amsterdam"]),
        case=referred_x,
        group=PlaceGroup.objects.get(external_id="omm-ctm"),
    )
    ref_essm = Referral.objects.create(
        case=referred_y,
        group=PlaceGroup.objects.get(external_id="wmo-essm-nood"),
        referred_at=timezone.now(),
        referred_by=people["comensha"],
    )
    maria_placed = placement_create(
        ctx=ctx(people["comensha"]),
        case=maria,
        group=PlaceGroup.objects.get(external_id="cosm-ctm-v"),
    )
    z_placed = placement_create(
        ctx=ctx(people["comensha"]),
        case=placed_z,
        group=PlaceGroup.objects.get(external_id="omm-fier"),
    )
    radek_placed = placement_create(
        ctx=ctx(people["nla"]), case=radek, group=PlaceGroup.objects.get(external_id="nla-arosa")
    )
    shifts = {s.user_id: s for s in OnCallShift.objects.all()}
    now = timezone.now()
    vt09 = OnCallShift.objects.create(
        scope="region",
        care_region_code="VT09",
        user=people["haaglanden"],
        starts_at=now,
        ends_at=now + dt.timedelta(hours=4),
    )
    ctm_bed = Place.objects.filter(group__external_id="man-ctm").first()
    essm_bed = Place.objects.filter(group__external_id="wmo-essm-nood").first()
    own: dict[tuple[Role, str], Any] = {
        (Role.REGIONAL_COORDINATOR, "case"): sandra.number,
        (Role.REGIONAL_COORDINATOR, "placed_case"): placed_z.number,
        (Role.REGIONAL_COORDINATOR, "placement"): z_placed.pk,
        (Role.REGIONAL_COORDINATOR, "shift"): shifts[people["flevoland"].pk].pk,
        (Role.COMENSHA, "case"): maria.number,
        (Role.COMENSHA, "placed_case"): maria.number,
        (Role.COMENSHA, "placement"): maria_placed.pk,
        (Role.COMENSHA, "shift"): shifts[people["comensha"].pk].pk,
        (Role.NLA, "case"): radek.number,
        (Role.NLA, "placed_case"): radek.number,
        (Role.NLA, "placement"): radek_placed.pk,
        (Role.NLA, "shift"): shifts[people["nla"].pk].pk,
        (Role.ADMINISTRATOR, "shift"): vt09.pk,
        (Role.SHELTER_STAFF, "case"): referred_x.number,
        (Role.SHELTER_STAFF, "placed_case"): maria.number,
        (Role.SHELTER_STAFF, "placement"): maria_placed.pk,
        (Role.SHELTER_STAFF, "referral"): ref_ctm.pk,
        (Role.SHELTER_STAFF, "bed"): ctm_bed.pk if ctm_bed else MISSING_ID,
        (Role.SHELTER_STAFF, "group"): PlaceGroup.objects.get(external_id="man-ctm").pk,
        (Role.SHELTER_STAFF, "location"): PlaceGroup.objects.get(external_id="man-ctm").location_id,
        (Role.SIGNALLER, "signal"): sandra.number,
        (Role.REGIONAL_COORDINATOR, "region"): "VT01",
        (Role.REGIONAL_COORDINATOR, "fmt"): "csv",
        (Role.REGIONAL_COORDINATOR, "username"): people["flevoland"].username,
        (Role.REGIONAL_COORDINATOR, "audit_case"): sandra.number,
        (Role.REGIONAL_COORDINATOR, "flagged_user"): _flagged(people["haaglanden"]).pk,
    }
    other: dict[tuple[Role, str], Any] = {
        (Role.REGIONAL_COORDINATOR, "case"): amir.number,
        (Role.REGIONAL_COORDINATOR, "placed_case"): maria.number,  # Amsterdam's region, CoMensha's
        (Role.REGIONAL_COORDINATOR, "placement"): maria_placed.pk,
        (Role.REGIONAL_COORDINATOR, "shift"): vt09.pk,
        (Role.COMENSHA, "shift"): shifts[people["nla"].pk].pk,
        (Role.COMENSHA, "placed_case"): radek.number,
        (Role.COMENSHA, "placement"): radek_placed.pk,
        (Role.NLA, "shift"): shifts[people["comensha"].pk].pk,
        (Role.NLA, "placed_case"): maria.number,
        (Role.NLA, "placement"): maria_placed.pk,
        (Role.SHELTER_STAFF, "case"): amir.number,
        (Role.SHELTER_STAFF, "placed_case"): placed_z.number,
        (Role.SHELTER_STAFF, "placement"): z_placed.pk,
        (Role.SHELTER_STAFF, "referral"): ref_essm.pk,
        (Role.SHELTER_STAFF, "bed"): essm_bed.pk if essm_bed else MISSING_ID,
        (Role.SHELTER_STAFF, "group"): PlaceGroup.objects.get(external_id="wmo-essm-nood").pk,
        (Role.SHELTER_STAFF, "location"): PlaceGroup.objects.get(
            external_id="wmo-essm-nood"
        ).location_id,
        (Role.SIGNALLER, "signal"): amir.number,
        (Role.REGIONAL_COORDINATOR, "region"): "VT01",
        (Role.REGIONAL_COORDINATOR, "fmt"): "csv",
        (Role.REGIONAL_COORDINATOR, "username"): people["flevoland"].username,
        (Role.REGIONAL_COORDINATOR, "audit_case"): amir.number,
    }
    for role in MONITOR_ROLES:
        own[(role, "report_run")] = _report_run(users[role]).pk
    other[(Role.REGIONAL_COORDINATOR, "report_run")] = _report_run(people["haaglanden"]).pk
    assert Location.objects.exists()
    return World(
        users=users, own=own, other=other, group_pk=PlaceGroup.objects.get(external_id="omm-ctm").pk
    )
