"""The audit context of a web or API request: who, from which address, for what purpose."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest

from veiligeplek.accounts.access import acting_user
from veiligeplek.audit.models import Action, Result
from veiligeplek.audit.services import AuditContext, audit_record, audit_record_each


def context_for(request: HttpRequest, purpose: str = "") -> AuditContext:
    """The client address is the socket peer: behind a proxy, configure the proxy to set it
    (``--forwarded-allow-ips`` in gunicorn) rather than trusting a header from anyone."""
    return AuditContext(
        user=acting_user(request),
        client_address=str(request.META.get("REMOTE_ADDR", ""))[:45],
        purpose=purpose or f"{request.method} {request.path}"[:200],
    )


LIST_ROW = " (in lijst)"  # the section suffix of a case shown as a row of a list


def audit_list(request: HttpRequest, section: str, numbers: Iterable[str] = ()) -> None:
    """A list of cases is one search event, plus one read event per case whose details the
    list shows (``numbers``), so that "who saw this person" finds the list too."""
    context = context_for(request, f"lijst: {section}")
    audit_record(
        context,
        action=Action.SEARCH,
        object_type="case",
        object_pseudonym="(lijst)",
        section=section,
    )
    audit_record_each(
        context,
        action=Action.READ,
        object_type="case",
        object_pseudonyms=list(dict.fromkeys(numbers)),
        section=f"{section}{LIST_ROW}"[:100],
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
