"""The Dutch screens speak Dutch: every page of the smoke test (and the case, referral, inbox and
roster pages the same demo roles use) rendered in Dutch over the demo data shows no raw enum
value ("aliens_law", "female", "shelter_staff"), no internal field name ("decline_text:"), no
GM/RE/VT code without its name in front, no English month abbreviation ("1 Dec 18:44") and no
"1 casussen" (issue 11, point 14)."""

from __future__ import annotations

import html
import re
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from tests.conftest import VerifiedClient
from tests.smoke.test_sqlite_default import PAGES_BY_USER
from veiligeplek.accounts.models import User
from veiligeplek.audit.services import AuditContext
from veiligeplek.cases.models import Case
from veiligeplek.cases.services import intake, placement
from veiligeplek.demo import (
    demo_availability_load,
    demo_cases_load,
    demo_roster_load,
    demo_users_load,
)
from veiligeplek.domain import enums
from veiligeplek.registry.models import CareRegion, Municipality, PlaceGroup, PoliceUnit

pytestmark = pytest.mark.django_db

# Pages beyond the smoke test's, per demo role: where the codes and English were seen.
MORE_PAGES = {
    "demo-politie": ["/signaal/", "/mijn-signalen/"],
    "demo-zc-flevoland": ["/casussen/", "/inbox/", "/rooster/"],
    "demo-comensha": ["/casussen/", "/inbox/", "/rooster/"],
    "demo-opvang-ctm": ["/verwijzingen/"],
    "demo-privacy": ["/audit/"],
}
CASE_READERS = ("demo-comensha", "demo-zc-flevoland", "demo-zc-oostbrabant")
# Enum values that are also ordinary Dutch words.
DUTCH_WORDS = frozenset({"crisis", "hotel", "demo", "mannenopvang"})
# A date's month: "1 Dec 18:44" (not "Jan Mayen" in the list of countries).
ENGLISH_MONTHS = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")
ONE_PLURAL = re.compile(
    r"(?<![\d,.])\b1 (?:\w+ )?(casussen|signalen|berichten|plekken|bedden|regels|diensten|"
    r"verwijzingen|dagen|uren|minuten|plaatsingen)\b"
)
CODE = re.compile(r"\b(GM\d{4}|RE\d{2}|VT\d{2}|PV\d{2})\b")
SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


def visible_text(page: str) -> str:
    """The words a reader sees in <main> (tags, scripts and attribute values left out)."""
    main = re.search(r"<main\b.*?</main>", page, flags=re.DOTALL)
    body = main.group(0) if main else page
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", body, flags=re.DOTALL)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def raw_enum_values() -> frozenset[str]:
    values: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("veiligeplek."):
            continue
        for field in model._meta.get_fields():
            for choice in getattr(field, "choices", None) or ():
                if isinstance(choice[0], str):
                    values.add(choice[0])
    for enum in vars(enums).values():
        if isinstance(enum, type) and issubclass(enum, StrEnum) and enum is not StrEnum:
            values.update(member.value for member in enum)
    return frozenset(
        v for v in values if len(v) >= 3 and v.isascii() and v.islower() and v not in DUTCH_WORDS
    )


def code_names() -> dict[str, str]:
    names = {m.code: m.display_name for m in Municipality.objects.all()}
    names.update({p.code: p.name for p in PoliceUnit.objects.all()})
    names.update({r.code: r.name for r in CareRegion.objects.all()})
    return names


def leaks(text: str, values: frozenset[str], names: dict[str, str]) -> list[str]:
    found = [m.group(0) for m in SNAKE.finditer(text)]
    words = set(re.findall(r"\b[a-z][a-z0-9_]+\b", text))
    found += sorted(words & values)
    found += [m.group(0) for m in ENGLISH_MONTHS.finditer(text)]
    found += [m.group(0) for m in ONE_PLURAL.finditer(text)]
    for match in CODE.finditer(text):  # the name right before ("Almere (GM0034)") or after
        name = names.get(match.group(0), "\0")
        before = text[max(0, match.start() - len(name) - 3) : match.start()]
        after = text[match.end() : match.end() + len(name) + 3]
        if name not in before and name not in after:
            found.append(text[max(0, match.start() - 30) : match.end()])
    return found


def test_the_leak_check_finds_what_issue_11_saw() -> None:
    names = {"GM0599": "Rotterdam", "RE07": "Amsterdam", "GM0034": "Almere"}
    values = frozenset({"aliens_law", "cosm", "female", "shelter_staff"})
    for text in (
        "regiobinding municipality: GM0599",
        "police_unit: RE07",
        "Hotel (GM0034)",
        "aliens_law · cosm",
        "Feiten: female, 27 jaar",
        "1 casussen",
        "1 open casussen bij u",
        "1 Dec 18:44",
        "Rol: shelter_staff",
    ):
        assert leaks(text, values, names), text
    for text in (
        "Almere (GM0034)",
        "GM0034 Almere",
        "11 casussen",
        "1 december 18:44",
        "1 casus",
        "COSM",
        "Spitsbergen en Jan Mayen",
    ):
        assert not leaks(text, values, names), text


@pytest.fixture
def demo_world(settings: Any, tmp_path: Path) -> dict[str, User]:
    """The demo of `make run`, plus a referral waiting at CTM for its referral card."""
    settings.VAR_DIR = tmp_path
    settings.DEMO_MODE = True
    demo_users_load()
    demo_availability_load()
    demo_roster_load()
    demo_cases_load()
    users = {u.username: u for u in User.objects.filter(is_demo=True)}
    radek = Case.objects.filter(status="new").order_by("pk").first()
    assert radek is not None
    ctx = AuditContext(user=users["demo-comensha"], client_address="test", purpose="test")
    intake.signal_pick_up(ctx=ctx, case=radek)
    group = PlaceGroup.objects.get(external_id="cosm-ctm-v")
    placement.referral_create(ctx=ctx, case=radek, group=group, override_reason="test")
    return users


def client_of(user: User) -> Client:
    client = VerifiedClient()
    client.force_login(user)
    return client


def pages_of(username: str) -> list[str]:
    pages = [p for p in PAGES_BY_USER.get(username, []) if not p.endswith((".svg", ".csv"))]
    pages += MORE_PAGES.get(username, [])
    if username in CASE_READERS:
        pages += [f"/casussen/{c.number}/" for c in Case.objects.all()]
    return pages


@pytest.mark.parametrize("username", sorted({*PAGES_BY_USER, *MORE_PAGES, *CASE_READERS}), ids=str)
def test_every_page_of_a_demo_role_speaks_dutch(demo_world: dict[str, User], username: str) -> None:
    values, names = raw_enum_values(), code_names()
    client = client_of(demo_world[username])
    found: dict[str, list[str]] = {}
    for path in pages_of(username):
        response = client.get(path, headers={"accept-language": "nl"})
        if response.status_code == 404:  # a case out of this role's scope
            continue
        assert response.status_code == 200, path
        if problems := leaks(visible_text(response.content.decode()), values, names):
            found[path] = problems
    assert found == {}, found
