"""Pages of the referral workflow: routing (and, with matching, the search for a place)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from veiligeplek.accounts.access import role_required
from veiligeplek.accounts.roles import ROUTING_ROLES
from veiligeplek.cases.forms import CaseFactsForm
from veiligeplek.cases.presenters import present
from veiligeplek.cases.routing import routing_decide
from veiligeplek.domain.facts import InvalidFactsError


@role_required(*ROUTING_ROLES)
def routing_page(request: HttpRequest) -> HttpResponse:
    """Enter the facts; see track, legal basis, who is responsible, who places, by when, why."""
    form = CaseFactsForm(request.POST or None)
    view = None
    if request.method == "POST" and form.is_valid():
        try:
            routed = routing_decide(form.facts_data(), today=timezone.localdate())
        except InvalidFactsError as error:
            form.add_facts_error(error)
        else:
            view = present(routed.decision, routed.regions)
    return render(request, "cases/routing.html", {"form": form, "view": view})
