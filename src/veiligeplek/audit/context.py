"""The audit context of a web or API request: who, from which address, for what purpose."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from veiligeplek.accounts.access import acting_user
from veiligeplek.audit.models import Action, Result
from veiligeplek.audit.services import AuditContext, audit_record


def context_for(request: HttpRequest, purpose: str = "") -> AuditContext:
    """The client address is the socket peer: behind a proxy, configure the proxy to set it
    (``--forwarded-allow-ips`` in gunicorn) rather than trusting a header from anyone."""
    return AuditContext(
        user=acting_user(request),
        client_address=str(request.META.get("REMOTE_ADDR", ""))[:45],
        purpose=purpose or f"{request.method} {request.path}"[:200],
    )


def audit_list(request: HttpRequest, section: str) -> None:
    """A list of cases is one search event, not one read per case."""
    audit_record(
        context_for(request, f"lijst: {section}"),
        action=Action.SEARCH,
        object_type="case",
        object_pseudonym="(lijst)",
        section=section,
    )


def audit_refusal(request: HttpRequest, pseudonym: str, section: str, text: str) -> None:
    """A refused action on a case is logged as a denied attempt (in its own transaction: the
    action's own transaction was rolled back)."""
    with transaction.atomic():
        audit_record(
            context_for(request, f"geweigerd: {text}"[:200]),
            action=Action.UPDATE,
            object_type="case",
            object_pseudonym=pseudonym,
            section=section,
            result=Result.DENIED,
        )
