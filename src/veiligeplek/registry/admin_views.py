"""Administrator pages: care-coordination regions (versioned) and the landscape import/export."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from veiligeplek.accounts.access import acting_user, role_required
from veiligeplek.accounts.roles import Role
from veiligeplek.data.landscape import LandscapeError, parse_csv, parse_xlsx, write_csv, write_xlsx
from veiligeplek.registry import selectors, services
from veiligeplek.registry.forms import LandscapeUploadForm, RegionRevisionForm
from veiligeplek.registry.models import CareRegion
from veiligeplek.registry.regions import care_region_revise


@role_required(Role.ADMINISTRATOR)
def regions(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    current = sorted(selectors.care_regions_on(today), key=lambda r: r.name)
    upcoming = CareRegion.objects.filter(valid_from__gt=today).select_related(
        "central_municipality"
    )
    return render(
        request,
        "registry/regions.html",
        {
            "today": today,
            "regions": [(r, r.municipalities.count()) for r in current],
            "upcoming": upcoming,
        },
    )


@role_required(Role.ADMINISTRATOR)
def region_revise(request: HttpRequest, code: str) -> HttpResponse:
    today = timezone.localdate()
    region = next((r for r in selectors.care_regions_on(today) if r.code == code), None)
    if region is None:
        raise Http404
    initial = {
        "name": region.name,
        "central_municipality": region.central_municipality_id,
        "municipalities": list(region.municipalities.values_list("code", flat=True)),
        "valid_from": today,
    }
    form = RegionRevisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            care_region_revise(
                acting_user=acting_user(request),
                code=code,
                name=data["name"],
                central_municipality=data["central_municipality"].code,
                municipalities=[m.code for m in data["municipalities"]],
                valid_from=data["valid_from"],
                note=data["note"],
            )
        except services.RegistryError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, _("Nieuwe versie van regio %(r)s opgeslagen.") % {"r": data["name"]}
            )
            return redirect("registry:regions")
    history = CareRegion.objects.filter(code=code).select_related("created_by")
    return render(
        request, "registry/region_revise.html", {"region": region, "form": form, "history": history}
    )


@role_required(Role.ADMINISTRATOR)
def landscape(request: HttpRequest) -> HttpResponse:
    form = LandscapeUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    summary = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            geo = services.registry_geography()
            if upload.name.lower().endswith(".xlsx"):
                rows = parse_xlsx(content, geo)
            else:
                rows = parse_csv(content.decode("utf-8-sig"), geo)
            with transaction.atomic():
                summary = services.landscape_import(acting_user=acting_user(request), rows=rows)
                if form.cleaned_data["dry_run"]:
                    transaction.set_rollback(True)
        except UnicodeDecodeError:
            problems = [_("Het bestand is geen UTF-8-tekst.")]
        except LandscapeError as exc:
            problems = [str(p) for p in exc.problems]
        except services.RegistryError as exc:
            problems = [str(exc)]
    return render(
        request,
        "registry/landscape.html",
        {
            "form": form,
            "problems": problems,
            "summary": summary,
            "dry_run": form.is_bound and form.cleaned_data.get("dry_run"),
        },
    )


@role_required(Role.ADMINISTRATOR)
def landscape_export(request: HttpRequest, fmt: str) -> HttpResponse:
    rows, names = selectors.landscape_rows(), selectors.police_unit_names()
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(write_csv(rows, names), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            write_xlsx(rows, names),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="opvanglandschap-{stamp}.{fmt}"'
    return response
