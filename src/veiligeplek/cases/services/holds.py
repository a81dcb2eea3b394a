"""Open holds (reservations) per place group, for availability in matching and proposals."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count

from veiligeplek.cases.models import Hold


def active_holds(*, now: dt.datetime) -> dict[int, int]:
    """Place-group pk -> number of open, unexpired holds on its beds."""
    rows = (
        Hold.objects.filter(released_at__isnull=True, expires_at__gt=now)
        .values("place__group_id")
        .annotate(n=Count("id"))
    )
    return {row["place__group_id"]: row["n"] for row in rows}
