"""Issue 12, defects 2 and 3: a far-future date and a control character are refused at every
entry point — API, web forms, CLI and imports — with a message naming the field; never a 500,
nothing half-saved, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from tests.api.test_cases_api import api
from tests.cases.conftest import facts
from tests.registry.test_landscape_file import with_changed_row
from veiligeplek.accounts.models import ApiToken, User
from veiligeplek.accounts.roles import Role
from veiligeplek.cases.models import Case, Signal
from veiligeplek.registry.models import Organisation

pytestmark = pytest.mark.django_db
FAR = "9999-12-31"


def post(client: Client, url: str, body: object) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def named(response: Any, field: str) -> bool:
    """The 422 names the field: in ninja's ``loc`` or in the message."""
    return field in json.dumps(response.json(), ensure_ascii=False)


def signal_body(**changes: Any) -> dict[str, Any]:
    body = {
        "facts": facts("sandra"),
        "urgency": "crisis",
        "callback_name": "Agent",
        "callback_phone": "06 1234 5678",
    }
    return {**body, **changes}


@pytest.mark.parametrize("url", ["/api/v1/routing/decide", "/api/v1/matches"])
def test_a_far_future_identification_date_is_422_on_routing_and_matching(
    people: dict[str, User], url: str
) -> None:
    response = post(api(people["flevoland"]), url, facts("sandra", identified_on=FAR))
    assert response.status_code == 422, response.content
    assert named(response, "identified_on")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"facts": facts("sandra", identified_on=FAR)}, "identified_on"),
        ({"identity": {"date_of_birth": "0001-01-01"}}, "date_of_birth"),
    ],
)
def test_a_date_out_of_range_is_422_on_a_new_case_and_saves_nothing(
    people: dict[str, User], changes: dict[str, Any], field: str
) -> None:
    before = Case.objects.count()
    response = post(api(people["police"]), "/api/v1/cases", signal_body(**changes))
    assert response.status_code == 422, response.content
    assert named(response, field)
    assert Case.objects.count() == before


@pytest.mark.parametrize(
    ("role", "name"),
    [(Role.SIGNALLER, "cases:signal_new"), (Role.REGIONAL_COORDINATOR, "cases:routing")],
)
def test_a_far_future_date_on_the_signal_and_routing_pages_is_a_field_error(
    people: dict[str, User], client_for: Callable[..., Client], role: Role, name: str
) -> None:
    user = people["police"] if role is Role.SIGNALLER else people["flevoland"]
    response = client_for(role, user=user).post(
        reverse(name),
        {
            "urgency": "crisis",
            "found_municipality": "GM0363",
            "exploitation": ["sexual"],
            "safety_risk": "normal",
            "callback_name": "Agent",
            "callback_phone": "06 1234 5678",
            "identified_on": FAR,
        },
    )
    assert response.status_code in (200, 422)
    assert "identified_on" in response.context["form"].errors
    assert Signal.objects.count() == 0


def test_the_route_command_refuses_a_far_future_date_with_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(facts("sandra", identified_on=FAR)), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("route", str(path))
    assert error.value.returncode == 2
    assert "identified_on" in str(error.value)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"callback_name": "a\u0000b"}, "callback_name"),
        ({"note": "eerste regel\nmet \u0000 erin"}, "note"),
        ({"identity": {"full_name": "Ma\u0000ria"}}, "full_name"),
        ({"callback_name": "bel\u0007"}, "callback_name"),
        ({"facts": facts("sandra", nationality="N\u0000L")}, "nationality"),
    ],
)
def test_a_control_character_in_the_api_is_422_naming_the_field(
    people: dict[str, User], changes: dict[str, Any], field: str
) -> None:
    before = Case.objects.count()
    response = post(api(people["police"]), "/api/v1/cases", signal_body(**changes))
    assert response.status_code == 422, response.content
    assert named(response, field)
    assert Case.objects.count() == before


def test_a_note_with_ordinary_lines_and_tabs_is_still_accepted(people: dict[str, User]) -> None:
    body = signal_body(note="regel een\r\nregel\ttwee")
    assert post(api(people["police"]), "/api/v1/cases", body).status_code == 201


def test_a_control_character_in_a_web_form_is_refused_in_dutch_and_saves_nothing(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    response = client_for(Role.SIGNALLER, user=people["police"]).post(
        reverse("cases:signal_new"),
        {
            "urgency": "crisis",
            "found_municipality": "GM0363",
            "exploitation": ["sexual"],
            "safety_risk": "normal",
            "callback_name": "Agent\u0001",
            "callback_phone": "06 1234 5678",
        },
    )
    assert response.status_code == 422
    assert "callback_name" in response.content.decode()
    assert "stuurteken" in response.content.decode()
    assert Signal.objects.count() == 0


def test_a_control_character_in_an_imported_file_imports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "landschap.csv"
    path.write_text(with_changed_row(5, organisation="Yade\u0000borg"), encoding="utf-8")
    before = Organisation.objects.count()
    stderr = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_places", str(path), stderr=stderr)
    assert error.value.returncode == 2
    assert "veld organisation" in stderr.getvalue() and "stuurteken" in stderr.getvalue()
    assert Organisation.objects.count() == before


def test_a_control_character_in_a_token_name_on_the_command_line_is_exit_2(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.COMENSHA)
    with pytest.raises(CommandError) as error:
        call_command("api_token", "create", user.username, "--name", "script\u0000")
    assert error.value.returncode == 2
    assert "--name" in str(error.value)
    assert not ApiToken.objects.filter(user=user).exists()


@pytest.mark.parametrize("path", ["/probe%01", "/casussen%1B/", "/api/v1/cases/VP%00"])
def test_a_control_character_in_the_path_is_404_not_a_redirect_that_echoes_it(
    client_for: Callable[..., Client], path: str
) -> None:
    response = client_for(Role.COMENSHA).get(path)
    assert response.status_code == 404
    assert "Location" not in response
