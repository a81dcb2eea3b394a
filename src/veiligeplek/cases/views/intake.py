"""Signal intake (24/7, on a phone), the signaller's own signals, and the inbox."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veiligeplek.accounts.access import acting_user, role_required
from veiligeplek.accounts.roles import PLACING_ROLES, Role
from veiligeplek.audit.context import audit_list, context_for
from veiligeplek.audit.models import Action
from veiligeplek.cases.forms import SignalForm
from veiligeplek.cases.models import Case, IdempotencyKey, Notification
from veiligeplek.cases.services.common import CaseError, audit
from veiligeplek.cases.services.idempotency import IdempotencyKeyError, answer_once
from veiligeplek.cases.services.intake import signal_submit
from veiligeplek.domain.facts import InvalidFactsError

SIGNAL_ROLES = (Role.SIGNALLER, *PLACING_ROLES)
SUBMISSION_FIELD = "submission_token"
SUBMISSION = re.compile(r"[0-9a-f]{32}")


@role_required(*SIGNAL_ROLES)
def signal_new(request: HttpRequest) -> HttpResponse:
    """The form carries a hidden one-time token (the form's Idempotency-Key): a double submit, or
    the browser's retry after a lost connection, gives one case and the same confirmation."""
    form = SignalForm(request.POST or None, initial={"urgency": "crisis"})
    token = request.POST.get(SUBMISSION_FIELD, "") if request.method == "POST" else uuid.uuid4().hex
    if request.method == "POST" and form.is_valid():
        try:
            number = _signal_once(request, form, token)
        except IdempotencyKeyError:
            form.add_error(
                None,
                _(
                    "Dit formulier is al verzonden met andere gegevens. Kijk bij "
                    "'Mijn signalen' of verstuur het opnieuw."
                ),
            )
            token = uuid.uuid4().hex
        except InvalidFactsError as error:
            form.add_facts_error(error)
        except CaseError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("cases:signal_done", number=number)
    return render(request, "cases/signal_new.html", {"form": form, "submission_token": token})


def _signal_once(request: HttpRequest, form: SignalForm, token: str) -> str:
    data = form.cleaned_data

    def create() -> tuple[int, dict[str, Any], Case]:
        case = signal_submit(
            ctx=context_for(request, "signaal melden"),
            facts_data=form.facts_data(),
            urgency=data["urgency"],
            callback_name=data["callback_name"],
            callback_phone=data["callback_phone"],
            note=data["note"],
            identity=form.identity(),
        )
        return 302, {"number": case.number}, case

    if not SUBMISSION.fullmatch(token):  # no token (or not one of ours): no protection, one case
        return str(create()[1]["number"])
    payload = {
        name: request.POST.getlist(name)
        for name in request.POST
        if name not in (SUBMISSION_FIELD, "csrfmiddlewaretoken")
    }
    once = answer_once(
        ctx=context_for(request, "signaal melden"),
        scope=IdempotencyKey.Scope.FORM_SIGNAL,
        key=token,
        payload=payload,
        create=create,
    )
    return str(once.body["number"])


def _own_signal(request: HttpRequest, number: str) -> Case:
    try:
        return Case.objects.select_related("signal", "assigned_to").get(
            number=number, signal__submitted_by=acting_user(request)
        )
    except Case.DoesNotExist:
        raise Http404 from None


@role_required(*SIGNAL_ROLES)
@transaction.atomic
def signal_done(request: HttpRequest, number: str) -> HttpResponse:
    """What the signaller may know: the number, the status and who has it — not the case."""
    case = _own_signal(request, number)
    audit(context_for(request, "status eigen signaal"), case, Action.READ, "status")
    return render(request, "cases/signal_done.html", {"case": case})


@role_required(*SIGNAL_ROLES)
@transaction.atomic
def my_signals(request: HttpRequest) -> HttpResponse:
    audit_list(request, "eigen signalen (status)")
    cases = Case.objects.filter(signal__submitted_by=acting_user(request)).select_related("signal")
    return render(request, "cases/my_signals.html", {"cases": cases[:200]})


@role_required(*Role)
def inbox(request: HttpRequest) -> HttpResponse:
    notes = Notification.objects.filter(recipient=acting_user(request)).select_related("case")
    return render(request, "cases/inbox.html", {"notifications": notes[:200]})


@require_POST
@role_required(*Role)
def inbox_read(request: HttpRequest) -> HttpResponse:
    count = Notification.objects.filter(
        recipient=acting_user(request), read_at__isnull=True
    ).update(read_at=timezone.now())
    messages.success(request, _("%(n)s bericht(en) gelezen.") % {"n": count})
    return redirect("cases:inbox")
