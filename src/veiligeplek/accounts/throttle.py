"""Guessing limits beyond django-axes' lockout per username + address (issue 12, defects 7, 8;
docs/adr/0004-authentication.md).

- **Per address, across usernames**: spraying one address's wrong passwords over many usernames
  is answered 429 once ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures from that address fall within
  the cool-off (counted from axes' own attempt rows), for every username, right or wrong.
- **Password successes per account and address**: someone who has the password can start at
  most ``LOGIN_PASSWORD_SUCCESS_LIMIT`` logins an hour for that account from one address, each
  with at most five codes, so the second factor cannot be guessed by starting over and over.
- **The code step is throttled per login attempt**, in the session (1, 2, 4 … seconds after
  each wrong code), not per device: someone else's wrong codes never slow down or block the
  real user's own login. A login voided by wrong codes flags the account: the user and the
  administrators are told by e-mail, the administrators' start page lists the account until one
  of them marks it handled, the user's account page shows it, and a warning is logged (no
  personal data).
"""

from __future__ import annotations

import datetime as dt
import logging

from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core import mail
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

from veiligeplek.accounts.models import User
from veiligeplek.accounts.roles import Role

log = logging.getLogger(__name__)
CODE_WAIT_UNTIL = "vp_mfa_wait_until"


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def address_blocked(request: HttpRequest) -> bool:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = AccessAttempt.objects.filter(
        ip_address=client_address(request), attempt_time__gte=since
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return int(failures or 0) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


def password_successes_exceeded(request: HttpRequest, user: User) -> bool:
    since = timezone.now() - dt.timedelta(hours=1)
    count = AccessLog.objects.filter(
        username=user.get_username(), ip_address=client_address(request), attempt_time__gte=since
    ).count()
    return bool(count >= settings.LOGIN_PASSWORD_SUCCESS_LIMIT)


def code_wait_seconds(session: SessionBase) -> float:
    """Seconds this login attempt must still wait before its next code (0: go ahead)."""
    until = session.get(CODE_WAIT_UNTIL)
    if not until:
        return 0.0
    return max(0.0, float(until) - timezone.now().timestamp())


def code_failure_record(session: SessionBase, failures: int) -> None:
    """After the n-th wrong code of this login attempt, wait 2^(n-1) seconds."""
    session[CODE_WAIT_UNTIL] = timezone.now().timestamp() + 2 ** (failures - 1)


def code_guessing_flag(user: User, request: HttpRequest) -> None:
    """A login with the right password was voided by wrong codes: someone may have the
    password. Tell the user and the administrators; the real user can still log in."""
    log.warning("second factor: a password login of user %s was voided by wrong codes", user.pk)
    user.code_guessing_flagged_at = timezone.now()
    User.objects.filter(pk=user.pk).update(code_guessing_flagged_at=user.code_guessing_flagged_at)
    admins = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).exclude(email="")
    addresses = [a.email for a in admins]
    body = (
        "Bij een inlogpoging op Veilige Plek met het juiste wachtwoord zijn te vaak onjuiste "
        "codes van de tweede factor ingevoerd. Was u dit niet? Wijzig dan direct uw wachtwoord "
        "en neem contact op met uw beheerder.\n\nVeilige Plek"
    )
    if user.email:
        _send("Veilige Plek: mislukte inlogpoging op uw account", body, [user.email])
    if addresses:
        _send(
            "Veilige Plek: account gemarkeerd (onjuiste codes)",
            f"Account {user.get_username()}: een inlog met het juiste wachtwoord is ongeldig "
            f"gemaakt na te veel onjuiste codes (adres {client_address(request)}). Controleer "
            "met de gebruiker of het wachtwoord gelekt is.\n\nVeilige Plek",
            addresses,
        )


def _send(subject: str, body: str, to: list[str]) -> None:
    try:
        mail.send_mail(subject, body, None, to)
    except OSError:
        log.exception("second factor: the flag e-mail could not be sent")


def flagged_accounts() -> list[User]:
    """The accounts flagged for voided logins, newest first (for the administrators)."""
    flagged = User.objects.filter(code_guessing_flagged_at__isnull=False)
    return list(flagged.select_related("organisation").order_by("-code_guessing_flagged_at"))


def code_guessing_flag_clear(user: User) -> None:
    """An administrator checked the flag with the user (e.g. the password was changed)."""
    User.objects.filter(pk=user.pk).update(code_guessing_flagged_at=None)
