"""Login, logout and the role-aware home page."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role
from veiligeplek.registry import overview


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required guarantees it
    now = timezone.now()
    context: dict[str, object] = {"role": user.role}
    if user.role in {Role.SHELTER_STAFF}:
        context["staff_locations"] = overview.staff_location_summaries(user, now=now)
    elif user.role in {Role.SIGNALLER, Role.PRIVACY_OFFICER, ""}:
        pass
    else:
        context["national"] = overview.national_overview(now=now)
    return render(request, "accounts/home.html", context)
