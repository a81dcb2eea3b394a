"""Session policy: 15 minutes idle, 12 hours in all, and ways to end every session at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.conf import settings as conf
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import TEST_PASSWORD
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.accounts.tokens import api_token_create

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC)
HOME = "/"


def logged_in(client: Client) -> bool:
    return client.get(HOME).status_code == 200


def test_a_session_ends_after_15_minutes_without_a_request(
    client_for: Callable[..., Client],
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        client = client_for(Role.REGIONAL_COORDINATOR)
        key = str(client.session.session_key)
        clock.shift(dt.timedelta(minutes=14, seconds=59))
        assert logged_in(client)
        clock.shift(dt.timedelta(minutes=15))
        response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not SessionStore().exists(key)


def test_requests_keep_a_session_alive_for_at_most_12_hours(
    client_for: Callable[..., Client],
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        client = client_for(Role.SHELTER_STAFF)
        for _ in range(12 * 60 // 10 - 1):
            clock.shift(dt.timedelta(minutes=10))
            assert logged_in(client)
        clock.shift(dt.timedelta(minutes=9, seconds=59))
        assert logged_in(client)  # 11:59:59 after login
        clock.shift(dt.timedelta(seconds=1))
        assert not logged_in(client)


def test_an_expired_session_is_told_so_on_the_login_page(
    client_for: Callable[..., Client],
) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        client = client_for(Role.POLICY_OFFICER)
        clock.shift(dt.timedelta(minutes=16))
        page = client.get(HOME, follow=True).content.decode()
    assert "Uw sessie is verlopen" in page


def test_the_api_also_ends_an_idle_session(client_for: Callable[..., Client]) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        client = client_for(Role.COMENSHA)
        assert client.get("/api/v1/me").status_code == 200
        clock.shift(dt.timedelta(minutes=15))
        assert client.get("/api/v1/me").status_code == 401


def test_disabling_an_account_ends_all_its_sessions(
    client_for: Callable[..., Client], make_user: Callable[..., User]
) -> None:
    user = make_user(Role.NLA)
    phone, desk = client_for(Role.NLA, user=user), client_for(Role.NLA, user=user)
    assert logged_in(phone) and logged_in(desk)
    user.is_active = False
    user.save(update_fields=["is_active"])
    user.is_active = True  # even re-enabled, the old sessions stay ended
    user.save()
    assert not logged_in(phone)
    assert not logged_in(desk)


def test_logging_out_everywhere_ends_the_other_sessions_too(
    client_for: Callable[..., Client], make_user: Callable[..., User]
) -> None:
    user = make_user(Role.PRIVACY_OFFICER)
    phone, desk = client_for(Role.PRIVACY_OFFICER, user=user), client_for(user.role, user=user)
    response = desk.post(reverse("accounts:logout_everywhere"))
    assert response["Location"] == reverse("accounts:login")
    assert not logged_in(desk)
    assert not logged_in(phone)


def test_changing_the_password_keeps_this_session_and_ends_the_others(
    client_for: Callable[..., Client], make_user: Callable[..., User]
) -> None:
    user = make_user(Role.ADMINISTRATOR)
    phone, desk = client_for(Role.ADMINISTRATOR, user=user), client_for(user.role, user=user)
    _, key = api_token_create(user=user, name="script", days=30, now=timezone.now())
    script = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert script.get("/api/v1/me").status_code == 200
    new_password = "een lange zin als wachtwoord"
    response = desk.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )
    assert response["Location"] == reverse("accounts:account")
    assert logged_in(desk)
    assert not logged_in(phone)
    assert script.get("/api/v1/me").status_code == 401  # the API token ended with the others


def test_session_cookies_are_http_only_same_site_and_end_with_the_browser(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.SIGNALLER)
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": TEST_PASSWORD}
    )
    cookie = response.cookies[conf.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert bool(cookie["secure"]) == conf.SESSION_COOKIE_SECURE
    assert not cookie["max-age"]  # ends with the browser; the server ends it sooner
    if conf.SESSION_COOKIE_SECURE:
        assert conf.SESSION_COOKIE_NAME.startswith("__Host-")
        assert conf.CSRF_COOKIE_NAME.startswith("__Host-")
