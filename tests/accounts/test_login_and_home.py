from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import TEST_PASSWORD
from veiligeplek.accounts.models import User
from veiligeplek.accounts.navigation import items_for
from veiligeplek.accounts.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_every_role_logs_in_and_sees_its_home(make_user: Callable[..., User], role: Role) -> None:
    user = make_user(role)
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    home = client.get(reverse("accounts:home"))
    assert home.status_code == 200
    assert str(role.label) in home.content.decode()


def test_a_wrong_password_gets_the_same_answer_as_an_unknown_user(
    make_user: Callable[..., User],
) -> None:
    user = make_user(Role.COMENSHA)
    wrong = Client().post(reverse("accounts:login"), {"username": user.username, "password": "x"})
    unknown = Client().post(reverse("accounts:login"), {"username": "nobody", "password": "x"})
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].errors == unknown.context["form"].errors


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
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:home")).status_code == 302
