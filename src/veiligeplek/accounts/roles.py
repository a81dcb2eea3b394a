"""Roles and what each may do. The single table that navigation and access checks read.

Who uses the system (DOMAIN.md, "Who uses it"): signallers submit signals; regional care
coordinators route, search, refer and place in their region; CoMensha and the NLA place
nationally on their categories; shelter staff keep their availability current; policy officers
see aggregate figures only; administrators manage users and reference data, not case contents.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SIGNALLER = "signaller", _("Signaleerder (politie, NLA, KMar, hulpverlening)")
    REGIONAL_COORDINATOR = "regional_coordinator", _("Regionale zorgcoördinator")
    COMENSHA = "comensha", _("CoMensha (landelijke plaatsing)")
    NLA = "nla", _("Nederlandse Arbeidsinspectie (NLA)")
    SHELTER_STAFF = "shelter_staff", _("Medewerker opvanglocatie")
    POLICY_OFFICER = "policy_officer", _("Beleidsmedewerker gemeente/ministerie")
    ADMINISTRATOR = "administrator", _("Beheerder")
    PRIVACY_OFFICER = "privacy_officer", _("Privacyfunctionaris")


# Roles that place victims and therefore search places, see routing and 24/7 phone numbers.
PLACING_ROLES = frozenset({Role.REGIONAL_COORDINATOR, Role.COMENSHA, Role.NLA})
# Roles that may ask for a routing decision (no personal data involved: facts only).
ROUTING_ROLES = PLACING_ROLES | {Role.SIGNALLER}
# Roles that may see the national overview of places (aggregates, no person).
OVERVIEW_ROLES = PLACING_ROLES | {Role.POLICY_OFFICER, Role.ADMINISTRATOR, Role.SHELTER_STAFF}
# Roles that see the monitoring's figures (monitor/access.py: which scopes, exact or protected).
MONITOR_ROLES = frozenset(
    {Role.REGIONAL_COORDINATOR, Role.COMENSHA, Role.NLA, Role.POLICY_OFFICER, Role.ADMINISTRATOR}
)
# Roles that run capacity scenarios on the simulation page.
SIMULATION_ROLES = frozenset({Role.POLICY_OFFICER, Role.COMENSHA, Role.ADMINISTRATOR})
# Roles that may see a location's 24/7 phone number (never the street address).
PHONE_ROLES = PLACING_ROLES | {Role.SHELTER_STAFF}
# Roles that see personal data of victims or the secret street addresses of shelters, and
# therefore must log in with a second factor (issue 6, item 3; docs/adr/0004-authentication.md).
# Signallers see only the number and status of their own signals and policy officers only
# aggregates, so for them the second factor is optional; once they enrol, it is always asked.
MFA_ROLES = frozenset(
    {
        Role.REGIONAL_COORDINATOR,
        Role.COMENSHA,
        Role.NLA,
        Role.SHELTER_STAFF,
        Role.ADMINISTRATOR,
        Role.PRIVACY_OFFICER,
    }
)
