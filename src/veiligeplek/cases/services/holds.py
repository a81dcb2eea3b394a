"""Open holds (reservations) per place group, for availability in matching and proposals."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from veiligeplek.cases.models import Hold
from veiligeplek.registry.models import Place

# Plain SQL: every match reads it.
ACTIVE_HOLDS_SQL = """
SELECT p.group_id, COUNT(*) FROM {holds} h JOIN {places} p ON p.id = h.place_id
WHERE h.released_at IS NULL AND h.expires_at > %s
GROUP BY p.group_id
"""


def active_holds(*, now: dt.datetime) -> dict[int, int]:
    """Place-group pk -> number of open, unexpired holds on its beds."""
    sql = ACTIVE_HOLDS_SQL.format(holds=Hold._meta.db_table, places=Place._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, [connection.ops.adapt_datetimefield_value(now)])
        return dict(cursor.fetchall())
