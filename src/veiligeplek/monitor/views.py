"""The monitoring dashboard: the catalogue for a period and scope the user picks, as charts
with the table behind each, for the roles and scopes of ``monitor.access``."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from veiligeplek.accounts.access import acting_user, role_required
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import SIMULATION_ROLES
from veiligeplek.audit.services import AuditContext
from veiligeplek.domain.periods import PeriodError, parse_period
from veiligeplek.forms import StyledForm
from veiligeplek.monitor import reports, simulations
from veiligeplek.monitor.access import (
    MONITOR_ROLES,
    PERIOD_REFUSED,
    home_scope_code,
    insider_region,
    may_see,
    period_allowed,
    sees_exact,
)
from veiligeplek.monitor.dashboard import dashboard as build_dashboard
from veiligeplek.monitor.models import ReportRun, SimulationRun
from veiligeplek.monitor.scope import ScopeError, parse_scope, regions_now
from veiligeplek.monitor.statistics import statistics_for
from veiligeplek.simulation.scenario import ScenarioError


def scope_choices(user: User) -> list[tuple[str, str]]:
    table = regions_now()
    choices = [("national", str(_("Nederland (landelijk)")))]
    for code in sorted(table.regions):
        scope = parse_scope(code, table)
        if may_see(user, scope):
            choices.append((code, f"{scope.name} ({code})"))
    return choices


class MonitorForm(StyledForm):
    period = forms.CharField(
        label=_("Periode"),
        max_length=30,
        help_text=_(
            "Een jaar (2026), kwartaal (2026-Q3), maand (2026-07) of 2026-01-01..2026-03-31"
        ),
    )
    scope = forms.ChoiceField(label=_("Gebied"), choices=())

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scope_choices(user)  # type: ignore[attr-defined]

    def clean_period(self) -> str:
        value: str = self.cleaned_data["period"]
        try:
            parse_period(value)
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from error
        return value


@role_required(*MONITOR_ROLES)
def monitor_dashboard(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    now = timezone.now()
    data = request.GET.copy()
    data.setdefault("period", str(timezone.localdate().year))
    data.setdefault("scope", home_scope_code(user))
    form = MonitorForm(data, user=user)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        period = parse_period(form.cleaned_data["period"])
        try:
            scope = parse_scope(form.cleaned_data["scope"])
        except ScopeError as error:
            raise Http404 from error
        if not may_see(user, scope):
            raise Http404
        exact = sees_exact(user, scope)
        if not period_allowed(period, exact=exact):
            form.add_error("period", PERIOD_REFUSED)
            return render(request, "monitor/dashboard.html", {"form": form})
        insider = insider_region(user)
        stats = statistics_for(period, scope, exact=exact, insider=insider)
        # The registry's own sections (freshness, occupancy) are at most five minutes old.
        key = (
            period,
            scope.code,
            exact,
            insider,
            stats.threshold,
            stats.as_of,  # one computed answer: a new one has another time
            get_language(),
            int(now.timestamp()) // 300,
        )
        context.update(
            stats=stats,
            period=period,
            scope=scope,
            board=build_dashboard(stats, now=now, cache_key=key),
        )
    return render(request, "monitor/dashboard.html", context)


class ReportForm(MonitorForm):
    file_format = forms.ChoiceField(label=_("Formaat"), choices=[("pdf", "PDF"), ("xlsx", "XLSX")])
    language = forms.ChoiceField(label=_("Taal"), choices=[("nl", "Nederlands"), ("en", "English")])


@role_required(*MONITOR_ROLES)
def report_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if request.method == "POST":
        form = ReportForm(request.POST, user=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                run = reports.report_request(
                    user=user,
                    period=data["period"],
                    scope=data["scope"],
                    file_format=data["file_format"],
                    language=data["language"],
                )
            except reports.ReportRefusedError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return redirect("monitor:report", run_id=run.pk)
    else:
        form = ReportForm(
            initial={
                "period": _last_quarter_label(),
                "scope": home_scope_code(user),
                "file_format": "pdf",
                "language": "nl",
            },
            user=user,
        )
    runs = ReportRun.objects.filter(requested_by=user).defer("content")[:10]
    scheduled = ReportRun.objects.filter(scheduled=True, status=ReportRun.Status.DONE).defer(
        "content"
    )[:8]
    return render(
        request, "monitor/reports.html", {"form": form, "runs": runs, "scheduled": scheduled}
    )


def _last_quarter_label() -> str:
    return reports.last_quarter(timezone.localdate()).label


def _run_for(user: User, run_id: int) -> ReportRun:
    run = reports.visible_run(user, run_id)
    if run is None:
        raise Http404
    return run


@role_required(*MONITOR_ROLES)
def report_status(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run_for(acting_user(request), run_id)
    return render(request, "monitor/report_status.html", {"run": run})


@role_required(*MONITOR_ROLES)
def report_file(request: HttpRequest, run_id: int) -> HttpResponse:
    user = acting_user(request)
    run = _run_for(user, run_id)
    if run.status != ReportRun.Status.DONE:
        raise Http404
    content = reports.report_download(
        ctx=AuditContext(user=user, client_address=request.META.get("REMOTE_ADDR", "")), run=run
    )
    kind = {
        "pdf": "application/pdf",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(content, content_type=kind[run.file_format])
    response["Content-Disposition"] = f'attachment; filename="{run.filename}"'
    return response


class SimulationForm(StyledForm):
    scenario = forms.ChoiceField(label=_("Scenario"), required=False)
    upload = forms.FileField(
        label=_("Of een eigen scenariobestand (TOML)"),
        required=False,
        help_text=_("In de vorm van de meegeleverde scenario's; maximaal 200 kB"),
    )
    replications = forms.IntegerField(
        label=_("Herhalingen"),
        min_value=2,
        max_value=simulations.MAX_REPLICATIONS,
        initial=30,
        help_text=_(
            "Meer herhalingen geven smallere betrouwbaarheidsintervallen maar duren langer"
        ),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *simulations.shipped()]
        self.fields["scenario"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        upload = data.get("upload")
        if not data.get("scenario") and not upload:
            raise forms.ValidationError(_("Kies een scenario of upload een bestand."))
        if upload is not None and getattr(upload, "size", 0) > 200_000:
            self.add_error("upload", _("Het bestand is groter dan 200 kB."))
        return data


@role_required(*SIMULATION_ROLES)
def simulation_page(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    form = SimulationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("upload")
        try:
            text = upload.read().decode("utf-8") if upload else None
            simulations.simulation_request(
                user=user,
                source=upload.name if upload else form.cleaned_data["scenario"],
                text=text,
                replications=form.cleaned_data["replications"],
            )
        except UnicodeDecodeError:
            form.add_error("upload", _("Het bestand is geen UTF-8-tekst."))
        except ScenarioError as error:
            form.add_error("upload" if upload else "scenario", str(error))
        else:
            return redirect("monitor:simulations")
    runs = list(SimulationRun.objects.filter(requested_by=user)[:12])
    chosen = [r for r in runs if str(r.pk) in request.GET.getlist("vergelijk")] or runs[:4]
    return render(
        request,
        "monitor/simulations.html",
        {
            "form": form,
            "runs": runs,
            "busy": any(r.status in {"queued", "running"} for r in runs),
            "compare": simulations.comparison(chosen),
            "chosen": {r.pk for r in chosen},
        },
    )
