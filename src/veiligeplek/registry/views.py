"""Registry pages: the national overview and map, shelter availability, regions, import/export."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST

from veiligeplek.accounts.access import acting_user, role_required
from veiligeplek.accounts.roles import OVERVIEW_ROLES, Role
from veiligeplek.domain.enums import CATEGORY_LABELS_NL, PlaceCategory
from veiligeplek.domain.geography import RegionTable
from veiligeplek.monitor import access as monitor_access
from veiligeplek.monitor.dashboard import SUPPRESSED_LABEL
from veiligeplek.monitor.labels import label
from veiligeplek.monitor.scope import parse_scope
from veiligeplek.monitor.statistics import gap_box
from veiligeplek.registry import matching_cache, overview, selectors, services
from veiligeplek.registry.maps import HEIGHT, WIDTH, MapPoint, municipality_paths, spread
from veiligeplek.registry.models import Place, PlaceGroup


def _filters(request: HttpRequest) -> overview.Filters:
    valid = {c.value for c in PlaceCategory}
    return overview.Filters(
        categories=frozenset(c for c in request.GET.getlist("categorie") if c in valid),
        region=request.GET.get("regio", "").strip(),
        only_free=request.GET.get("alleen_vrij") == "1",
    )


@role_required(*OVERVIEW_ROLES)
def overview_page(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    filters = _filters(request)
    data = overview.national_overview(now=now, filters=filters)
    return render(
        request,
        "registry/overview.html",
        {
            "data": data,
            "filters": filters,
            "category_choices": [(c.value, CATEGORY_LABELS_NL[c]) for c in PlaceCategory],
            "region_choices": sorted(
                ((r.code, r.name) for r in selectors.care_regions_on(timezone.localdate(now))),
                key=lambda r: r[1],
            ),
            "colours": overview.CATEGORY_COLOURS,
            "query": request.GET.urlencode(),
            "gaps": _gaps(request, timezone.localdate(now)),
        },
    )


def _gaps(request: HttpRequest, today: dt.date) -> dict[str, object]:
    """The "Tekorten" box from the monitoring's protected national figures of this year (the
    same cells the monitoring publishes); exact only where the monitoring's access rules give
    the role every case behind them (ADR 0010)."""
    user = acting_user(request)
    exact = monitor_access.sees_exact(user, parse_scope("national"))
    box = gap_box(today=today, exact=exact, insider=monitor_access.insider_region(user))

    def shown(count: int | None) -> str:
        return SUPPRESSED_LABEL if count is None else str(count)

    return {
        "year": box.year,
        "exact": box.exact,
        "monitor_link": monitor_access.may_monitor(user),
        "national_gap_cases": shown(box.national_gap_cases),
        "ad_hoc_by_kind": [(label("ad_hoc_kind", k), shown(n)) for k, n in box.ad_hoc_by_kind],
        "declines_by_reason": [
            (label("decline_reason", r), shown(n)) for r, n in box.declines_by_reason
        ],
    }


@gzip_page
@role_required(*OVERVIEW_ROLES)
def overview_map(request: HttpRequest) -> HttpResponse:
    """The map as SVG (no CSRF token or personal data in it, so compressing it is safe)."""
    now = timezone.now()
    filters = _filters(request)
    data = overview.national_overview(now=now, filters=filters)
    table = matching_cache.region_table_on(timezone.localdate(now))
    highlight = {c for c, m in table.municipalities.items() if m.care_region == filters.region}
    response = render(
        request,
        "registry/map.svg",
        {
            "width": WIDTH,
            "height": HEIGHT,
            "paths": sorted(municipality_paths().items()),
            "highlight": highlight,
            "points": _points(data.rows, table),
            "title": _("Kaart van Nederland met opvanglocaties per categorie"),
        },
        content_type="image/svg+xml; charset=utf-8",
    )
    response["Cache-Control"] = "private, max-age=60"
    return response


def _points(rows: list[overview.GroupRow], table: RegionTable) -> list[MapPoint]:
    by_town: dict[str, list[overview.GroupRow]] = {}
    for row in rows:
        by_town.setdefault(row.municipality_code, []).append(row)
    points = []
    for code, town_rows in sorted(by_town.items()):
        municipality = table.municipality(code)
        for index, row in enumerate(town_rows):
            x, y = spread(municipality.lat, municipality.lon, index, len(town_rows))
            free = _("verouderd") if row.stale else str(row.beds_free)
            points.append(
                MapPoint(
                    x=x,
                    y=y,
                    radius=round(3 + row.capacity_max**0.5, 1),
                    colour=overview.CATEGORY_COLOURS[PlaceCategory(row.category)],
                    label=f"{row.organisation}, {row.municipality} — {row.category_label}: "
                    f"{row.capacity_label} {_('plekken')}, {_('vrij')}: {free}",
                    category=row.category,
                )
            )
    return points


@role_required(Role.SHELTER_STAFF)
def my_availability(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    locations = overview.staff_location_summaries(user, now=timezone.now())
    beds = {
        group.pk: list(Place.objects.filter(group_id=group.pk).order_by("number"))
        for location in locations
        for group in location.groups
    }
    return render(
        request,
        "registry/my_availability.html",
        {
            "locations": locations,
            "beds": beds,
            "statuses": Place.Status.choices,
            "stale_hours": int(settings.AVAILABILITY_STALE_AFTER.total_seconds() // 3600),
        },
    )


def _back_to_availability(request: HttpRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("registry:my_availability")


@require_POST
@role_required(Role.SHELTER_STAFF)
def place_status(request: HttpRequest, place_id: int) -> HttpResponse:
    status = request.POST.get("status", "")
    try:
        place = services.place_set_status(
            acting_user=acting_user(request), place_id=place_id, status=status
        )
    except services.RegistryError as exc:
        if request.headers.get("HX-Request"):  # say it where the confirmation goes
            response = HttpResponse(escape(exc.message))
            response["HX-Retarget"], response["HX-Reswap"] = "#vp-bed-status", "innerHTML"
            return response
        messages.error(request, exc.message)
        return redirect("registry:my_availability")
    label = Place.Status(place.status).label
    group = PlaceGroup.objects.select_related("location").get(pk=place.group_id)
    confirmation = _("%(group)s — Bed %(n)s: %(s)s.") % {
        "group": f"{group.location.name}, {CATEGORY_LABELS_NL[PlaceCategory(group.category)]}",
        "n": place.number,
        "s": label,
    }
    if request.headers.get("HX-Request"):  # a tap on a phone: swap this bed, keep the page
        return render(
            request, "registry/_bed_swap.html", {"bed": place, "confirmation": confirmation}
        )
    return _back_to_availability(request, confirmation)


@require_POST
@role_required(Role.SHELTER_STAFF)
def group_other(request: HttpRequest, group_id: int) -> HttpResponse:
    try:
        count = int(request.POST.get("count", ""))
    except ValueError:
        messages.error(request, _("Aantal: vul een geheel getal in."))
        return redirect("registry:my_availability")
    try:
        services.group_set_other_target_group(
            acting_user=acting_user(request), group_id=group_id, count=count
        )
    except services.RegistryError as exc:
        messages.error(request, _("Aantal: %(m)s") % {"m": exc.message})
        return redirect("registry:my_availability")
    return _back_to_availability(
        request, _("%(n)s bed(den) in gebruik door andere doelgroepen.") % {"n": count}
    )


@require_POST
@role_required(Role.SHELTER_STAFF)
def location_confirm(request: HttpRequest, location_id: int) -> HttpResponse:
    location = services.location_confirm_availability(
        acting_user=acting_user(request), location_id=location_id
    )
    return _back_to_availability(
        request, _("Beschikbaarheid van %(l)s bevestigd.") % {"l": location.name}
    )
