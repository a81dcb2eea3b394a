"""Issue 12, defects 7 and 8: someone who has only the password cannot block the real user's
second factor, cannot start logins without end to guess codes, and spraying passwords over
many usernames from one address is answered 429."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from tests.accounts.conftest import code_submit, code_wait_skip, password_login, totp_code
from tests.conftest import totp_device_for
from tests.factories import TEST_PASSWORD
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role

pytestmark = pytest.mark.django_db
ATTACKER = "203.0.113.66"
OFFICE = "198.51.100.20"


def wrong_code(right: str) -> str:
    return "000000" if right != "000000" else "111111"


def test_wrong_codes_of_someone_else_do_not_block_the_real_users_correct_code(
    make_user: Callable[..., User], caplog: pytest.LogCaptureFixture
) -> None:
    user = make_user(Role.REGIONAL_COORDINATOR, email="coordinator@test.invalid")
    make_user(Role.ADMINISTRATOR, email="beheer@test.invalid")
    device = totp_device_for(user)
    real = Client(REMOTE_ADDR=OFFICE)
    assert password_login(real, user.username).status_code == 302
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(3):  # three voided logins with the stolen password
        assert password_login(attacker, user.username).status_code == 302
        for _ in range(5):
            code_submit(attacker, wrong_code(totp_code(device)))
            code_wait_skip(attacker)
        assert attacker.get(reverse("accounts:home")).status_code == 302
    # The real user's own login attempt was never slowed down by those 15 wrong codes.
    response = code_submit(real, totp_code(device), "/casussen/")
    assert response.status_code == 302 and response["Location"] == "/casussen/"
    # ... and the account was flagged, to the user and to the administrators.
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert "coordinator@test.invalid" in recipients and "beheer@test.invalid" in recipients
    assert "voided by wrong codes" in caplog.text


def test_a_wrong_code_still_slows_down_that_login_attempt(make_user: Callable[..., User]) -> None:
    user = make_user(Role.COMENSHA)
    device = totp_device_for(user)
    client = Client()
    password_login(client, user.username)
    code_submit(client, wrong_code(totp_code(device)))
    assert "Wacht even" in code_submit(client, totp_code(device)).content.decode()


@override_settings(LOGIN_PASSWORD_SUCCESS_LIMIT=3)
def test_logins_with_the_password_per_account_and_address_are_limited(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.NLA)
    totp_device_for(user)
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for _ in range(3):
        assert password_login(attacker, user.username).status_code == 302
        attacker.post(reverse("accounts:logout"))
    refused = password_login(attacker, user.username)
    assert refused.status_code == 429
    assert "Te veel" in refused.content.decode()
    # The real user at the office is not affected.
    assert password_login(Client(REMOTE_ADDR=OFFICE), user.username).status_code == 302


def test_password_spraying_over_many_usernames_from_one_address_gets_429(
    make_user: Callable[..., User],
) -> None:
    users = [make_user(Role.SIGNALLER) for _ in range(3)]
    sprayer = Client(REMOTE_ADDR=ATTACKER)
    statuses = [
        password_login(sprayer, f"medewerker-{n}", "Welkom2026!!").status_code for n in range(50)
    ]
    statuses += [
        password_login(sprayer, users[n % 3].username, "Welkom2026!!").status_code
        for n in range(30)
    ]
    assert statuses.count(429) >= 40, statuses  # the first 30 failures are answered normally
    assert 429 in statuses[:31]
    # Once the address is blocked, even a right password from it is refused ...
    assert password_login(sprayer, users[0].username, TEST_PASSWORD).status_code == 429
    # ... while the same user from another address logs in.
    assert password_login(Client(REMOTE_ADDR=OFFICE), users[0].username).status_code == 302


def test_a_voided_login_flags_the_account_in_the_administrators_pages_until_handled(
    make_user: Callable[..., User], client_for: Callable[..., Client]
) -> None:
    user = make_user(Role.REGIONAL_COORDINATOR)
    other = make_user(Role.COMENSHA)
    device = totp_device_for(user)
    totp_device_for(other)
    attacker = Client(REMOTE_ADDR=ATTACKER)
    assert password_login(attacker, user.username).status_code == 302
    for _ in range(5):
        code_submit(attacker, wrong_code(totp_code(device)))
        code_wait_skip(attacker)
    admin = client_for(Role.ADMINISTRATOR)

    def flagged() -> list[str]:
        html = admin.get(reverse("accounts:home")).content.decode()
        section = html.split('data-testid="flagged-accounts"')[1].split("</section>")[0]
        return re.findall(r'data-username="([^"]+)"', section)

    assert flagged() == [user.username]
    # The user sees it on her own account page too.
    own = client_for(Role.REGIONAL_COORDINATOR, user=User.objects.get(pk=user.pk))
    assert (
        'data-testid="code-guessing-flag"' in own.get(reverse("accounts:account")).content.decode()
    )
    # Only an administrator marks it handled; then the list is empty.
    clear = reverse("accounts:flag_clear", args=[user.pk])
    assert own.post(clear).status_code in (403, 404)
    assert admin.post(clear).status_code == 302
    assert flagged() == []
    assert (
        'data-testid="code-guessing-flag"'
        not in own.get(reverse("accounts:account")).content.decode()
    )
    assert admin.post(clear).status_code == 404  # nothing left to handle
