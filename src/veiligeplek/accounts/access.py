"""Access by role for pages and API operations. Refusals answer 404, like a missing page, so
that a person outside the need-to-know cannot learn that something exists."""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import wraps
from typing import Concatenate, cast

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role


def user_has_role(user: object, roles: Collection[Role]) -> bool:
    return isinstance(user, User) and user.is_active and user.role in roles


def role_required[**P](
    *roles: Role,
) -> Callable[
    [Callable[Concatenate[HttpRequest, P], HttpResponse]],
    Callable[Concatenate[HttpRequest, P], HttpResponse],
]:
    """Require login (redirect) and one of ``roles`` (404 otherwise)."""

    def decorator(
        view: Callable[Concatenate[HttpRequest, P], HttpResponse],
    ) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_role(request.user, roles):
                raise Http404
            return view(request, *args, **kwargs)

        return cast(Callable[Concatenate[HttpRequest, P], HttpResponse], wrapper)

    return decorator


def acting_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user
