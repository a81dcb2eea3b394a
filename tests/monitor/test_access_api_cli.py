"""Who sees which figures, over the page, the API and the command line; bad input is refused
naming the field."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from tests.monitor.conftest import World
from veiligeplek.accounts.roles import Role
from veiligeplek.domain.periods import parse_period
from veiligeplek.monitor.scope import parse_scope
from veiligeplek.monitor.statistics import statistics_for

pytestmark = pytest.mark.django_db
Login = Callable[..., Client]


def counts_in(data: dict[str, Any]) -> list[int]:
    return [c["count"] for t in data["tables"] for c in t["cells"] if "count" in c]


def test_a_ministry_sees_national_figures_with_no_count_below_the_threshold(
    world: World, client_for: Login
) -> None:
    client = client_for(Role.POLICY_OFFICER)
    response = client.get("/api/v1/statistics", {"period": "2026", "scope": "national"})
    assert response.status_code == 200
    data = response.json()
    assert data["exact"] is False and data["threshold"] == 10
    assert not [n for n in counts_in(data) if 0 < n < 10]
    assert any(c.get("suppressed") for t in data["tables"] for c in t["cells"])
    assert all("count" not in c for t in data["tables"] for c in t["cells"] if c.get("suppressed"))
    assert not [f for f in data["figures"] if 0 < f.get("n", 0) < 10]


def test_a_regional_coordinator_sees_her_own_region_exactly(
    world: World, client_for: Login
) -> None:
    client = client_for(Role.REGIONAL_COORDINATOR, region="VT01")
    data = client.get("/api/v1/statistics", {"period": "2026", "scope": "VT01"}).json()
    assert data["exact"] is True
    assert [n for n in counts_in(data) if 0 < n < 10]  # small counts shown as they are
    national = client.get("/api/v1/statistics", {"period": "2026", "scope": "national"}).json()
    assert national["exact"] is False
    assert client.get("/api/v1/statistics", {"period": "2026", "scope": "VT09"}).status_code == 404


def test_a_municipal_policy_officer_sees_her_region_and_the_nation_only(
    world: World, client_for: Login
) -> None:
    client = client_for(Role.POLICY_OFFICER, region="VT09")
    assert client.get("/api/v1/statistics", {"period": "2026", "scope": "VT09"}).status_code == 200
    assert client.get("/api/v1/statistics", {"period": "2026"}).status_code == 200
    assert client.get("/api/v1/statistics", {"period": "2026", "scope": "VT01"}).status_code == 404
    refused = client.get("/monitor/", {"period": "2026", "scope": "VT01"}).content.decode()
    assert 'data-testid="funnel"' not in refused  # not one of her choices: a form error


@pytest.mark.parametrize("role", [Role.SIGNALLER, Role.SHELTER_STAFF, Role.PRIVACY_OFFICER])
def test_roles_without_monitoring_get_a_404(role: Role, client_for: Login) -> None:
    client = client_for(role)
    assert client.get("/api/v1/statistics", {"period": "2026"}).status_code == 404
    assert client.get("/monitor/").status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"period": "2026-Q5"}, "period"),
        ({"period": "2026-02-30..2026-03-01"}, "period"),
        ({"period": "2026", "scope": "VT99"}, "scope"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    params: dict[str, str], field: str, client_for: Login
) -> None:
    response = client_for(Role.POLICY_OFFICER).get("/api/v1/statistics", params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == field


def test_the_dashboard_shows_a_period_error_in_dutch(client_for: Login) -> None:
    response = client_for(Role.POLICY_OFFICER).get("/monitor/", {"period": "2026-13"})
    assert response.status_code == 200
    assert "onbekende periode" in response.content.decode()


def test_the_command_line_prints_what_an_aggregate_role_sees(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("statistics", "--period", "2026", "--scope", "national", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["exact"] is False
    assert not [n for n in counts_in(data) if 0 < n < 10]
    call_command("statistics", "--period", "2026", "--format", "json", "--exact")
    exact = json.loads(capsys.readouterr().out)
    cell = next(
        c
        for t in exact["tables"]
        if t["id"] == "cases_by_region_and_exploitation"
        for c in t["cells"]
        if c["key"] == {"region": "*", "exploitation": "*"}
    )
    assert cell["count"] == len(world.cases)


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--period", "2026-Q0"], "--period"),
        (["--period", "2026", "--scope", "XX"], "--scope"),
        (["--period", "2026", "--format", "xml"], "--format"),
    ],
)
def test_the_command_line_exits_2_naming_the_option(
    args: list[str], option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        call_command("statistics", *args)
    assert exit_info.value.code == 2
    assert option in capsys.readouterr().err


def test_the_dashboard_has_the_funnel_charts_and_maps(world: World, client_for: Login) -> None:
    page = client_for(Role.POLICY_OFFICER).get("/monitor/", {"period": "2026"}).content.decode()
    assert 'data-testid="funnel"' in page and "<svg" in page
    assert 'data-map="demand"' in page and 'data-map="places-cosm"' in page
    for case in world.cases:
        assert case.number not in page


def test_an_aggregate_reader_gets_years_and_quarters_only(world: World, client_for: Login) -> None:
    ministry = client_for(Role.POLICY_OFFICER)
    for period in ("2026-03", "2026-03-01..2026-04-20"):
        refused = ministry.get("/api/v1/statistics", {"period": period})
        assert refused.status_code == 422, period
        assert refused.json()["detail"][0]["loc"][-1] == "period"
    assert ministry.get("/api/v1/statistics", {"period": "2026-Q1"}).status_code == 200
    coordinator = client_for(Role.REGIONAL_COORDINATOR, region="VT01")
    own = coordinator.get("/api/v1/statistics", {"period": "2026-03", "scope": "VT01"})
    assert own.status_code == 200 and own.json()["exact"] is True


def test_a_case_of_a_region_no_longer_known_is_counted_as_unknown(world: World) -> None:
    from veiligeplek.cases.models import Case
    from veiligeplek.domain.periods import parse_period
    from veiligeplek.monitor.scope import parse_scope
    from veiligeplek.monitor.services import case_flows_refresh
    from veiligeplek.monitor.statistics import statistics_for

    Case.objects.filter(pk=world.cases[0].pk).update(care_region_code="VT99")
    case_flows_refresh(full=True)
    for exact in (True, False):
        stats = statistics_for(parse_period("2026"), parse_scope("national"), exact=exact)
        total = stats.cell("cases_by_region_and_exploitation", "*", "*")
        assert total == stats.cell("cases_by_gender_and_age_group", "*", "*")
    exact_stats = statistics_for(parse_period("2026"), parse_scope("national"), exact=True)
    assert exact_stats.cell("cases_by_region_and_exploitation", "unknown", "*") == 1


def test_a_coordinators_national_figures_are_protected_against_her_own_region(
    world: World, client_for: Login
) -> None:
    """She knows VT01 exactly: the national tables she gets are the rest of the country
    protected, plus her region (domain.disclosure.protect_for_insider; the attack it stops is
    in tests/domain/test_disclosure_insider.py)."""
    client = client_for(Role.REGIONAL_COORDINATOR, region="VT01")
    national = client.get("/api/v1/statistics", {"period": "2026", "scope": "national"}).json()
    period, scope = parse_period("2026"), parse_scope("national")
    insider = statistics_for(period, scope, exact=False, insider="VT01").as_json()
    assert national["tables"] == insider["tables"]
    assert not [n for n in counts_in(national) if 0 < n < 10]
    # A policy officer gets the national tables protected for outsiders.
    officer = client_for(Role.POLICY_OFFICER).get(
        "/api/v1/statistics", {"period": "2026", "scope": "national"}
    )
    outsider = statistics_for(period, scope, exact=False).as_json()
    assert officer.json()["tables"] == outsider["tables"]
