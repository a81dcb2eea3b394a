"""Issue 12, defects 5 and 6: a refused look at a case leaves a trace (the user still sees the
same 404) and repeated refusals are shown to the privacy officer; everything done under a
break-the-glass grant is marked with that grant and listed under it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.test_cases_api import api, post
from tests.cases.conftest import ctx, facts
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.audit.models import AuditEvent
from veiligeplek.cases.models import BreakGlassGrant, Case
from veiligeplek.cases.services.intake import signal_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def sandra(people: dict[str, User]) -> Case:
    return signal_submit(
        ctx=ctx(people["police"]),
        facts_data=facts("sandra"),
        urgency="crisis",
        callback_name="Agent",
        callback_phone="06 1234 5678",
    )


def denied(user: User) -> list[tuple[str, str]]:
    return list(
        AuditEvent.objects.filter(actor=user, result="denied")
        .order_by("sequence")
        .values_list("object_pseudonym", "section")
    )


def test_an_out_of_scope_look_is_404_like_a_missing_case_and_is_logged_as_denied(
    people: dict[str, User], sandra: Case, client_for: Callable[..., Client]
) -> None:
    outsider = people["oostbrabant"]
    client = client_for(Role.REGIONAL_COORDINATOR, user=outsider)
    outside = client.get(reverse("cases:detail", args=[sandra.number]))
    missing = client.get(reverse("cases:detail", args=["VP-0000-0000"]))
    assert outside.status_code == missing.status_code == 404
    assert api(outsider).get(f"/api/v1/cases/{sandra.number}").status_code == 404
    assert [p for p, _ in denied(outsider)] == [sandra.number, "VP-0000-0000", sandra.number]
    event = AuditEvent.objects.filter(actor=outsider, result="denied").first()
    assert event is not None and event.actor_role == Role.REGIONAL_COORDINATOR
    assert event.purpose.startswith("geweigerd: GET /casussen/")


def test_repeated_denials_are_shown_to_the_privacy_officer(
    people: dict[str, User], sandra: Case, client_for: Callable[..., Client]
) -> None:
    prober = client_for(Role.SHELTER_STAFF, user=people["essm"])
    for number in ("VP-AAAA-0001", "VP-AAAA-0002", sandra.number):
        assert prober.get(reverse("cases:detail", args=[number])).status_code == 404
    once = client_for(Role.REGIONAL_COORDINATOR, user=people["haaglanden"])
    assert once.get(reverse("cases:detail", args=[sandra.number])).status_code == 404
    officer = client_for(Role.PRIVACY_OFFICER)
    html = officer.get(reverse("audit:home")).content.decode()
    table = html.split('data-testid="repeated-denials"')[1].split("</table>")[0]
    assert people["essm"].username in table and "VP-AAAA-0001" in table
    assert people["haaglanden"].username not in table  # one refusal is no pattern


def test_everything_under_a_break_glass_grant_is_marked_and_listed_under_it(
    people: dict[str, User], sandra: Case, client_for: Callable[..., Client]
) -> None:
    client = client_for(Role.REGIONAL_COORDINATOR, user=people["amsterdam"])
    response = client.post(
        reverse("cases:break_glass"),
        {"number": sandra.number, "reason": "Slachtoffer staat hier aan de balie, nacht"},
    )
    assert response.status_code == 302
    assert client.get(reverse("cases:detail", args=[sandra.number])).status_code == 200
    assert api(people["amsterdam"]).get(f"/api/v1/cases/{sandra.number}").status_code == 200
    grant = BreakGlassGrant.objects.get(case=sandra)
    under = AuditEvent.objects.filter(actor=people["amsterdam"], object_pseudonym=sandra.number)
    assert under.count() >= 3
    assert all(e.break_glass and e.break_glass_grant == grant.pk for e in under)
    # The case's own coordinator reads it too: not under the grant.
    own = client_for(Role.REGIONAL_COORDINATOR, user=people["flevoland"])
    assert own.get(reverse("cases:detail", args=[sandra.number])).status_code == 200
    assert not AuditEvent.objects.filter(actor=people["flevoland"], break_glass=True).exists()
    html = client_for(Role.PRIVACY_OFFICER).get(reverse("audit:home")).content.decode()
    section = html.split('data-testid="grant"')[1].split('data-testid="grant"')[0]
    assert people["amsterdam"].username in section and "dossier" in section


def test_events_on_the_referrals_and_placements_of_a_granted_case_are_marked_with_the_grant(
    people: dict[str, User], sandra: Case, client_for: Callable[..., Client]
) -> None:
    client = client_for(Role.REGIONAL_COORDINATOR, user=people["amsterdam"])
    client.post(
        reverse("cases:break_glass"),
        {"number": sandra.number, "reason": "Slachtoffer staat hier aan de balie, nacht"},
    )
    grant = BreakGlassGrant.objects.get(case=sandra)
    amsterdam = api(people["amsterdam"])
    referred = post(
        amsterdam, f"/api/v1/cases/{sandra.number}/referrals", {"place_group": "wmo-ctm-crisis"}
    )
    assert referred.status_code == 201, referred.content
    referral = referred.json()["id"]
    # Only the shelter answers a referral: the coordinator's attempt is refused and logged.
    assert amsterdam.post(f"/api/v1/referrals/{referral}/accept").status_code == 404
    placed = post(
        amsterdam, f"/api/v1/cases/{sandra.number}/placements", {"place_group": "wmo-ctm-crisis"}
    )
    assert placed.status_code == 201, placed.content
    placement = placed.json()["id"]
    ended = {"outflow": "other", "note": ""}
    assert post(amsterdam, f"/api/v1/placements/{placement}/end", ended).status_code == 200
    assert post(amsterdam, f"/api/v1/placements/{placement}/end", ended).status_code == 404
    events = AuditEvent.objects.filter(actor=people["amsterdam"])
    on_objects = events.filter(object_type__in=["referral", "placement"])
    assert sorted(on_objects.values_list("object_type", "object_pseudonym", "result")) == [
        ("placement", str(placement), "denied"),
        ("referral", str(referral), "denied"),
    ]
    assert all(e.break_glass and e.break_glass_grant == grant.pk for e in on_objects)
    sections = set(events.filter(break_glass_grant=grant.pk).values_list("section", flat=True))
    assert {"verwijzing", "plaatsing", "uitstroom"} <= sections


@pytest.mark.parametrize(
    "path", ["/api/v1/referrals/{n}/accept", "/api/v1/placements/{n}/end"], ids=["ref", "plac"]
)
def test_a_refused_attempt_on_an_id_beyond_any_database_integer_is_a_logged_404(
    people: dict[str, User], path: str
) -> None:
    huge = "27822668292628824064"  # found by schemathesis: once a 500 (an integer overflow)
    body = {"outflow": "other", "note": ""}
    answer = post(api(people["comensha"]), path.format(n=huge), body)
    assert answer.status_code == 404
    assert denied(people["comensha"]) == [
        (huge, "api-v1:referral_accept" if "referrals" in path else "api-v1:placement_end")
    ]
