"""API tokens made by an administrator (``veiligeplek api-token``): shown once, stored as a hash,
ended by revocation, expiry or anything that ends the user's sessions."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import FROZEN_NOW
from veiligeplek.accounts.models import ApiToken, User
from veiligeplek.accounts.roles import Role
from veiligeplek.accounts.tokens import TokenError, api_token_create

pytestmark = pytest.mark.django_db


def me(key: str) -> int:
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code


def command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_created_token_is_shown_once_stored_as_a_hash_and_works(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.COMENSHA)
    with time_machine.travel(FROZEN_NOW, tick=False):
        out, err = command("create", user.username, "--name", "koppeling test", "--days", "30")
        key = out.strip()
        assert me(key) == 200
    assert key.startswith("vp_") and "\n" not in key
    assert "niet nog eens getoond" in err
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == ApiToken.hash(key) and key not in token.key_hash
    assert token.expires_at == FROZEN_NOW + dt.timedelta(days=30)
    listed, _ = command("list", user.username)
    assert "koppeling test" in listed and "actief" in listed and key not in listed


def test_a_revoked_or_expired_token_no_longer_works(make_user: Callable[..., User]) -> None:
    user = make_user(Role.COMENSHA)
    now = timezone.now()
    token, key = api_token_create(user=user, name="vervalt", days=1, now=now)
    with time_machine.travel(now + dt.timedelta(days=1, seconds=1), tick=False):
        assert me(key) == 401
    assert me(key) == 200
    out, _ = command("revoke", str(token.pk))
    assert "ingetrokken" in out
    assert me(key) == 401
    assert "beëindigd" in command("list")[0]
    assert "al ingetrokken" in command("revoke", str(token.pk))[0]


def test_a_password_change_ends_the_token(make_user: Callable[..., User]) -> None:
    user = make_user(Role.COMENSHA)
    _, key = api_token_create(user=user, name="sessies", days=30, now=timezone.now())
    assert me(key) == 200
    user.set_password("een-heel-nieuw-wachtwoord-42")
    user.save()
    assert me(key) == 401


def test_logging_out_everywhere_ends_the_token(client_for: Callable[..., Client]) -> None:
    client = client_for(Role.COMENSHA)
    user = client.user  # type: ignore[attr-defined]
    _, key = api_token_create(user=user, name="sessies", days=30, now=timezone.now())
    assert me(key) == 200
    assert client.post(reverse("accounts:logout_everywhere")).status_code == 302
    assert me(key) == 401


@pytest.mark.parametrize(
    ("name", "days", "field"),
    [("", 30, "name"), ("   ", 30, "name"), ("x" * 101, 30, "name"), ("ok", 0, "days"),
     ("ok", 366, "days")],
)  # fmt: skip
def test_bad_input_names_the_field_and_saves_nothing(
    make_user: Callable[..., User], name: str, days: int, field: str
) -> None:
    user = make_user(Role.COMENSHA)
    with pytest.raises(TokenError) as refused:
        api_token_create(user=user, name=name, days=days, now=timezone.now())
    assert refused.value.field == field
    with pytest.raises(CommandError) as failed:
        command("create", user.username, "--name", name, "--days", str(days))
    assert failed.value.returncode == 2 and str(failed.value).startswith(f"{field}:")
    assert not ApiToken.objects.exists()


def test_unknown_users_tokens_and_disabled_accounts_are_refused(
    make_user: Callable[..., User],
) -> None:
    with pytest.raises(CommandError, match="^username: onbekende gebruiker"):
        command("create", "niemand", "--name", "x")
    with pytest.raises(CommandError, match="^id: geen token met nummer 999"):
        command("revoke", "999")
    user = make_user(Role.COMENSHA, is_active=False)
    with pytest.raises(CommandError, match="^username: dit account is uitgeschakeld"):
        command("create", user.username, "--name", "x")
    assert not ApiToken.objects.exists()
