from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import code_submit, full_login, password_login, totp_code
from tests.conftest import totp_device_for
from veiligeplek.accounts.models import User
from veiligeplek.accounts.navigation import items_for
from veiligeplek.accounts.roles import MFA_ROLES, Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_every_role_logs_in_and_sees_its_home(make_user: Callable[..., User], role: Role) -> None:
    user = make_user(role)
    client = Client()
    if role in MFA_ROLES:
        response = full_login(client, user, totp_device_for(user))
    else:
        response = password_login(client, user.username)
    assert response.status_code == 302
    home = client.get(reverse("accounts:home"))
    assert home.status_code == 200
    assert str(role.label) in home.content.decode()


def test_login_gives_a_new_session_id_and_the_second_factor_another(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.REGIONAL_COORDINATOR)
    device = totp_device_for(user)
    client = Client()
    session = client.session
    session["probe"] = "planted before login"
    session.save()
    planted = str(session.session_key)
    password_login(client, user.username)
    after_password = client.cookies[settings.SESSION_COOKIE_NAME].value
    code_submit(client, totp_code(device))
    after_code = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert len({planted, after_password, after_code}) == 3
    assert not SessionStore().exists(planted)
    assert not SessionStore().exists(after_password)
    assert client.get(reverse("accounts:home")).status_code == 200


def test_navigation_shows_each_role_only_its_pages() -> None:
    def names(role: Role) -> set[str]:
        return {item.url_name for item in items_for(role)}

    assert "registry:my_availability" in names(Role.SHELTER_STAFF)
    assert "registry:my_availability" not in names(Role.REGIONAL_COORDINATOR)
    assert "registry:regions" in names(Role.ADMINISTRATOR)
    assert names(Role.SIGNALLER) == {
        "accounts:home",
        "cases:routing",
        "cases:signal_new",
        "cases:my_signals",
        "cases:inbox",
    }
    assert "cases:list" not in names(Role.POLICY_OFFICER)
    assert "cases:inbox" not in names(Role.POLICY_OFFICER)


def test_logout_only_by_post_and_ends_the_session(client_for: Callable[..., Client]) -> None:
    client = client_for(Role.POLICY_OFFICER)
    key = str(client.session.session_key)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:home")).status_code == 302
    assert not SessionStore().exists(key)
