"""The second factor: who must use it, enrolment, verification, recovery codes, and that a
password-only session reaches no page and no API operation (issue 6, acceptance)."""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import code_submit, code_wait_skip, password_login, totp_code
from tests.conftest import FROZEN_NOW, totp_device_for
from veiligeplek.accounts.mfa import recovery_codes_create
from veiligeplek.accounts.middleware import MFA_EXEMPT_NAMESPACES, MFA_EXEMPT_VIEWS
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import MFA_ROLES, Role

pytestmark = pytest.mark.django_db

# API operations that need no login and carry no personal data.
PUBLIC_API_VIEWS = frozenset({"api-v1:health", "api-v1:openapi-json", "api-v1:openapi-view"})
SAMPLE_ARGUMENTS = {"int": "1", "str": "VP-0000-0000", "slug": "x", "path": "x", "uuid": ""}


def _walk(
    patterns: list[URLPattern | URLResolver], prefix: str, namespaces: tuple[str, ...]
) -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            extra = (pattern.namespace,) if pattern.namespace else ()
            yield from _walk(pattern.url_patterns, route, namespaces + extra)
        elif pattern.name:
            yield ":".join((*namespaces, pattern.name)), "/" + route


def every_url() -> list[tuple[str, str]]:
    """(view name, a concrete path) for every URL the project serves, with sample arguments."""

    def fill(match: re.Match[str]) -> str:
        converter = match.group(1) or "str"
        return SAMPLE_ARGUMENTS.get(converter, "x") or "00000000-0000-0000-0000-000000000000"

    return [
        (name, re.sub(r"<(?:(\w+):)?\w+>", fill, path))
        for name, path in _walk(get_resolver().url_patterns, "", ())
    ]


def test_the_url_walk_finds_the_pages_and_the_api() -> None:
    names = {name for name, _ in every_url()}
    assert {"accounts:home", "cases:list", "registry:overview", "api-v1:me"} <= names


@pytest.mark.parametrize("role", sorted(MFA_ROLES))
def test_a_password_only_session_of_a_personal_data_role_reaches_no_page(
    client_for: Callable[..., Client], role: Role
) -> None:
    client = client_for(role, verified=False)
    reached = []
    for name, path in every_url():
        namespace = name.split(":")[0]
        if name in MFA_EXEMPT_VIEWS or name in PUBLIC_API_VIEWS:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if namespace in MFA_EXEMPT_NAMESPACES:
                ok = response.status_code in {401, 404, 405}
            else:
                ok = response.status_code == 302 and response["Location"].startswith(
                    reverse("accounts:mfa_enrol")
                )
            if not ok:
                reached.append(f"{method.upper()} {path} -> {response.status_code}")
    assert reached == []


def test_the_pages_a_password_only_session_may_reach_are_the_login_steps_only() -> None:
    assert set(MFA_EXEMPT_VIEWS) == {
        "accounts:login",
        "accounts:logout",
        "accounts:mfa_verify",
        "accounts:mfa_enrol",
        "set_language",
    }
    assert set(MFA_EXEMPT_NAMESPACES) == {"api-v1"}  # the API refuses such a session itself (401)


@pytest.mark.parametrize("role", sorted(MFA_ROLES))
def test_after_the_code_the_same_pages_open(client_for: Callable[..., Client], role: Role) -> None:
    client = client_for(role)
    assert client.get(reverse("accounts:home")).status_code == 200
    assert client.get("/api/v1/me").status_code == 200


def test_the_api_refuses_a_password_only_session_like_no_session(
    client_for: Callable[..., Client],
) -> None:
    client = client_for(Role.COMENSHA, verified=False)
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/health").status_code == 200


@pytest.mark.parametrize("role", [Role.SIGNALLER, Role.POLICY_OFFICER])
def test_roles_without_personal_data_need_no_second_factor_until_they_enrol(
    client_for: Callable[..., Client], make_user: Callable[..., User], role: Role
) -> None:
    assert client_for(role, verified=False).get(reverse("accounts:home")).status_code == 200
    user = make_user(role)
    totp_device_for(user)
    client = Client()
    response = password_login(client, user.username)
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))
    assert client.get(reverse("accounts:home")).status_code == 302


def test_enrolment_shows_a_qr_code_and_the_secret_and_confirms_with_one_code(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.SHELTER_STAFF)
    client = Client()
    response = password_login(client, user.username)
    assert response["Location"] == reverse("accounts:mfa_enrol") + "?next=%2F"
    page = client.get(response["Location"]).content.decode()
    assert '<svg viewBox="' in page and "<script" not in page.split("</head>")[1]
    assert "otpauth" not in page  # the URI is in the QR code, not in a link or text
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7]+)<', page)
    assert secret and secret.group(1) == base64.b32encode(device.bin_key).decode()
    wrong = client.post(reverse("accounts:mfa_enrol"), {"code": "000000", "next": "/"})
    assert "klopt niet" in wrong.content.decode()
    assert client.get(reverse("accounts:home")).status_code == 302
    done = client.post(reverse("accounts:mfa_enrol"), {"code": totp_code(device), "next": "/"})
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert done["Cache-Control"] == "no-store"
    assert TOTPDevice.objects.get(user=user).confirmed
    assert client.get(reverse("accounts:home")).status_code == 200


def test_a_user_with_an_app_cannot_enrol_another_without_the_code(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.NLA)
    totp_device_for(user)
    client = Client()
    password_login(client, user.username)
    response = client.get(reverse("accounts:mfa_enrol"))
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))
    assert not TOTPDevice.objects.filter(user=user, confirmed=False).exists()


def test_a_wrong_code_is_refused_and_a_used_code_cannot_be_replayed(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.REGIONAL_COORDINATOR)
    device = totp_device_for(user)
    client = Client()
    password_login(client, user.username)
    wrong = code_submit(client, "123456" if totp_code(device) != "123456" else "654321")
    assert wrong.status_code == 200
    assert "Deze code klopt niet of is verlopen." in wrong.content.decode()
    code_wait_skip(client)  # no 1 s wait
    code = totp_code(device)
    assert code_submit(client, code, "/casussen/")["Location"] == "/casussen/"
    other = Client()
    password_login(other, user.username)
    assert code_submit(other, code).status_code == 200  # refused: shown again with an error
    assert other.get(reverse("accounts:home")).status_code == 302


def test_five_wrong_codes_void_the_password_login(make_user: Callable[..., User]) -> None:
    user = make_user(Role.PRIVACY_OFFICER)
    totp_device_for(user)
    client = Client()
    password_login(client, user.username)
    for _ in range(5):
        response = code_submit(client, "not-a-recovery-code")
        code_wait_skip(client)
    assert response["Location"] == reverse("accounts:login")
    assert client.get(reverse("accounts:mfa_verify"))["Location"].startswith(
        reverse("accounts:login")
    )


def test_after_a_wrong_code_the_app_is_throttled(make_user: Callable[..., User]) -> None:
    user = make_user(Role.COMENSHA)
    device = totp_device_for(user)
    client = Client()
    password_login(client, user.username)
    code_submit(client, "000000" if totp_code(device) != "000000" else "111111")
    response = code_submit(client, totp_code(device))
    assert "Wacht even" in response.content.decode()


def test_a_recovery_code_works_once_and_says_how_many_are_left(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.ADMINISTRATOR)
    totp_device_for(user)
    codes = recovery_codes_create(user)
    client = Client()
    password_login(client, user.username)
    response = code_submit(client, codes[0].upper())
    assert response.status_code == 302
    home = client.get(response["Location"]).content.decode()
    assert "nog 9 over" in home
    again = Client()
    password_login(again, user.username)
    assert code_submit(again, codes[0]).status_code == 200
    assert StaticDevice.objects.get(user=user).token_set.count() == 9


def test_new_recovery_codes_replace_the_old_ones(client_for: Callable[..., Client]) -> None:
    client = client_for(Role.SHELTER_STAFF)
    user = client.user  # type: ignore[attr-defined]
    totp_device_for(user)
    old = recovery_codes_create(user)
    page = client.post(reverse("accounts:recovery_codes")).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    with time_machine.travel(FROZEN_NOW, tick=False) as clock:
        stale = Client()
        password_login(stale, user.username)
        assert code_submit(stale, old[0]).status_code == 200  # refused: the form again
        assert StaticDevice.objects.get(user=user).token_set.count() == 10
        clock.shift(dt.timedelta(minutes=1))  # past the wait after one wrong code
        assert code_submit(stale, new[0]).status_code == 302  # a new code signs in


def test_a_password_only_session_sees_no_menu(client_for: Callable[..., Client]) -> None:
    client = client_for(Role.REGIONAL_COORDINATOR, verified=False)
    page = client.get(reverse("accounts:mfa_enrol")).content.decode()
    assert 'aria-label="Hoofdmenu"' not in page
    assert reverse("accounts:account") not in page
    assert "Uitloggen" in page


def test_the_mfa_reset_command_unlinks_the_app_and_ends_the_sessions(
    client_for: Callable[..., Client],
) -> None:
    client = client_for(Role.NLA)
    call_command("mfa_reset", client.user.username)  # type: ignore[attr-defined]
    assert not TOTPDevice.objects.filter(user=client.user).exists()  # type: ignore[attr-defined]
    assert client.get(reverse("accounts:home"))["Location"].startswith(reverse("accounts:login"))
