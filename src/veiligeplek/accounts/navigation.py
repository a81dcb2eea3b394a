"""Role-aware navigation: which pages each role sees in the menu (one table)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veiligeplek.accounts.roles import (
    MONITOR_ROLES,
    OVERVIEW_ROLES,
    PLACING_ROLES,
    ROUTING_ROLES,
    SIMULATION_ROLES,
    Role,
)


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    roles: frozenset[Role]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


SIGNALLING = frozenset({Role.SIGNALLER, *PLACING_ROLES})
NAVIGATION: tuple[NavItem, ...] = (
    NavItem("accounts:home", _("Start"), frozenset(Role)),
    NavItem("cases:signal_new", _("Signaal melden"), SIGNALLING),
    NavItem("cases:my_signals", _("Mijn signalen"), frozenset({Role.SIGNALLER})),
    NavItem("cases:inbox", _("Inbox"), frozenset(Role) - {Role.POLICY_OFFICER}),
    NavItem("cases:list", _("Casussen"), PLACING_ROLES),
    NavItem("cases:waiting_list", _("Wachtlijst"), PLACING_ROLES),
    NavItem("cases:referrals", _("Verwijzingen"), frozenset({Role.SHELTER_STAFF})),
    NavItem("cases:routing", _("Routering"), ROUTING_ROLES),
    NavItem("cases:search", _("Plek zoeken"), PLACING_ROLES),
    NavItem("registry:overview", _("Landelijk overzicht"), OVERVIEW_ROLES),
    NavItem("monitor:dashboard", _("Monitoring"), MONITOR_ROLES),
    NavItem("monitor:simulations", _("Simulatie"), SIMULATION_ROLES),
    NavItem("registry:my_availability", _("Mijn beschikbaarheid"), frozenset({Role.SHELTER_STAFF})),
    NavItem("cases:roster", _("Rooster"), PLACING_ROLES | {Role.ADMINISTRATOR}),
    NavItem("registry:regions", _("Regio's"), frozenset({Role.ADMINISTRATOR})),
    NavItem("registry:landscape", _("Import en export"), frozenset({Role.ADMINISTRATOR})),
    NavItem("audit:home", _("Auditlog"), frozenset({Role.PRIVACY_OFFICER})),
)


def items_for(role: str) -> list[NavItem]:
    return [item for item in NAVIGATION if role in item.roles]


__all__ = ["NAVIGATION", "PLACING_ROLES", "NavItem", "items_for"]
