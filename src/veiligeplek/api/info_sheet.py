"""API: the victim's information sheet for a case (the same sheet as the case page's).

Roles with access to the case; 404 for a missing or out-of-scope case, 422 naming
``language`` (with the available ones) for a language the sheet does not have. Audited.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Router, Schema

from veiligeplek.accounts.access import acting_user, user_has_role
from veiligeplek.accounts.roles import PLACING_ROLES, Role
from veiligeplek.audit.context import context_for
from veiligeplek.cases.access import case_in_scope
from veiligeplek.infosheet.render import sheet_text, status_line
from veiligeplek.infosheet.services import case_info_sheet, info_sheet_audit, sheet_language
from veiligeplek.infosheet.sheet import SheetText

router = Router(tags=["cases"])
CASE_ROLES = (*PLACING_ROLES, Role.SHELTER_STAFF)


class SectionOut(Schema):
    key: str
    heading: str
    paragraphs: list[str]


class SheetTextOut(Schema):
    language: str
    direction: str
    title: str
    sections: list[SectionOut]


class InfoSheetOut(Schema):
    number: str
    language: str
    status: str  # drafted | reviewed
    status_detail: str
    version: str  # adult | child
    public_url: str
    sheet: SheetTextOut
    companion: SheetTextOut | None  # Dutch or English next to a drafted translation
    text: str  # the whole sheet as plain text


def _text(text: SheetText) -> dict[str, Any]:
    return {
        "language": text.language.code,
        "direction": text.language.direction,
        "title": text.title,
        "sections": [
            {"key": s.key, "heading": s.heading, "paragraphs": list(s.paragraphs)}
            for s in text.sections
        ],
    }


@router.get(
    "/{number}/info-sheet",
    response=InfoSheetOut,
    summary="Informatieblad voor het slachtoffer, in haar taal (het opvragen wordt gelogd)",
    description="Zonder `language` de eerste taal van de casus die het blad heeft, anders nl. "
    "Een concept-vertaling komt altijd met de Nederlandse of Engelse tekst (`companion`). "
    "422 noemt `language` met de beschikbare talen.",
)
@transaction.atomic
def info_sheet(request: HttpRequest, number: str, language: str | None = None) -> dict[str, Any]:
    if not user_has_role(request.user, CASE_ROLES):
        raise Http404
    case = case_in_scope(acting_user(request), number)
    sheet = case_info_sheet(case, sheet_language(case, language))
    main = sheet.main.language
    answer = {
        "number": case.number,
        "language": main.code,
        "status": main.status.state.value,
        "status_detail": status_line(main),
        "version": "child" if sheet.plan.children else "adult",
        "public_url": sheet.public_url,
        "sheet": _text(sheet.main),
        "companion": _text(sheet.companion) if sheet.companion else None,
        "text": sheet_text(sheet),
    }
    # Logged last, once the answer is made, so that the audit chain's lock is held briefly.
    info_sheet_audit(ctx=context_for(request, "informatieblad slachtoffer (API)"), case=case,
                     sheet=sheet)  # fmt: skip
    return answer
