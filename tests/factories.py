"""Shared builders for tests: users, organisations and signalled cases.

Names and phone numbers come from Faker's Dutch locale and are fictitious; usernames are
sequences, so that tests can tell users apart. Cases are made through the services
(``signal_submit``), never written into the tables directly, so that a builder cannot make a
state the application never has.
"""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.audit.services import AuditContext
from veiligeplek.cases.models import Case
from veiligeplek.cases.services.intake import signal_submit
from veiligeplek.registry.models import Organisation

TEST_PASSWORD = "correct-horse-battery-staple-42"  # noqa: S105 - test users only
DUTCH = "nl_NL"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Faker("company", locale=DUTCH)
    kind = Organisation.Kind.OTHER


class UserFactory(DjangoModelFactory):
    """A user with a role; ``UserFactory(role=Role.NLA)``. Shelter staff belong to HVO Querido
    CTM and regional coordinators to VT01 unless told otherwise."""

    class Meta:
        model = User

    role = Role.SIGNALLER
    username = factory.Sequence(lambda n: f"test-{n + 1}")
    first_name = factory.Faker("first_name", locale=DUTCH)
    last_name = factory.Faker("last_name", locale=DUTCH)
    organisation = factory.Maybe(
        factory.LazyAttribute(lambda user: user.role == Role.SHELTER_STAFF),
        yes_declaration=factory.SubFactory(OrganisationFactory, name="HVO Querido CTM"),
        no_declaration=None,
    )
    care_region_code = factory.LazyAttribute(
        lambda user: "VT01" if user.role == Role.REGIONAL_COORDINATOR else ""
    )
    # Hashed as the row is created: a password set afterwards would count as a change and
    # raise the session epoch (ending sessions and tokens made before).
    password = factory.django.Password(TEST_PASSWORD)


class SignalFactory(factory.DictFactory):
    """The callback details of a signal, as the police give them (fictitious)."""

    urgency = "normal"
    callback_name = factory.Faker("name", locale=DUTCH)
    callback_phone = factory.Faker("phone_number", locale=DUTCH)


def user_create(**fields: Any) -> User:
    """``UserFactory.create(**fields)``, typed for the tests that call it."""
    user: User = UserFactory.create(**fields)
    return user


def organisation_get(name: str) -> Organisation:
    organisation: Organisation = OrganisationFactory.create(name=name)
    return organisation


def audit_context(user: User) -> AuditContext:
    return AuditContext(user=user, client_address="127.0.0.1", purpose="test")


def signalled_case(signaller: User, facts_data: dict[str, Any], **signal: Any) -> Case:
    """A case opened the way the police open one: ``signal_submit`` with these facts."""
    return signal_submit(
        ctx=audit_context(signaller), facts_data=facts_data, **SignalFactory(**signal)
    )
