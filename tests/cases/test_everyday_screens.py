"""What the roster keeper, a shelter worker and a privacy officer tripped over (issue 11,
points 9, 10, 12, 13 and 17), over the pages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP

from tests.cases.conftest import ctx, facts
from tests.conftest import totp_device_for
from veiligeplek.accounts.mfa import code_reused
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.cases.models import Referral
from veiligeplek.cases.services.intake import signal_pick_up, signal_submit
from veiligeplek.cases.services.placement import referral_accept, referral_create
from veiligeplek.registry.models import Place, PlaceGroup

pytestmark = pytest.mark.django_db
Login = Callable[..., Client]


def maria_referred_to_ctm(people: dict[str, User]) -> Referral:
    case = signal_submit(
        ctx=ctx(people["police"]),
        facts_data=facts("maria", safety_risk="high"),
        urgency="normal",
        callback_name="Agent (test)",
        callback_phone="0900 0000 00",
    )
    signal_pick_up(ctx=ctx(people["comensha"]), case=case)
    group = PlaceGroup.objects.get(external_id="cosm-ctm-v")
    return referral_create(ctx=ctx(people["comensha"]), case=case, group=group)


def test_the_roster_is_titled_by_name_and_its_defaults_fill_the_fields(
    people: dict[str, User], client_for: Login
) -> None:
    page = client_for(Role.COMENSHA, user=people["comensha"]).get("/rooster/").content.decode()
    assert "Dienstrooster CoMensha (landelijk)" in page
    amsterdam = client_for(Role.REGIONAL_COORDINATOR, user=people["amsterdam"])
    assert "Dienstrooster regio Amsterdam-Amstelland" in amsterdam.get("/rooster/").content.decode()
    for name in ("starts_at", "ends_at"):
        value = re.search(rf'name="{name}" value="([^"]*)"', page)
        assert value and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", value.group(1)), name


def test_the_roster_accepts_its_own_defaults_and_refuses_a_shift_over_a_day(
    people: dict[str, User], client_for: Login
) -> None:
    client = client_for(Role.COMENSHA, user=people["comensha"])
    page = client.get("/rooster/").content.decode()
    start, end = re.findall(r'name="(?:starts|ends)_at" value="([^"]*)"', page)
    user = str(people["comensha"].pk)
    ok = client.post("/rooster/", {"user": user, "starts_at": start, "ends_at": end})
    assert ok.status_code == 302
    later = (timezone.localtime() + dt.timedelta(hours=25)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post("/rooster/", {"user": user, "starts_at": start, "ends_at": later})
    assert refused.status_code == 200
    assert "Een dienst duurt hoogstens 24 uur" in refused.content.decode()


def test_after_an_outflow_the_shelter_worker_lands_on_her_referrals(
    people: dict[str, User], client_for: Login
) -> None:
    referral = maria_referred_to_ctm(people)
    referral_accept(ctx=ctx(people["ctm"]), referral=referral)
    client = client_for(Role.SHELTER_STAFF, user=people["ctm"])
    response = client.post(
        f"/casussen/{referral.case.number}/uitstroom/", {"outflow": "second_phase"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/verwijzingen/"
    assert response.status_code == 200
    assert "Uitstroom van" in response.content.decode()


def test_the_referral_card_tells_the_facts_in_dutch_with_interpreter_and_safety(
    people: dict[str, User], client_for: Login
) -> None:
    maria_referred_to_ctm(people)
    page = client_for(Role.SHELTER_STAFF, user=people["ctm"]).get("/verwijzingen/")
    card = re.search(r'data-testid="referral-facts">(.*?)</p>', page.content.decode())
    assert card, "no referral card"
    text = card.group(1)
    assert re.match(r"Feiten: vrouw, \d+ jaar; ", text), text
    assert "tolk nodig (Spaans)" in text
    assert "hoog veiligheidsrisico" in text
    assert "female" not in text


def test_declining_with_anders_and_no_text_says_so_and_keeps_the_choice(
    people: dict[str, User], client_for: Login
) -> None:
    referral = maria_referred_to_ctm(people)
    client = client_for(Role.SHELTER_STAFF, user=people["ctm"])
    response = client.post(
        f"/verwijzingen/{referral.pk}/afwijzen/", {"decline_reason": "other", "decline_text": ""}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Toelichting: " in page and "decline_text:" not in page
    assert '<option value="other" selected>' in page
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING


def test_the_privacy_officer_has_the_audit_log_in_her_menu_with_role_names(
    people: dict[str, User], client_for: Login
) -> None:
    referral = maria_referred_to_ctm(people)
    client = client_for(Role.PRIVACY_OFFICER)
    home = client.get("/").content.decode()
    assert re.search(r'<nav[^>]*>.*href="/audit/"', home, flags=re.DOTALL)
    audit = client.get(f"/audit/casus/{referral.case.number}/").content.decode()
    assert "CoMensha (landelijke plaatsing)" in audit
    assert ">comensha<" not in audit and ">signaller<" not in audit


def test_the_favicon_answers(client: Client) -> None:
    response = client.get("/favicon.ico", follow=True)
    assert response.redirect_chain and response.redirect_chain[0][1] == 301
    assert response.redirect_chain[0][0].endswith("favicon.svg")


def test_a_code_used_once_is_recognised_as_reused(make_user: Callable[..., User]) -> None:
    user = make_user(Role.COMENSHA)
    device = totp_device_for(user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    code = f"{totp.token():06d}"
    assert not code_reused(user, code)  # never used yet
    assert device.verify_token(code)
    assert code_reused(user, code)
    assert not code_reused(user, "000000" if code != "000000" else "111111")


def test_a_tap_on_a_bed_swaps_that_bed_only_and_names_its_group(
    people: dict[str, User], client_for: Login
) -> None:
    client = client_for(Role.SHELTER_STAFF, user=people["essm"])
    bed = Place.objects.filter(group__external_id="cosm-essm", status=Place.Status.FREE)[0]
    page = client.get("/beschikbaarheid/").content.decode()
    assert f'hx-post="/beschikbaarheid/bed/{bed.pk}/"' in page
    response = client.post(
        f"/beschikbaarheid/bed/{bed.pk}/", {"status": "occupied"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<li class="vp-bed vp-bed--occupied" data-bed="{bed.number}"')
    assert "<main" not in html  # only the bed, not a page
    status = re.search(r'<p id="vp-bed-status"[^>]*hx-swap-oob="true">([^<]*)</p>', html)
    assert status and status.group(1) == (
        f"Humanitas ESSM, Rotterdam, COSM (categorale opvang) — Bed {bed.number}: Bezet."
    )
