"""Password rules per OWASP ASVS 4.0.3 V2.1: length, the common/breached list, no composition."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role

pytestmark = pytest.mark.django_db


def refusal(password: str, user: User | None = None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return [str(code) for code in (e.code for e in error.error_list)]
    return []


@pytest.mark.parametrize(
    "password",
    [
        "twaalf tekens",  # 12+ characters, lowercase and a space: no composition rules
        "zonnebloemveld",
        "ñandú-ëxtrâ-ünïcødé-🙂",
        "een zin van meer dan vierenzestig tekens lang is ook prima, want lengte telt het meest",
    ],
)
def test_long_passwords_of_any_characters_are_accepted(password: str) -> None:
    assert refusal(password) == []


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("elf tekens!", "password_too_short"),
        ("password1234", "password_too_common"),
        ("qwertyuiop123", "password_too_common"),
        ("VeiligePlek-2026!", "password_context_word"),
        ("ik-werk-bij-comensha", "password_context_word"),
    ],
)
def test_short_common_and_service_name_passwords_are_refused(password: str, code: str) -> None:
    assert code in refusal(password)


def test_a_password_like_the_username_is_refused(make_user: Callable[..., User]) -> None:
    user = make_user(Role.SIGNALLER)
    user.username = "annemarie.jansen"
    assert "password_too_similar" in refusal("annemarie.jansen1", user)


def test_the_change_password_page_checks_the_rules_in_dutch(
    client_for: Callable[..., Client],
) -> None:
    client = client_for(Role.SHELTER_STAFF)
    page = client.get(reverse("accounts:password_change"))
    assert page.status_code == 200
    assert "Minstens 12 tekens" in page.content.decode()
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password1": "kort", "new_password2": "kort"},
    )
    assert response.status_code == 200
    assert "Dit wachtwoord is te kort" in response.content.decode()


def test_the_change_password_page_wants_the_old_password(
    client_for: Callable[..., Client],
) -> None:
    client = client_for(Role.SIGNALLER)
    new = "een heel nieuw wachtwoord"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "niet het oude", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200
    assert client.user.check_password(TEST_PASSWORD)  # type: ignore[attr-defined]
