"""Handover when the track changes (Maria files a report: B8, municipal track) and after a first
placement by CoMensha on the municipal track: who holds the case, who is told, what the timeline
records, and who may see and act on the case before, after, and after the old holder's
placement ended (an access matrix per stage)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.cases.conftest import ctx, facts
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.cases.access import cases_visible_to, cases_writable_by
from veiligeplek.cases.models import Case, Notification, Outflow, Placement, Referral
from veiligeplek.cases.services import handover
from veiligeplek.cases.services.intake import case_facts_correct, signal_pick_up, signal_submit
from veiligeplek.cases.services.placement import placement_create, placement_end
from veiligeplek.domain.periods import parse_period
from veiligeplek.domain.rules import ruleset_for
from veiligeplek.monitor.scope import parse_scope
from veiligeplek.monitor.services import case_flows_refresh
from veiligeplek.monitor.statistics import statistics_for
from veiligeplek.registry.models import PlaceGroup

pytestmark = pytest.mark.django_db


def submit(people: dict[str, User], name: str, **changes: object) -> Case:
    return signal_submit(
        ctx=ctx(people["police"]),
        facts_data=facts(name, **changes),
        urgency="normal",
        callback_name="Agent",
        callback_phone="06 1234 5678",
    )


def place(people: dict[str, User], case: Case, group: str, by: str = "comensha") -> Placement:
    return placement_create(
        ctx=ctx(people[by]), case=case, group=PlaceGroup.objects.get(external_id=group)
    )


def file_report(people: dict[str, User], case: Case) -> Case:
    """CoMensha corrects Maria's facts: she filed a report and holds a B8 permit."""
    corrected = {**case.facts, "report_filed": True, "residence_permit": "b8"}
    return case_facts_correct(ctx=ctx(people["comensha"]), case=case, facts_data=corrected)


def access(people: dict[str, User], case: Case) -> dict[str, str]:
    """Per party: "act" (see and act), "read" (see only) or "-" (not at all)."""
    result = {}
    for name in ("comensha", "amsterdam", "flevoland", "nla", "ctm"):
        user = people[name]
        seen = cases_visible_to(user).filter(pk=case.pk).exists()
        acts = cases_writable_by(user).filter(pk=case.pk).exists()
        result[name] = "act" if acts else "read" if seen else "-"
    return result


def inbox(user: User, case: Case) -> list[str]:
    rows = Notification.objects.filter(recipient=user, case=case)
    return list(rows.values_list("message", flat=True))


def test_marias_b8_hands_her_case_to_amsterdams_on_duty_coordinator(
    people: dict[str, User],
) -> None:
    maria = submit(people, "maria")
    assert maria.assigned_to == people["comensha"]
    stay = place(people, maria, "cosm-ctm-v")
    before = access(people, maria)

    maria = file_report(people, maria)
    maria.refresh_from_db()
    assert (maria.track, maria.case_owner, maria.care_region_code) == (
        "municipal",
        "regional_coordinator",
        "VT01",
    )
    assert maria.assigned_to == people["amsterdam"]
    after = access(people, maria)

    placement_end(ctx=ctx(people["ctm"]), placement=stay, outflow=Outflow.TRANSFER)
    after_outflow = access(people, maria)

    # The access matrix, stage by stage (the shelter sees the person only while she stays).
    assert before == {
        "comensha": "act",
        "amsterdam": "act",  # the region where she was found, also on the aliens-law track
        "flevoland": "-",
        "nla": "-",
        "ctm": "act",
    }
    assert after == {**before, "comensha": "read"}
    assert after_outflow == {**after, "comensha": "-", "ctm": "-"}


def test_the_handover_tells_both_holders_and_the_timeline_names_the_rule(
    people: dict[str, User],
) -> None:
    maria = submit(people, "maria")
    place(people, maria, "cosm-ctm-v")
    file_report(people, maria)
    new = inbox(people["amsterdam"], maria)
    old = inbox(people["comensha"], maria)
    assert any("aan u overgedragen" in m and maria.number in m for m in new)
    assert any("overgedragen aan de regionale zorgcoördinator van" in m for m in old)
    assert all("Maria" not in m for m in new + old)
    event = maria.timeline.get(kind="handed_over")
    assert event.detail == {
        "rule": "R-HANDOVER-TRACK",
        "track": "municipal",
        "from_authority": "comensha",
        "from_region": "",
        "to_authority": "regional_coordinator",
        "to_region": "VT01",
        "to": people["amsterdam"].pk,
    }
    assert event.actor == people["comensha"]


def test_corrected_facts_that_keep_the_holder_hand_nothing_over(people: dict[str, User]) -> None:
    maria = submit(people, "maria")
    case_facts_correct(
        ctx=ctx(people["comensha"]), case=maria, facts_data={**maria.facts, "age": 28}
    )
    assert not maria.timeline.filter(kind="handed_over").exists()
    assert inbox(people["amsterdam"], maria) == []


def test_the_old_holder_may_read_but_not_act_on_the_handed_over_case(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    maria = submit(people, "maria")
    place(people, maria, "cosm-ctm-v")
    file_report(people, maria)
    comensha = client_for(Role.COMENSHA, user=people["comensha"])
    page = comensha.get(reverse("cases:detail", args=[maria.number]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="read-only"' in body
    assert 'data-testid="placement"' in body  # the placement it made
    assert reverse("cases:outflow", args=[maria.number]) not in body
    refused = comensha.post(
        reverse("cases:wait", args=[maria.number]), {"category": "wmo"}, follow=True
    )
    assert "alleen inzien" in refused.content.decode()
    assert not maria.waiting.exists()
    api = comensha.post(
        reverse("api-v1:referral_create", args=[maria.number]),
        json.dumps({"place_group": "wmo-ctm-regulier"}),
        content_type="application/json",
    )
    assert api.status_code == 403
    assert not Referral.objects.filter(case=maria).exists()


def test_after_comenshas_first_placement_on_the_municipal_track_the_region_takes_over(
    people: dict[str, User],
) -> None:
    sandra = submit(people, "sandra")  # Flevoland's; OMM is CoMensha's
    sandra = signal_pick_up(ctx=ctx(people["comensha"]), case=sandra)
    assert sandra.assigned_to == people["comensha"]
    place(people, sandra, "omm-fier")
    sandra.refresh_from_db()
    assert sandra.assigned_to == people["flevoland"]
    event = sandra.timeline.get(kind="handed_over")
    assert event.detail["rule"] == "R-HANDOVER-PLACEMENT"
    assert (event.detail["from_authority"], event.detail["to_region"]) == ("comensha", "VT03")
    assert any("aan u overgedragen" in m for m in inbox(people["flevoland"], sandra))


def test_a_comensha_placement_on_the_aliens_law_track_keeps_the_case_with_comensha(
    people: dict[str, User],
) -> None:
    maria = submit(people, "maria")
    place(people, maria, "cosm-ctm-v")
    maria.refresh_from_db()
    assert maria.assigned_to == people["comensha"]
    assert not maria.timeline.filter(kind="handed_over").exists()


def test_the_handover_after_a_placement_is_the_rule_sets_not_the_codes(
    people: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = ruleset_for(timezone.localdate())
    assert [r.rule for r in shipped.handover_after_placement] == ["R-HANDOVER-PLACEMENT"]
    assert "hoofdstuk 4" in shipped.rule("R-HANDOVER-PLACEMENT").source
    without = dataclasses.replace(shipped, handover_after_placement=())
    monkeypatch.setattr(handover, "ruleset_for", lambda day: without)
    sandra = submit(people, "sandra")
    sandra = signal_pick_up(ctx=ctx(people["comensha"]), case=sandra)
    place(people, sandra, "omm-fier")
    sandra.refresh_from_db()
    assert sandra.assigned_to == people["comensha"]
    assert not sandra.timeline.filter(kind="handed_over").exists()


def test_the_monitoring_counts_the_handover_from_the_timeline(people: dict[str, User]) -> None:
    maria = submit(people, "maria")
    place(people, maria, "cosm-ctm-v")
    submit(people, "maria")  # another case that is never handed over
    file_report(people, maria)
    case_flows_refresh()
    period = parse_period(str(timezone.localdate().year))
    stats = statistics_for(period, parse_scope("national"), exact=True)
    assert stats.cell("cases_by_route_and_handed_over", "*", "yes") == 1
    assert stats.cell("cases_by_route_and_handed_over", "*", "no") == 1
    assert (
        stats.cell("cases_by_route_and_handed_over", "municipal/cosm", "yes") == 1
    )  # placed on COSM
