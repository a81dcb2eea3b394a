"""The sheet on the case page, full-screen, as PDF, on the signal-done page and over the API:
only for those who may see the case, every showing and printing audited; the public pages
without login carry the general information only."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.api.test_cases_api import api
from tests.cases.conftest import ctx, facts
from tests.infosheet.conftest import SHELTER_NAMES
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.audit.models import Action, AuditEvent
from veiligeplek.cases.models import Case
from veiligeplek.cases.services.intake import IdentityIn, signal_submit

pytestmark = pytest.mark.django_db


def maria(people: dict[str, User], **changes: object) -> Case:
    return signal_submit(
        ctx=ctx(people["police"]),
        facts_data=facts("maria", identified_on="2026-11-28", **changes),
        urgency="crisis",
        callback_name="Agent",
        callback_phone="06 1234 5678",
        identity=IdentityIn(full_name="Maria Fictief-Gomez"),
    )


def logged_in(client_for: Callable[..., Client], user: User) -> Client:
    return client_for(user.role, user=user)


def coordinator_sheet(
    client_for: Callable[..., Client], people: dict[str, User], case: Case, code: str
) -> str:
    """The sheet page in language ``code`` as CoMensha's coordinator sees it."""
    client = logged_in(client_for, people["comensha"])
    response = client.get(f"/casussen/{case.number}/informatieblad/?taal={code}")
    assert response.status_code == 200
    return str(response.content.decode())


def sheet_events(case: Case) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_pseudonym=case.number, section__startswith="informatieblad"
        )
    )


def test_the_case_page_offers_the_sheet_in_her_language(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    case = maria(people)
    page = logged_in(client_for, people["comensha"]).get(f"/casussen/{case.number}/")
    body = page.content.decode()
    assert "Informatie voor het slachtoffer" in body
    assert f"/casussen/{case.number}/informatieblad/" in body
    assert '<option value="es" selected>' in body  # her language first


def test_showing_the_spanish_sheet_is_audited_and_names_no_shelter_and_no_person(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    case = maria(people)
    client = logged_in(client_for, people["comensha"])
    response = client.get(f"/casussen/{case.number}/informatieblad/?taal=es")
    assert response.status_code == 200
    body = response.content.decode()
    assert "26 de febrero de 2027" in body and case.number in body
    assert 'lang="es"' in body and 'lang="nl"' in body  # drafted: Dutch next to it
    assert "Maria" not in body and "Fictief-Gomez" not in body
    assert not any(name in body for name in SHELTER_NAMES)
    assert response["Cache-Control"] == "no-store"
    [event] = sheet_events(case)
    assert event.action == Action.READ and event.section == "informatieblad es"


def test_the_arabic_sheet_is_right_to_left_with_the_dutch_left_to_right(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    case = maria(people)
    body = coordinator_sheet(client_for, people, case, "ar")
    assert '<html lang="ar" dir="rtl">' in body
    assert 'data-testid="info-sheet" data-language="ar"' in body
    assert 'class="vp-sheet__companion" lang="nl" dir="ltr"' in body


def test_printing_gives_a_pdf_and_is_audited_as_printing(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    case = maria(people)
    client = logged_in(client_for, people["comensha"])
    response = client.get(f"/casussen/{case.number}/informatieblad/?taal=es&formaat=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert [e.action for e in sheet_events(case)] == [Action.PRINT]


def test_an_unknown_language_on_the_page_says_so_naming_the_field(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    case = maria(people)
    response = logged_in(client_for, people["comensha"]).get(
        f"/casussen/{case.number}/informatieblad/?taal=xx"
    )
    assert response.status_code == 400
    assert "Taal: onbekende taal xx" in response.content.decode()


def test_out_of_scope_and_signaller_roles_get_404_and_nothing_is_audited(
    people: dict[str, User], client_for: Callable[..., Client], make_user: Callable[..., User]
) -> None:
    case = maria(people)
    for user in (people["haaglanden"], people["ctm"], make_user(Role.POLICY_OFFICER)):
        response = logged_in(client_for, user).get(f"/casussen/{case.number}/informatieblad/")
        assert response.status_code in (403, 404), user.role
    assert sheet_events(case) == []


def test_the_police_officer_shows_the_sheet_from_the_signal_done_page(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    case = maria(people)
    police = logged_in(client_for, people["police"])
    done = police.get(f"/signaal/{case.number}/").content.decode()
    assert f"/signaal/{case.number}/informatieblad/" in done
    response = police.get(f"/signaal/{case.number}/informatieblad/?taal=es")
    assert response.status_code == 200 and "26 de febrero de 2027" in response.content.decode()
    assert len(sheet_events(case)) == 1
    other = logged_in(client_for, people["nla"]).get(f"/signaal/{case.number}/informatieblad/")
    assert other.status_code == 404  # not her own signal


def test_the_api_gives_the_sheet_to_roles_with_access_and_audits_it(
    people: dict[str, User],
) -> None:
    case = maria(people)
    response = api(people["comensha"]).get(f"/api/v1/cases/{case.number}/info-sheet?language=es")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["language"] == "es" and body["status"] == "drafted"
    assert body["companion"]["language"] == "nl"
    assert body["version"] == "adult"
    assert "26 de febrero de 2027" in body["text"]
    [rights] = [s for s in body["sheet"]["sections"] if s["key"] == "rights"]
    assert any("90 días" in p for p in rights["paragraphs"])
    assert [e.action for e in sheet_events(case)] == [Action.READ]
    default = api(people["comensha"]).get(f"/api/v1/cases/{case.number}/info-sheet").json()
    assert default["language"] == "es"  # from the case's languages


def test_the_api_refuses_an_unknown_language_with_422_naming_language(
    people: dict[str, User],
) -> None:
    case = maria(people)
    response = api(people["comensha"]).get(f"/api/v1/cases/{case.number}/info-sheet?language=xx")
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "language"]
    assert "zh-Hans" in error["available"] and "es" in error["msg"]
    assert sheet_events(case) == []


def test_the_api_answers_404_out_of_scope(people: dict[str, User]) -> None:
    case = maria(people)
    for key in ("haaglanden", "police"):
        url = f"/api/v1/cases/{case.number}/info-sheet"
        assert api(people[key]).get(url).status_code == 404


def test_a_minor_s_sheet_is_the_children_s_version(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    case = maria(people, age=15)
    body = coordinator_sheet(client_for, people, case, "es")
    assert 'data-version="child"' in body and "Información para ti" in body


@pytest.mark.parametrize("code", ["es", "ar", "zh-Hans"])
def test_the_public_page_needs_no_login_and_has_general_information_only(code: str) -> None:
    response = Client().get(f"/informatie/{code}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-version="general"' in body
    assert "VP-" not in body and "2027" not in body
    assert Client().get("/informatie/").status_code == 200
    assert Client().get("/informatie/xx/").status_code == 404


def test_the_sheet_carries_a_qr_code_of_its_public_page(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    case = maria(people)
    body = coordinator_sheet(client_for, people, case, "es")
    assert 'src="data:image/svg+xml' in body
    assert "http://127.0.0.1:8000/informatie/es/" in body


def test_the_sheet_pages_put_the_sheet_in_one_main_landmark(
    people: dict[str, User], client_for: Callable[..., Client]
) -> None:
    """Screen readers jump to the sheet: on the case's sheet page and on the public page the
    sheet is the page's one ``<main>``, the toolbar a header or navigation beside it."""
    case = maria(people)
    for body in (
        coordinator_sheet(client_for, people, case, "es"),
        Client().get("/informatie/es/").content.decode(),
    ):
        assert body.count("<main") == 1, body[:400]
        main = body.split("<main", 1)[1].split("</main>", 1)[0]
        assert 'data-testid="info-sheet"' in main
        assert "vp-sheet-toolbar" not in main
