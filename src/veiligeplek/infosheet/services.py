"""A case's information sheet, and the audit record of showing or printing it.

The sheet is built from the case's current facts, routed with the rules valid today (as the
case page does); it carries the case number, so every showing and printing is audited in the
same transaction (NEN 7513), by the page, the PDF and the API alike.
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from veiligeplek.audit.models import Action
from veiligeplek.audit.services import AuditContext, audit_record
from veiligeplek.cases.models import Case
from veiligeplek.cases.routing import routing_decide
from veiligeplek.infosheet.render import case_sheet
from veiligeplek.infosheet.sheet import Sheet
from veiligeplek.infosheet.texts import Language, language, language_for


def sheet_language(case: Case, code: str | None) -> Language:
    """The asked language (``UnknownLanguageError`` naming ``language``), else the first of
    the case's languages that the sheet has, else Dutch."""
    if code:
        return language(code)
    return language_for(case.facts.get("languages") or ())


def case_info_sheet(case: Case, chosen: Language) -> Sheet:
    """The sheet for this case; an anonymised case has none (its facts are gone)."""
    if case.anonymised_at is not None:
        raise Http404
    routed = routing_decide(case.facts, today=timezone.localdate())
    return case_sheet(routed.facts, routed.decision, chosen, case.number)


def info_sheet_audit(*, ctx: AuditContext, case: Case, sheet: Sheet, printed: bool = False) -> None:
    """One audit event per showing (read) or printing (print) of a case's sheet."""
    audit_record(
        ctx,
        action=Action.PRINT if printed else Action.READ,
        object_type="case",
        object_pseudonym=case.number,
        section=f"informatieblad {sheet.main.language.code}",
    )
