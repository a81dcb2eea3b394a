"""The report, the HTCDS export and open data over the API (issue 14, point 5): the roles,
scopes, periods, disclosure control and audit of the page and the commands, role by role."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.api.test_routing_api import bearer
from tests.monitor.conftest import World
from tests.monitor.conftest import world as world  # the fixture
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.audit.models import AuditEvent
from veiligeplek.data.htcds import htcds_fields
from veiligeplek.monitor import reports
from veiligeplek.monitor.models import ReportRun

pytestmark = pytest.mark.django_db
Login = Callable[..., Client]
PURPOSE = "Jaarregistratie CoMensha (test)"


def post(client: Client, url: str, body: object, **headers: str) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


def exports(user: User, object_type: str) -> int:
    return AuditEvent.objects.filter(actor=user, action="export", object_type=object_type).count()


@pytest.mark.parametrize(
    ("role", "region", "scope", "exact"),
    [
        (Role.POLICY_OFFICER, "VT01", "VT01", False),
        (Role.POLICY_OFFICER, "", "national", False),  # a ministry
        (Role.REGIONAL_COORDINATOR, "VT01", "VT01", True),  # her own region: exact
        (Role.REGIONAL_COORDINATOR, "VT01", "national", False),
        (Role.COMENSHA, "", "VT09", False),
        (Role.NLA, "", "national", False),
        (Role.ADMINISTRATOR, "", "national", False),
    ],
)
def test_each_monitoring_role_asks_follows_and_downloads_a_report_with_a_token(
    world: World, make_user: Callable[..., User], role: Role, region: str, scope: str, exact: bool
) -> None:
    user = make_user(role, region=region) if region else make_user(role)
    client, token = Client(), bearer(user)
    asked = post(client, "/api/v1/reports", {"period": "2026-Q1", "scope": scope,
                                             "format": "xlsx"}, **token)  # fmt: skip
    assert asked.status_code == 202, asked.content
    run = asked.json()
    assert run["status"] == "queued" and run["exact"] is exact and run["file"] is None
    assert run["steps_done"] == 0 and run["steps_total"] >= 1
    url = f"/api/v1/reports/{run['id']}"
    early = client.get(f"{url}/file", headers=token)
    assert early.status_code == 409 and "niet klaar" in early.json()["detail"]
    reports.report_generate.call(run["id"])  # what the worker does
    done = client.get(url, headers=token).json()
    assert done["status"] == "done" and done["steps_done"] == done["steps_total"]
    assert done["file"].endswith(f"{url}/file")
    assert [r["id"] for r in client.get("/api/v1/reports", headers=token).json()] == [run["id"]]
    before = exports(user, "report")
    download = client.get(f"{url}/file", headers=token)
    assert download.status_code == 200 and download.content[:2] == b"PK"
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert exports(user, "report") == before + 1


@pytest.mark.parametrize("role", [Role.SIGNALLER, Role.SHELTER_STAFF])
def test_roles_without_monitoring_get_404_for_reports_and_exports(
    world: World, make_user: Callable[..., User], role: Role
) -> None:
    token = bearer(make_user(role))
    client = Client()
    body = {"period": "2026-Q1", "scope": "national"}
    assert post(client, "/api/v1/reports", body, **token).status_code == 404
    assert client.get("/api/v1/reports", headers=token).status_code == 404
    assert client.get("/api/v1/exports/opendata", body, headers=token).status_code == 404
    htcds = {"period": "2026", "purpose": PURPOSE}
    assert post(client, "/api/v1/exports/htcds", htcds, **token).status_code == 404
    assert not ReportRun.objects.exists()


def test_a_report_of_another_region_or_another_users_report_is_404(
    world: World, client_for: Login
) -> None:
    amsterdam = client_for(Role.POLICY_OFFICER, region="VT01")
    refused = post(amsterdam, "/api/v1/reports", {"period": "2026-Q1", "scope": "VT09"})
    assert refused.status_code == 404 and not ReportRun.objects.exists()
    run = post(amsterdam, "/api/v1/reports", {"period": "2026-Q1", "scope": "VT01"}).json()
    other = client_for(Role.POLICY_OFFICER, region="VT01")
    assert other.get(f"/api/v1/reports/{run['id']}").status_code == 404
    assert other.get(f"/api/v1/reports/{run['id']}/file").status_code == 404
    assert other.get("/api/v1/reports").json() == []


def test_an_exact_report_is_withdrawn_when_the_coordinator_moves_region(
    world: World, client_for: Login
) -> None:
    client = client_for(Role.REGIONAL_COORDINATOR, region="VT01")
    run = post(client, "/api/v1/reports", {"period": "2026-03", "scope": "VT01"}).json()
    assert run["exact"] is True
    User.objects.filter(pk=client.user.pk).update(care_region_code="VT09")  # type: ignore[attr-defined]
    assert client.get(f"/api/v1/reports/{run['id']}").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"period": "2026-03", "scope": "national"}, "period"),  # aggregate-only: no months
        ({"period": "2026-01-01..2026-02-15", "scope": "VT01"}, "period"),
        ({"period": "2026-02-30..2026-03-31", "scope": "VT01"}, "period"),
        ({"period": "2026-Q1", "scope": "VT99"}, "scope"),
        ({"period": "2026-Q1", "scope": "VT01", "format": "docx"}, "format"),
        ({"period": "2026-Q1", "scope": "VT01", "language": "de"}, "language"),
        ({"period": "Q1 2026", "scope": "VT01"}, "period"),
    ],
)
def test_bad_report_requests_are_422_naming_the_field(
    client_for: Login, body: dict[str, str], field: str
) -> None:
    client = client_for(Role.POLICY_OFFICER, region="VT01")
    response = post(client, "/api/v1/reports", body)
    assert response.status_code == 422, response.content
    assert field in response.json()["detail"][0]["loc"]
    assert not ReportRun.objects.exists()


@pytest.mark.parametrize("role", [Role.COMENSHA, Role.ADMINISTRATOR])
def test_comensha_and_administrators_export_htcds_with_a_purpose_audited_per_case(
    world: World, make_user: Callable[..., User], role: Role
) -> None:
    user = make_user(role)
    token = bearer(user)
    response = post(Client(), "/api/v1/exports/htcds", {"period": "2026", "purpose": PURPOSE},
                    **token)  # fmt: skip
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert len(rows) == len(world.cases)
    kept = set(htcds_fields())
    assert all(c in kept or c.startswith("nl_") for c in rows[0])
    events = AuditEvent.objects.filter(actor=user, action="export", object_type="case")
    assert events.count() == len(world.cases)
    assert set(events.values_list("purpose", flat=True)) == {PURPOSE}
    xlsx = post(Client(), "/api/v1/exports/htcds",
                {"period": "2026", "purpose": PURPOSE, "format": "xlsx"}, **token)  # fmt: skip
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


@pytest.mark.parametrize(
    "role", [Role.POLICY_OFFICER, Role.REGIONAL_COORDINATOR, Role.NLA, Role.SIGNALLER]
)
def test_other_roles_may_not_export_case_data(
    world: World, make_user: Callable[..., User], role: Role
) -> None:
    user = make_user(role, region="VT01") if role != Role.NLA else make_user(role)
    response = post(Client(), "/api/v1/exports/htcds", {"period": "2026", "purpose": PURPOSE},
                    **bearer(user))  # fmt: skip
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="export", object_type="case").exists()


@pytest.mark.parametrize(
    ("purpose", "field"), [("kort", "purpose"), (" " * 12, "purpose"), (None, "purpose")]
)
def test_an_htcds_export_without_a_real_purpose_is_422(
    world: World, client_for: Login, purpose: str | None, field: str
) -> None:
    body = {"period": "2026"} | ({"purpose": purpose} if purpose is not None else {})
    response = post(client_for(Role.COMENSHA), "/api/v1/exports/htcds", body)
    assert response.status_code == 422
    assert field in response.json()["detail"][0]["loc"]
    assert not AuditEvent.objects.filter(action="export", object_type="case").exists()


def test_open_data_passes_the_disclosure_control_and_is_audited(
    world: World, client_for: Login
) -> None:
    client = client_for(Role.POLICY_OFFICER)
    user = client.user  # type: ignore[attr-defined]
    response = client.get("/api/v1/exports/opendata", {"period": "2026", "scope": "national"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert any(n.endswith("README.md") for n in archive.namelist())
    for name in archive.namelist():
        if name.endswith(".csv"):
            for row in csv.DictReader(io.StringIO(archive.read(name).decode())):
                value = row["aantal"]
                assert value == "x" or (value.isdigit() and not 0 < int(value) < 10), name
    assert exports(user, "opendata") == 1


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ({"period": "2026-03", "scope": "national"}, 422, "period"),  # protected: no months
        ({"period": "2026", "scope": "VT99"}, 422, "scope"),
        ({"period": "2026", "scope": "VT09"}, 404, None),  # not her region
    ],
)
def test_open_data_refusals(
    client_for: Login, query: dict[str, str], status: int, field: str | None
) -> None:
    response = client_for(Role.POLICY_OFFICER, region="VT01").get("/api/v1/exports/opendata",
                                                                  query)  # fmt: skip
    assert response.status_code == status
    if field:
        assert field in response.json()["detail"][0]["loc"]


def test_the_operations_are_in_the_openapi_document(client_for: Login) -> None:
    schema = client_for(Role.POLICY_OFFICER).get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert set(paths["/api/v1/reports"]) == {"get", "post"}
    assert "202" in paths["/api/v1/reports"]["post"]["responses"]
    file_answers = paths["/api/v1/reports/{run_id}/file"]["get"]["responses"]
    assert set(file_answers["200"]["content"]) == {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    assert "409" in file_answers
    assert set(paths["/api/v1/exports/htcds"]["post"]["responses"]["200"]["content"]) == {
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    assert (
        "application/zip" in paths["/api/v1/exports/opendata"]["get"]["responses"]["200"]["content"]
    )
