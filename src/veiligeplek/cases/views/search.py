"""The search page: from entered facts, every place in the country, suitable and free first.

The facts are posted, never put in a link (they describe a victim). The routing decision and
the match are computed on the whole registry; the filters (category, care region, only free)
narrow the list shown but never the outcome: a national gap or "no capacity" is stated as such
whatever the filters hide, and the page says how many suitable places the filters hide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veiligeplek.accounts.access import acting_user, role_required
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import PHONE_ROLES, PLACING_ROLES
from veiligeplek.cases.forms import CaseFactsForm
from veiligeplek.cases.models import MatchSearch
from veiligeplek.cases.routing import Routed, routing_decide
from veiligeplek.cases.views.places import match_shown, places_context
from veiligeplek.domain.enums import CATEGORY_LABELS_NL, PlaceCategory
from veiligeplek.domain.facts import InvalidFactsError
from veiligeplek.domain.geography import RegionTable
from veiligeplek.domain.matching import MatchResult, PlaceMatch
from veiligeplek.forms import StyledForm
from veiligeplek.registry.models import CareRegion
from veiligeplek.registry.selectors import care_regions_on


class SearchFilterForm(StyledForm):
    category = forms.MultipleChoiceField(
        label=_("Categorie"),
        required=False,
        choices=[(c.value, _(CATEGORY_LABELS_NL[c])) for c in PlaceCategory],
        widget=forms.CheckboxSelectMultiple,
    )
    region = forms.ChoiceField(label=_("Zorgregio van de plek"), required=False)
    only_free = forms.BooleanField(label=_("Alleen plekken met een vrij bed"), required=False)

    def __init__(self, *args: Any, regions: Sequence[CareRegion], **kwargs: Any) -> None:
        super().__init__(*args, prefix="filter", **kwargs)
        choices: list[tuple[str, Any]] = [("", _("Heel Nederland"))]
        choices += sorted(((r.code, r.name) for r in regions), key=lambda c: c[1])
        region: Any = self.fields["region"]
        region.choices = choices


@dataclass(frozen=True)
class Filters:
    categories: frozenset[str] = frozenset()
    region: str = ""
    only_free: bool = False

    @classmethod
    def from_form(cls, form: SearchFilterForm) -> Filters:
        if not form.is_bound or not form.is_valid():
            return cls()
        data = form.cleaned_data
        return cls(frozenset(data["category"]), data["region"], data["only_free"])

    @property
    def active(self) -> bool:
        return bool(self.categories or self.region or self.only_free)

    def keeps(self, match: PlaceMatch, regions: RegionTable) -> bool:
        place = match.place
        if self.categories and place.category.value not in self.categories:
            return False
        if self.region and regions.municipality(place.municipality).care_region != self.region:
            return False
        return not (self.only_free and match.available <= 0)


@role_required(*PLACING_ROLES)
def search_page(request: HttpRequest) -> HttpResponse:
    """Enter the facts; see the route and every place, with filters that narrow the list."""
    today = timezone.localdate()
    form = CaseFactsForm(request.POST or None)
    filters = SearchFilterForm(request.POST or None, regions=care_regions_on(today))
    context: dict[str, Any] = {"form": form, "filters": filters, "view": None, "result": None}
    if request.method == "POST" and form.is_valid():
        try:
            routed = routing_decide(form.facts_data(), today=today)
        except InvalidFactsError as error:
            form.add_facts_error(error)
        else:
            context |= search_context(routed, Filters.from_form(filters), acting_user(request))
            context["facts_hidden"] = posted_facts(request, form.fields)
    response = render(request, "cases/search.html", context)
    response["Cache-Control"] = "no-store"  # the facts describe a victim
    return response


def search_context(routed: Routed, filters: Filters, user: User) -> dict[str, Any]:
    """The context of ``_decision.html`` and ``_matches.html``, plus what the filters hide."""
    now = timezone.now()
    result = match_shown(routed, user, now=now, channel=MatchSearch.Channel.SEARCH_PAGE)
    stale_after: dt.timedelta = settings.AVAILABILITY_STALE_AFTER
    return {
        **places_context(
            routed,
            result,
            show_phone=user.role in PHONE_ROLES,
            shown=lambda m: filters.keeps(m, routed.regions),
        ),
        "case": None,
        "can_refer": False,
        "place_authorities": set(),
        "group_pks": {},
        "open_unsuitable": result.national_gap,
        "filtered": filters.active,
        "counts": counts(result, filters, routed.regions),
        "searched_at": now,
        "stale_hours": int(stale_after.total_seconds() // 3600),
    }


def counts(result: MatchResult, filters: Filters, regions: RegionTable) -> dict[str, int]:
    """Groups, suitable groups and suitable groups with a bed free: in all and shown."""
    shown = [m for m in result.places if filters.keeps(m, regions)]
    return {
        "total": len(result.places),
        "shown": len(shown),
        "eligible": sum(m.eligible for m in result.places),
        "eligible_shown": sum(m.eligible for m in shown),
        "placeable": sum(m.placeable for m in result.places),
        "placeable_shown": sum(m.placeable for m in shown),
    }


def posted_facts(request: HttpRequest, names: Collection[str]) -> list[tuple[str, str]]:
    """The posted facts as hidden (name, value) pairs, so that a filter re-posts them."""
    return [(name, value) for name in names for value in request.POST.getlist(name)]
