"""What the API's case-workflow modules share: the role check (404, like a missing object) and
the place group looked up by its public id."""

from __future__ import annotations

from collections.abc import Collection

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from veiligeplek.accounts.access import user_has_role
from veiligeplek.accounts.roles import PLACING_ROLES, Role
from veiligeplek.registry.models import PlaceGroup

SIGNAL_ROLES = (Role.SIGNALLER, *PLACING_ROLES)
CASE_ROLES = (*PLACING_ROLES, Role.SHELTER_STAFF)


def require_role(request: HttpRequest, roles: Collection[Role]) -> None:
    if not user_has_role(request.user, roles):
        raise Http404


def place_group_or_404(external_id: str) -> PlaceGroup:
    return get_object_or_404(PlaceGroup.objects.select_related("location"), external_id=external_id)


def operation_id(name: str) -> str:
    """The operationId an operation had when all case operations lived in ``api/cases.py``: part
    of the published OpenAPI contract, kept when an operation moves to another module."""
    return f"veiligeplek_api_cases_{name}"
