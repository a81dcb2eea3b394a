"""The search page: facts in, the route and every place out, filtered but never hiding the
national gap or "no capacity"; phone numbers for roles that may see them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from veiligeplek.accounts.roles import PLACING_ROLES, Role
from veiligeplek.registry.models import Location, Place, PlaceGroup

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
URL = "/zoeken/"


def form_data(name: str, **filters: Any) -> dict[str, Any]:
    """One of the four people of the report as the search form posts them."""
    facts: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    data: dict[str, Any] = {
        key: "" if facts.get(key) is None else str(facts[key])
        for key in (
            "gender",
            "age",
            "nationality",
            "registered_municipality",
            "found_municipality",
            "residence_permit",
            "children",
            "safety_risk",
            "identified_on",
        )
    }
    data["exploitation"] = facts["exploitation"]
    data["contra_indications"] = facts["contra_indications"]
    data["languages"] = ", ".join(facts["languages"])
    for flag in ("multi_problem", "dublin_indication", "report_filed", "cannot_report"):
        if facts[flag]:
            data[flag] = "on"
    return data | {f"filter-{key}": value for key, value in filters.items()}


def search(client: Client, name: str, **filters: Any) -> Any:
    response = client.post(URL, form_data(name, **filters))
    assert response.status_code == 200
    return response


@pytest.fixture
def coordinator(client_for: Callable[..., Client]) -> Client:
    PlaceGroup.objects.update(availability_updated_at=timezone.now())
    return client_for(Role.REGIONAL_COORDINATOR)


def shown(response: Any) -> list[str]:
    return [m.place.id for m in response.context["matches"]]


def test_the_url_is_the_named_search_page() -> None:
    assert reverse("cases:search") == URL


@pytest.mark.parametrize("role", sorted(PLACING_ROLES))
def test_placing_roles_get_the_empty_form(client_for: Callable[..., Client], role: Role) -> None:
    response = client_for(role).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zoek plekken" in html
    assert response.context["result"] is None
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "role", [Role.SIGNALLER, Role.SHELTER_STAFF, Role.POLICY_OFFICER, Role.ADMINISTRATOR]
)
def test_other_roles_get_404(client_for: Callable[..., Client], role: Role) -> None:
    client = client_for(role)
    assert client.get(URL).status_code == 404
    assert client.post(URL, form_data("maria")).status_code == 404


def test_without_login_the_page_redirects_to_the_login() -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert "inloggen" in response["Location"] or "login" in response["Location"]


def test_sandra_is_refused_for_her_addiction_and_fits_omm(coordinator: Client) -> None:
    response = search(coordinator, "sandra")
    html = response.content.decode()
    result = response.context["result"]
    assert {m.place.id for m in result.places if m.eligible} == {
        "omm-ldh-ijsselland",
        "omm-fier",
        "omm-ctm",
        "omm-blijf",
    }
    assert result.places[0].place.category == "omm"
    assert 'data-place="omm-ctm" data-eligible="true"' in html
    assert html.count('data-reason="contra_indication"') >= 10
    assert "Deze plek sluit verslaving uit" in html
    assert "Gemeentelijk spoor" in html  # the routing decision is shown too


def test_sandra_on_a_full_omm_is_no_capacity_with_the_waiting_list(coordinator: Client) -> None:
    Place.objects.filter(group__category="omm").update(status=Place.Status.OCCUPIED)
    html = search(coordinator, "sandra").content.decode()
    assert 'data-testid="no-capacity"' in html
    assert 'data-code="waiting_list"' in html
    assert "wachtlijst voor OMM" in html


def test_maria_fits_only_the_female_cosm_places_and_yadeborg_refuses_her_for_gender(
    coordinator: Client,
) -> None:
    response = search(coordinator, "maria")
    matches = response.context["matches"]
    assert [m.place.id for m in matches if m.eligible] == ["cosm-essm", "cosm-ctm-v"]
    assert shown(response)[:2] == ["cosm-essm", "cosm-ctm-v"]
    html = response.content.decode()
    unsuitable = html.split('data-testid="unsuitable"', 1)[1]
    yadeborg = unsuitable.split('data-place="cosm-yadeborg"', 1)[1].split("</li>\n", 1)[0]
    assert 'data-reason="gender"' in yadeborg
    assert "Deze plek neemt alleen mannen op." in yadeborg
    assert "<details" in html and 'data-testid="unsuitable" open' not in html


def test_radek_with_the_nla_full_is_offered_the_mens_places(coordinator: Client) -> None:
    Place.objects.filter(group__category="nla").update(status=Place.Status.OCCUPIED)
    response = search(coordinator, "radek")
    html = response.content.decode()
    assert "NLA-plekken zijn vol; passende mannenopvang is vrij" in html
    assert 'data-code="next_category"' in html
    first = response.context["matches"][0]
    assert first.place.category == "mannenopvang" and first.placeable
    assert 'data-category="nla" data-status="full"' in html


def test_amir_is_shown_as_a_national_gap_not_an_empty_list(coordinator: Client) -> None:
    response = search(coordinator, "amir")
    html = response.content.decode()
    assert 'data-testid="national-gap"' in html
    assert "Landelijk tekort" in html
    assert 'data-testid="almost"' not in html  # unsafe is no objection a shelter can waive
    assert 'data-testid="unsuitable" open' in html  # the reasons are the content here
    assert len(response.context["matches"]) == 21
    assert 'data-reason="safety"' in html


def test_the_24_7_phone_is_shown_to_placing_roles(coordinator: Client) -> None:
    Location.objects.filter(name__startswith="Humanitas ESSM").update(phone_24_7="010 555 4242")
    html = search(coordinator, "maria").content.decode()
    assert 'href="tel:010 555 4242"' in html


def test_freshness_is_shown_with_stale_places_marked(coordinator: Client) -> None:
    PlaceGroup.objects.filter(external_id="cosm-essm").update(availability_updated_at=None)
    html = search(coordinator, "maria").content.decode()
    assert 'data-testid="freshness"' in html
    assert "24 uur" in html
    essm = html.split('data-place="cosm-essm"', 1)[1].split("</li>\n", 1)[0]
    assert "nooit doorgegeven" in essm
    assert "verouderd" in essm


# --- filters ----------------------------------------------------------------------------------


def test_the_category_filter_narrows_the_list(coordinator: Client) -> None:
    response = search(coordinator, "radek", category=["mannenopvang", "wmo"])
    categories = {m.place.category for m in response.context["matches"]}
    assert categories == {"mannenopvang", "wmo"}
    html = response.content.decode()
    assert 'data-testid="filter-summary"' in html
    assert f"{len(response.context['matches'])} van de 21 groepen" in html


def test_the_region_filter_keeps_the_places_in_that_care_region(coordinator: Client) -> None:
    response = search(coordinator, "radek", region="VT01")  # Amsterdam-Amstelland
    municipalities = {m.place.municipality for m in response.context["matches"]}
    assert municipalities == {"GM0363"}


def test_only_free_hides_full_groups(coordinator: Client) -> None:
    Place.objects.filter(group__external_id="nla-arosa").update(status=Place.Status.OCCUPIED)
    response = search(coordinator, "radek", only_free="on")
    assert "nla-arosa" not in shown(response)
    assert all(m.available > 0 for m in response.context["matches"])
    assert response.context["result"].places[0].place.id == "nla-ctm"


def test_filters_never_hide_the_national_gap(coordinator: Client) -> None:
    response = search(coordinator, "amir", category=["cosm"], only_free="on")
    html = response.content.decode()
    assert 'data-testid="national-gap"' in html
    assert response.context["result"].national_gap


def test_filters_never_hide_no_capacity(coordinator: Client) -> None:
    Place.objects.filter(group__category="omm").update(status=Place.Status.OCCUPIED)
    html = search(coordinator, "sandra", category=["wmo"]).content.decode()
    assert 'data-testid="no-capacity"' in html


def test_a_filter_that_hides_every_suitable_place_says_so(coordinator: Client) -> None:
    html = search(coordinator, "maria", category=["nla"]).content.decode()
    assert 'data-testid="filter-hides-all"' in html
    assert "2 groepen passend, waarvan 2 met een vrij bed" in html


def test_the_filter_form_re_posts_the_facts(coordinator: Client) -> None:
    html = search(coordinator, "sandra").content.decode()
    filters = html.split('data-testid="filters"', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="found_municipality" value="GM0363">' in filters
    assert '<input type="hidden" name="contra_indications" value="addiction">' in filters
    assert '<input type="hidden" name="multi_problem" value="on">' in filters
    assert 'name="filter-category"' in filters


def test_invalid_facts_are_refused_naming_the_field(coordinator: Client) -> None:
    data = form_data("maria") | {"languages": "klingon"}
    response = coordinator.post(URL, data)
    assert "languages" in response.context["form"].errors
    assert response.context["result"] is None


def test_an_unknown_filter_value_is_ignored(coordinator: Client) -> None:
    response = search(coordinator, "maria", region="VT99")
    assert len(response.context["matches"]) == 21
    assert not response.context["filtered"]
