"""The simulation page: a shipped or uploaded scenario is checked when asked for, run by the
worker with progress, and compared side by side."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from veiligeplek.accounts.roles import Role
from veiligeplek.monitor import simulations
from veiligeplek.monitor.models import SimulationRun

pytestmark = pytest.mark.django_db


def test_a_policy_officer_runs_two_scenarios_and_compares_them(
    client_for: Callable[..., Client], django_capture_on_commit_callbacks: object
) -> None:
    client = client_for(Role.POLICY_OFFICER)
    names = {name for name, _ in simulations.shipped()}
    assert {"huidig.toml", "mmc-check.toml"} <= names
    for source in ("mmc-check.toml", "mmc-check.toml"):
        response = client.post("/monitor/simulatie/", {"scenario": source, "replications": 2})
        assert response.status_code == 302
    runs = list(SimulationRun.objects.all())
    assert len(runs) == 2 and all(r.replications == 2 for r in runs)
    page = client.get("/monitor/simulatie/").content.decode()
    assert 'http-equiv="refresh"' in page  # progress while queued
    for run in runs:
        simulations.simulation_run.call(run.pk)  # what the worker does
    page = client.get("/monitor/simulatie/").content.decode()
    assert 'data-testid="simulation-compare"' in page and "<svg" in page
    finished = SimulationRun.objects.first()
    assert finished is not None and finished.result is not None
    assert "wait_days" in finished.result["results"]["by_category"]["wmo"]


def test_a_bad_upload_is_refused_naming_the_key_and_line(
    client_for: Callable[..., Client],
) -> None:
    client = client_for(Role.COMENSHA)
    bad = b'name = "x"\nyears = -3\n'
    response = client.post(
        "/monitor/simulatie/",
        {"upload": SimpleUploadedFile("eigen.toml", bad), "replications": 2},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "eigen.toml" in page and not SimulationRun.objects.exists()


@pytest.mark.parametrize("role", [Role.REGIONAL_COORDINATOR, Role.SIGNALLER, Role.SHELTER_STAFF])
def test_roles_without_the_simulation_get_a_404(
    role: Role, client_for: Callable[..., Client]
) -> None:
    assert client_for(role).get("/monitor/simulatie/").status_code == 404
