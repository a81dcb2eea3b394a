"""Lockout and identical answers at login (django-axes; issue 6, item 3)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from unittest import mock

import pytest
import time_machine
from django.contrib.auth.hashers import MD5PasswordHasher
from django.http import HttpResponse
from django.test import Client

from tests.accounts.conftest import password_login
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC)
LOCKED_MESSAGE = "Te veel mislukte inlogpogingen"


def fail(client: Client, username: str, times: int) -> list[int]:
    return [
        password_login(client, username, "wrong-password-123").status_code for _ in range(times)
    ]


def test_the_sixth_failed_attempt_answers_429_with_a_dutch_message(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.COMENSHA)
    client = Client()
    assert fail(client, user.username, 5) == [200] * 5
    sixth = password_login(client, user.username, "wrong-password-123")
    assert sixth.status_code == 429
    assert LOCKED_MESSAGE in sixth.content.decode()
    assert "over 15 minuten" in sixth.content.decode()
    assert sixth["Cache-Control"] == "no-store"


def test_while_locked_out_even_the_right_password_is_refused(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.SIGNALLER)
    client = Client()
    fail(client, user.username, 6)
    assert password_login(client, user.username).status_code == 429
    assert "_auth_user_id" not in client.session


def test_after_the_cool_off_the_real_user_logs_in_again(make_user: Callable[..., User]) -> None:
    user = make_user(Role.SIGNALLER)
    client = Client()
    with time_machine.travel(T0, tick=False) as clock:
        fail(client, user.username, 8)
        clock.shift(dt.timedelta(minutes=14, seconds=59))
        assert password_login(client, user.username).status_code == 429
        clock.shift(dt.timedelta(seconds=2))
        response = password_login(client, user.username)
        assert response.status_code == 302
        # On the same clock: the session lives 12 hours from T0, not from today's real time.
        assert client.session["_auth_user_id"] == str(user.pk)


def test_attempts_during_a_lockout_do_not_extend_it(make_user: Callable[..., User]) -> None:
    user = make_user(Role.SIGNALLER)
    client = Client()
    with time_machine.travel(T0, tick=False) as clock:
        fail(client, user.username, 6)
        for _ in range(10):
            clock.shift(dt.timedelta(minutes=1))
            fail(client, user.username, 1)
        clock.shift(dt.timedelta(minutes=5, seconds=1))
        assert password_login(client, user.username).status_code == 302


def test_the_lockout_holds_for_that_username_from_that_address_only(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.SIGNALLER)
    colleague = make_user(Role.SIGNALLER)
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    fail(attacker, user.username, 6)
    assert password_login(attacker, colleague.username).status_code == 302
    assert password_login(Client(REMOTE_ADDR="198.51.100.7"), user.username).status_code == 302


def _normalised(response: HttpResponse, username: str) -> str:
    body = response.content.decode().replace(username, "USERNAME")
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", body)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "CSRF", body)  # masked anew for every response


def test_an_unknown_user_and_a_wrong_password_get_identical_answers(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.REGIONAL_COORDINATOR)
    inactive = make_user(Role.REGIONAL_COORDINATOR, is_active=False)
    wrong = password_login(Client(), user.username, "not-the-password")
    unknown = password_login(Client(), "nobody-by-this-name", "not-the-password")
    disabled = password_login(Client(), inactive.username)  # the right password
    assert wrong.status_code == unknown.status_code == disabled.status_code == 200
    assert (
        _normalised(wrong, user.username)
        == _normalised(unknown, "nobody-by-this-name")
        == _normalised(disabled, inactive.username)
    )
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in wrong.content.decode()


def test_an_unknown_user_and_a_wrong_password_are_locked_out_alike(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.REGIONAL_COORDINATOR)
    known, unknown = Client(), Client()
    assert fail(known, user.username, 6) == fail(unknown, "nobody-by-this-name", 6)
    assert _normalised(password_login(known, user.username), user.username) == _normalised(
        password_login(unknown, "nobody-by-this-name"), "nobody-by-this-name"
    )


def test_an_unknown_user_costs_one_password_hash_like_a_wrong_password(
    make_user: Callable[..., User],
) -> None:
    """Comparable timing: Django hashes a dummy password for an unknown username."""
    user = make_user(Role.NLA)
    with mock.patch.object(
        MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode
    ) as encode:
        password_login(Client(), user.username, "not-the-password")
        for_wrong_password = encode.call_count
        encode.reset_mock()
        password_login(Client(), "nobody-by-this-name", "not-the-password")
        for_unknown_user = encode.call_count
    assert for_wrong_password == for_unknown_user == 1
