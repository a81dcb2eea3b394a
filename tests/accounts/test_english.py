"""The English translation: chosen by the browser (Accept-Language) or by the language switch in
the footer (POST /i18n/setlang/); Dutch stays the default without a preference."""

from __future__ import annotations

import ast
import gettext
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from veiligeplek.accounts.roles import Role

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"

LOGIN_EN = ("Log in", "Username", "Password", "Veilige Plek is for professionals only")
LOGIN_NL = ("Inloggen", "Gebruikersnaam", "Wachtwoord", "alleen voor professionals")
HOME_EN = ("Welcome, Test", "Free now in the Netherlands", "National overview and map", "Log out")
HOME_NL = ("Welkom", "Nu vrij in Nederland", "Landelijk overzicht en kaart", "Uitloggen")
OVERVIEW_EN = ("National overview of shelter places", "Places by category", "By region")
OVERVIEW_NL = ("Landelijk overzicht van opvangplekken", "Plekken per categorie", "Per regio")


@pytest.fixture(autouse=True)
def _default_language_afterwards() -> Iterator[None]:
    """A request activates its language for the rest of the thread; later tests expect Dutch."""
    yield
    translation.deactivate()


def page(client: Client, url: str, accept_language: str = "") -> str:
    """The page's HTML, asked for with the browser's Accept-Language header, if given."""
    if accept_language:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=accept_language)
    else:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def assert_language(
    body: str, code: str, present: tuple[str, ...], absent: tuple[str, ...]
) -> None:
    assert f'<html lang="{code}"' in body
    for text in present:
        assert text in body, text
    for text in absent:
        assert text not in body, text


def test_without_a_preference_the_pages_are_dutch(client: Client) -> None:
    body = page(client, reverse("accounts:login"))
    assert_language(body, "nl", LOGIN_NL, LOGIN_EN)


def test_a_language_we_do_not_offer_falls_back_to_dutch(client: Client) -> None:
    body = page(client, reverse("accounts:login"), "de-DE,de;q=0.9")
    assert_language(body, "nl", LOGIN_NL, LOGIN_EN)


def test_the_login_page_follows_the_browser_language(client: Client) -> None:
    body = page(client, reverse("accounts:login"), "en-GB,en;q=0.9")
    assert_language(body, "en", LOGIN_EN, LOGIN_NL)
    assert "Source: CBS / PDOK" in body
    assert "Choose language" in body


def test_home_and_overview_in_english_for_a_logged_in_coordinator(
    client_for: Callable[..., Client],
) -> None:
    client = client_for(Role.REGIONAL_COORDINATOR)
    home = page(client, reverse("accounts:home"), "en")
    assert_language(home, "en", HOME_EN, HOME_NL)
    assert "Regional care coordinator" in home  # the role, also in the header
    assert ">Cases<" in home and ">Casussen<" not in home  # the menu
    overview = page(client, reverse("registry:overview"), "en")
    assert_language(overview, "en", OVERVIEW_EN, OVERVIEW_NL)


def test_the_language_switch_keeps_english_until_switched_back(
    client_for: Callable[..., Client],
) -> None:
    client = client_for(Role.REGIONAL_COORDINATOR)
    home = reverse("accounts:home")
    switched = client.post(reverse("set_language"), {"language": "en", "next": home})
    assert switched.status_code == 302
    assert switched["Location"] == home
    assert_language(page(client, home), "en", HOME_EN, HOME_NL)
    # The choice outweighs the browser's preference, on every page.
    body = page(client, reverse("registry:overview"), "nl")
    assert_language(body, "en", OVERVIEW_EN, OVERVIEW_NL)
    client.post(reverse("set_language"), {"language": "nl", "next": home})
    assert_language(page(client, home), "nl", HOME_NL, HOME_EN)


def test_the_switch_works_before_logging_in(client: Client) -> None:
    login = reverse("accounts:login")
    client.post(reverse("set_language"), {"language": "en", "next": login})
    assert_language(page(client, login), "en", LOGIN_EN, LOGIN_NL)


@dataclass
class PoEntry:
    msgid: str  # the singular, for plural entries
    msgstrs: list[str]
    fuzzy: bool
    context: str = ""  # msgctxt (pgettext)


def po_entries(path: Path) -> list[PoEntry]:
    """The messages of a .po file as `makemessages` writes it (the header left out)."""
    entries = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        fields: dict[str, str] = {}
        key, fuzzy = "", False
        for line in block.splitlines():
            if line.startswith("#,"):
                fuzzy = fuzzy or "fuzzy" in line
            elif line.startswith(("msgctxt", "msgid", "msgstr")):
                key, _, value = line.partition(" ")
                fields[key] = ast.literal_eval(value)
            elif line.startswith('"'):
                fields[key] += ast.literal_eval(line)
        if fields.get("msgid"):
            msgstrs = [value for name, value in fields.items() if name.startswith("msgstr")]
            entries.append(PoEntry(fields["msgid"], msgstrs, fuzzy, fields.get("msgctxt", "")))
    return entries


def test_every_message_is_translated_and_compiled() -> None:
    parsed = po_entries(CATALOGUE / "django.po")
    assert not [e.msgid for e in parsed if e.fuzzy]
    entries = {(e.context, e.msgid): e.msgstrs for e in parsed}
    assert len(entries) > 500
    assert not [key for key, strings in entries.items() if not all(strings)]
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    stale = [
        msgid
        for (context, msgid), strings in entries.items()
        if (compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)) != strings[0]
        and compiled.ngettext(msgid, "", 1) != strings[0]
    ]
    assert not stale, f"run `veiligeplek compilemessages`: {stale[:5]}"
