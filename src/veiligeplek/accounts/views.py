"""Login (password, then the second factor), logout, the account page and the home page.

The flow and its reasons are in docs/adr/0004-authentication.md.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from veiligeplek.accounts import mfa, throttle
from veiligeplek.accounts.access import acting_user, role_required
from veiligeplek.accounts.forms import CodeForm
from veiligeplek.accounts.middleware import mfa_step_url
from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.accounts.sessions import sessions_end_everywhere
from veiligeplek.cases.selectors import work_counts
from veiligeplek.registry import overview

# Wrong codes one password login may try before it has to start again with the password.
MFA_ATTEMPTS_PER_LOGIN = 5
MFA_FAILURES = "vp_mfa_failures"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if throttle.address_blocked(request):  # spraying over usernames from one address
            return lockout_response(request, None, None)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        if mfa.mfa_required(user) and throttle.password_successes_exceeded(self.request, user):
            return lockout_response(self.request, None, None)
        return super().form_valid(form)

    def get_success_url(self) -> str:
        url = super().get_success_url()
        if mfa.mfa_pending(self.request.user):
            return mfa_step_url(self.request.user, url)
        return url


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """django-axes: the answer to a locked-out username + address (HTTP 429). The same for a
    known and an unknown username, and it names no username."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        "form": AuthenticationForm(request),
        "locked_out": _(
            "Te veel mislukte inlogpogingen. Om misbruik te voorkomen kunt u over %(minutes)s "
            "minuten opnieuw inloggen. Wachtwoord vergeten? Neem contact op met uw beheerder."
        )
        % {"minutes": minutes},
    }
    return render(request, "accounts/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("accounts:home")


@login_required
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """Second step of the login: a code from the app, or a recovery code."""
    user = acting_user(request)
    if mfa.is_verified(user):
        return redirect(_next_url(request))
    if not mfa.has_confirmed_device(user):
        return redirect(mfa_step_url(user, _next_url(request)))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if throttle.code_wait_seconds(request.session) > 0:  # this login attempt only
                raise mfa.ThrottledError
            device = mfa.code_verify(user, form.cleaned_data["code"])
        except mfa.ThrottledError:
            form.add_error("code", _("Te veel onjuiste codes. Wacht even en probeer het opnieuw."))
        else:
            if device is not None:
                return _verified(request, user, device)
            if _count_failure(request):
                return redirect("accounts:login")
            form.add_error("code", _code_refused(user, form.cleaned_data["code"]))
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": _next_url(request)})


def _code_refused(user: User, code: str) -> str:
    if mfa.code_reused(user, code):
        return _(
            "Deze code is al gebruikt: een code geldt maar één keer. Wacht op de volgende "
            "code in uw app (binnen 30 seconden) en vul die in."
        )
    return _("Deze code klopt niet of is verlopen.")


def _verified(request: HttpRequest, user: User, device: TOTPDevice | StaticDevice) -> HttpResponse:
    mfa.verified_login(request, device)
    request.session.pop(MFA_FAILURES, None)
    request.session.pop(throttle.CODE_WAIT_UNTIL, None)
    if isinstance(device, StaticDevice):
        messages.warning(
            request,
            _("U heeft een herstelcode gebruikt; er zijn er nog %(n)s over.")
            % {"n": mfa.recovery_codes_left(user)},
        )
    return redirect(_next_url(request))


def _count_failure(request: HttpRequest) -> bool:
    """Count a wrong code; after too many the password login is void (returns True)."""
    failures = int(request.session.get(MFA_FAILURES, 0)) + 1
    request.session[MFA_FAILURES] = failures
    throttle.code_failure_record(request.session, failures)
    if failures < MFA_ATTEMPTS_PER_LOGIN:
        return False
    throttle.code_guessing_flag(acting_user(request), request)
    logout(request)
    messages.error(request, _("Te veel onjuiste codes. Log opnieuw in."))
    return True


@login_required
def mfa_enrol(request: HttpRequest) -> HttpResponse:
    """Link an authenticator app: QR code or typed secret, then one code to confirm."""
    user = acting_user(request)
    if mfa.confirmed_totp(user) is not None:
        return redirect(mfa_step_url(user, _next_url(request)))
    device = mfa.pending_totp(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            confirmed = mfa.enrolment_confirm(request, user, device, form.cleaned_data["code"])
        except mfa.ThrottledError:
            form.add_error("code", _("Te veel onjuiste codes. Wacht even en probeer het opnieuw."))
        else:
            if confirmed:
                codes = mfa.recovery_codes_create(user)
                return _recovery_codes_page(request, codes, _next_url(request))
            form.add_error("code", _("Deze code klopt niet of is verlopen."))
    context = {
        "form": form,
        "enrolment": mfa.enrolment_for(device),
        "next": _next_url(request),
    }
    return render(request, "accounts/mfa_enrol.html", context)


def _recovery_codes_page(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    context = {
        "totp": mfa.confirmed_totp(user),
        "mfa_required": mfa.mfa_required(user),
        "recovery_codes_left": mfa.recovery_codes_left(user),
        "idle_minutes": settings.SESSION_IDLE_SECONDS // 60,
        "absolute_hours": settings.SESSION_ABSOLUTE_SECONDS // 3600,
    }
    return render(request, "accounts/account.html", context)


@require_POST
@login_required
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if mfa.confirmed_totp(user) is None:
        return redirect("accounts:account")
    codes = mfa.recovery_codes_create(user)
    return _recovery_codes_page(request, codes, reverse("accounts:account"))


@require_POST
@login_required
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    sessions_end_everywhere(request, acting_user(request))
    messages.success(request, _("U bent op al uw apparaten uitgelogd."))
    return redirect("accounts:login")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's form (old password, new password twice, the validators in settings); the
    other sessions end because the session hash covers the password."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd."),
        )
        return response


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    now = timezone.now()
    context: dict[str, object] = {"role": user.role, **work_counts(user)}
    if user.care_region_code:
        context["region_name"] = overview.care_region_name(user.care_region_code)
    if user.role in {Role.SHELTER_STAFF}:
        context["staff_locations"] = overview.staff_location_summaries(user, now=now)
    elif user.role in {Role.SIGNALLER, Role.PRIVACY_OFFICER, ""}:
        pass
    else:
        context["national"] = overview.national_overview(now=now)
    if user.role == Role.ADMINISTRATOR:
        context["flagged_accounts"] = throttle.flagged_accounts()
    return render(request, "accounts/home.html", context)


@require_POST
@role_required(Role.ADMINISTRATOR)
def flag_clear(request: HttpRequest, user_id: int) -> HttpResponse:
    """An administrator marks a flagged account handled (checked with the user)."""
    flagged = get_object_or_404(User, pk=user_id, code_guessing_flagged_at__isnull=False)
    throttle.code_guessing_flag_clear(flagged)
    messages.success(request, _("Markering van %(u)s afgehandeld.") % {"u": flagged.get_username()})
    return redirect("accounts:home")
