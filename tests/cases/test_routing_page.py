from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from veiligeplek.accounts.roles import Role

pytestmark = pytest.mark.django_db

SANDRA = {
    "found_municipality": "GM0363",
    "registered_municipality": "GM0034",
    "exploitation": ["sexual"],
    "gender": "female",
    "age": "24",
    "nationality": "NL",
    "contra_indications": ["addiction"],
    "multi_problem": "on",
    "safety_risk": "normal",
    "children": "0",
}


def test_the_routing_page_explains_sandras_route_in_dutch(
    client_for: Callable[..., Client],
) -> None:
    html = (
        client_for(Role.REGIONAL_COORDINATOR)
        .post(reverse("cases:routing"), SANDRA)
        .content.decode()
    )
    assert "Gemeentelijk spoor" in html
    assert "Wmo 2015" in html
    assert "Almere (GM0034)" in html
    assert "Flevoland" in html
    assert "CoMensha" in html
    assert 'data-flag="contra_indication"' in html
    assert "verslaving" in html
    assert "regelset 2025.1" in html


def test_marias_reflection_deadline_is_shown(client_for: Callable[..., Client]) -> None:
    maria = {
        "found_municipality": "GM0363",
        "exploitation": ["sexual"],
        "gender": "female",
        "residence_permit": "none",
        "languages": "es",
        "identified_on": "2026-11-28",
        "safety_risk": "normal",
    }
    html = client_for(Role.COMENSHA).post(reverse("cases:routing"), maria).content.decode()
    assert "90 dagen, loopt af op 26 februari 2027" in html
    assert 'data-flag="interpreter_needed"' in html


def test_amir_is_shown_as_a_national_gap(client_for: Callable[..., Client]) -> None:
    amir = {
        "found_municipality": "GM0772",
        "registered_municipality": "GM0772",
        "exploitation": ["criminal"],
        "gender": "male",
        "age": "19",
        "nationality": "NL",
        "safety_risk": "high",
    }
    html = (
        client_for(Role.REGIONAL_COORDINATOR).post(reverse("cases:routing"), amir).content.decode()
    )
    assert "er bestaat in Nederland geen passende plek" in html
    assert 'data-flag="national_gap"' in html


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"found_municipality": ""}, "found_municipality", "verplicht"),
        ({"exploitation": []}, "exploitation", "verplicht"),
        ({"age": "150"}, "age", ""),
        ({"languages": "klingon"}, "languages", "onbekende taalcode"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    client_for: Callable[..., Client], change: dict[str, object], field: str, message: str
) -> None:
    response = client_for(Role.REGIONAL_COORDINATOR).post(
        reverse("cases:routing"), {**SANDRA, **change}
    )
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert response.context["view"] is None


@pytest.mark.parametrize("role", [Role.SHELTER_STAFF, Role.POLICY_OFFICER])
def test_roles_that_do_not_route_do_not_see_the_page(
    client_for: Callable[..., Client], role: Role
) -> None:
    assert client_for(role).get(reverse("cases:routing")).status_code == 404
