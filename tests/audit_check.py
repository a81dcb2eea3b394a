"""Acceptance (security): every case-touching request in the test suite produces exactly one
audit event for itself (a list one more per case it shows), with no empty field. Imported as an
autouse fixture by the conftest of each suite that sends such requests (cases, api, audit)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from veiligeplek.audit.context import LIST_ROW
from veiligeplek.audit.models import AuditEvent

CASE_PATH = re.compile(
    r"^/(casussen/|verwijzingen/|wachtlijst/|mijn-signalen/|signaal/VP-"
    r"|api/v1/(cases|referrals|placements|waiting-list))"
)
REQUIRED = (
    "actor_username",
    "actor_role",
    "actor_organisation",
    "action",
    "object_type",
    "object_pseudonym",
    "section",
    "purpose",
    "result",
    "client_address",
    "hash",
)


POST_ONLY = ("/signaal/", "/noodtoegang/")


def touches_cases(method: str, path: str, response: Any) -> bool:
    """A successful read, or a completed action (a redirect after a POST form) — not a
    redirect to the login or authentication steps, and not a refusal (4xx)."""
    if response.status_code in (301, 302) and response["Location"].startswith("/inloggen/"):
        return False
    if method == "POST" and path in POST_ONLY:
        return bool(response.status_code == 302)
    return bool(CASE_PATH.match(path)) and bool(response.status_code < 400)


@pytest.fixture(autouse=True)
def every_case_request_is_audited_once(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    original = Client.request
    checked: list[str] = []

    def request(self: Client, **environ: Any) -> Any:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        candidate = CASE_PATH.match(path) or path in POST_ONLY
        last = (
            AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first()
            if candidate
            else None
        )
        response = original(self, **environ)
        if candidate and touches_cases(method, path, response):
            events = list(AuditEvent.objects.filter(sequence__gt=last or 0))
            # One event for the request itself; a list adds one read per case it shows.
            primary = [e for e in events if not e.section.endswith(LIST_ROW)]
            assert len(primary) == 1, (
                f"{method} {path} -> {response.status_code}: {len(primary)} audit events"
            )
            for event in events:
                empty = [f for f in REQUIRED if not getattr(event, f)]
                assert not empty, f"{method} {path}: empty audit fields {empty}"
            checked.append(path)
        return response

    monkeypatch.setattr(Client, "request", request)
    yield
