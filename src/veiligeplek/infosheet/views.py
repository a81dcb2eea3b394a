"""Pages of the information sheet: for a case (case page and signal-done page), full-screen or
as PDF, each showing audited; and the public pages per language, without login."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from veiligeplek.accounts.access import acting_user, role_required
from veiligeplek.accounts.roles import PLACING_ROLES, Role
from veiligeplek.audit.context import context_for
from veiligeplek.cases.access import case_in_scope
from veiligeplek.cases.models import Case
from veiligeplek.infosheet.render import general_sheet, sheet_context, sheet_pdf, status_line
from veiligeplek.infosheet.services import case_info_sheet, info_sheet_audit, sheet_language
from veiligeplek.infosheet.texts import UnknownLanguageError, catalogue, language

CASE_ROLES = (*PLACING_ROLES, Role.SHELTER_STAFF)
SIGNAL_ROLES = (Role.SIGNALLER, *PLACING_ROLES)


@role_required(*CASE_ROLES)
@transaction.atomic
def case_sheet_page(request: HttpRequest, number: str) -> HttpResponse:
    case = case_in_scope(acting_user(request), number)
    back = reverse("cases:detail", args=[case.number])
    return _case_sheet(request, case, reverse("infosheet:case", args=[case.number]), back)


@role_required(*SIGNAL_ROLES)
@transaction.atomic
def signal_sheet_page(request: HttpRequest, number: str) -> HttpResponse:
    """For the police officer who is with her: the signal she submitted herself."""
    try:
        case = Case.objects.get(number=number, signal__submitted_by=acting_user(request))
    except Case.DoesNotExist:
        raise Http404 from None
    back = reverse("cases:signal_done", args=[case.number])
    return _case_sheet(request, case, reverse("infosheet:signal", args=[case.number]), back)


def _case_sheet(request: HttpRequest, case: Case, here: str, back: str) -> HttpResponse:
    error = ""
    try:
        chosen = sheet_language(case, request.GET.get("taal"))
    except UnknownLanguageError as exc:
        chosen = sheet_language(case, None)
        error = _("Taal: onbekende taal %(code)s; kies uit %(available)s.") % {
            "code": exc.code,
            "available": ", ".join(exc.available),
        }
    sheet = case_info_sheet(case, chosen)
    printed = not error and request.GET.get("formaat") == "pdf"
    if printed:
        response = HttpResponse(sheet_pdf(sheet), content_type="application/pdf")
        name = f"informatieblad-{case.number}-{chosen.code}.pdf"
        response["Content-Disposition"] = f'inline; filename="{name}"'
    else:
        context = sheet_context(sheet) | _choice(chosen.code, here) | {"back": back, "error": error}
        response = render(request, "infosheet/page.html", context, status=400 if error else 200)
    # Logged last, once the sheet is made, so that the audit chain's lock is held briefly.
    ctx = context_for(request, "informatieblad slachtoffer")
    info_sheet_audit(ctx=ctx, case=case, sheet=sheet, printed=printed)
    response["Cache-Control"] = "no-store"
    return response


def _choice(current: str, here: str) -> dict[str, Any]:
    return {
        "languages": [
            {
                "code": lang.code,
                "label": language_label(lang.code),
                "selected": lang.code == current,
            }
            for lang in catalogue().values()
        ],
        "here": here,
        "status_text": status_line(catalogue()[current]),
    }


def language_label(code: str) -> str:
    """The option's label on the staff screen, with the translation's status."""
    lang = catalogue()[code]
    if lang.is_source:
        source = _("brontekst")
        return f"{lang.name_nl} ({source})"
    note = _("concept") if lang.needs_companion else _("gecontroleerd")
    return f"{lang.name} · {lang.name_nl} ({note})"


def public_index(request: HttpRequest) -> HttpResponse:
    return render(request, "infosheet/public_index.html", {"languages": catalogue().values()})


def public_page(request: HttpRequest, code: str) -> HttpResponse:
    """General information only: no case, no date, no number; reached by the sheet's QR."""
    try:
        chosen = language(code)
    except UnknownLanguageError:
        raise Http404 from None
    context = sheet_context(general_sheet(chosen)) | {"languages": catalogue().values()}
    return render(request, "infosheet/public.html", context)
