from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from veiligeplek.accounts.mfa import mfa_pending
from veiligeplek.accounts.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu for the user's role; none while the second factor is still owed."""
    user = getattr(request, "user", None)
    demo_mode = settings.DEMO_MODE
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "demo_mode": demo_mode, "mfa_pending": False}
    if mfa_pending(user):
        return {"nav_items": [], "demo_mode": demo_mode, "mfa_pending": True}
    current = request.path
    items = items_for(user.role)
    return {
        "demo_mode": demo_mode,
        "mfa_pending": False,
        "nav_items": [
            {"label": item.label, "url": item.url, "current": item.url == current} for item in items
        ],
    }
