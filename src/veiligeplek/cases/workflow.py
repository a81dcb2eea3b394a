"""The one table of allowed case status changes, enforced by the services.

new ─ pick up ─> assessing ─> searching ─> referred ─> placed ─> closed
                     │            │  ^          │          │
                     └────────────┴──┴─> waiting (with or without an ad hoc place)
A transfer (outflow to another shelter) sends a placed case back to searching.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    NEW = "new", _("Nieuw signaal")
    ASSESSING = "assessing", _("In behandeling")
    SEARCHING = "searching", _("Zoekt plek")
    REFERRED = "referred", _("Verwezen, wacht op opvang")
    WAITING = "waiting", _("Op wachtlijst")
    PLACED = "placed", _("Geplaatst")
    CLOSED = "closed", _("Afgesloten")


S = CaseStatus
TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    S.NEW: frozenset({S.ASSESSING, S.SEARCHING, S.REFERRED, S.WAITING, S.PLACED, S.CLOSED}),
    S.ASSESSING: frozenset({S.SEARCHING, S.REFERRED, S.WAITING, S.PLACED, S.CLOSED}),
    S.SEARCHING: frozenset({S.REFERRED, S.WAITING, S.PLACED, S.CLOSED}),
    S.REFERRED: frozenset({S.SEARCHING, S.REFERRED, S.WAITING, S.PLACED, S.CLOSED}),
    S.WAITING: frozenset({S.SEARCHING, S.REFERRED, S.WAITING, S.PLACED, S.CLOSED}),
    S.PLACED: frozenset({S.SEARCHING, S.CLOSED}),
    S.CLOSED: frozenset(),
}


class TransitionError(ValueError):
    def __init__(self, current: str, target: str) -> None:
        super().__init__(f"{current} -> {target}")
        self.message = _("Dit kan niet meer: de casus is %(current)s.") % {
            "current": CaseStatus(current).label.lower()
        }


def check_transition(current: str, target: CaseStatus) -> None:
    if target not in TRANSITIONS[CaseStatus(current)]:
        raise TransitionError(current, target)
