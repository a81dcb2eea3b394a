from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from veiligeplek.accounts.navigation import items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    demo_mode = settings.DEMO_MODE
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "demo_mode": demo_mode}
    current = request.path
    items = items_for(user.role)
    return {
        "demo_mode": demo_mode,
        "nav_items": [
            {"label": item.label, "url": item.url, "current": item.url == current} for item in items
        ],
    }
