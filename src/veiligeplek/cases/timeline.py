"""Figures derived from a case's timeline, never typed in: time from signal to first placement
(any, ad hoc included) and to a suitable placement (a specialised place in the route)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from veiligeplek.cases.models import Case, TimelineEvent

Kind = TimelineEvent.Kind


@dataclass(frozen=True)
class CaseTimes:
    signal_at: dt.datetime | None
    to_pick_up: dt.timedelta | None
    to_first_placement: dt.timedelta | None
    to_suitable_placement: dt.timedelta | None


def case_times(case: Case) -> CaseTimes:
    events = list(case.timeline.all())
    signal = next((e.at for e in events if e.kind == Kind.SIGNAL), None)

    def since(predicate: Callable[[TimelineEvent], bool]) -> dt.timedelta | None:
        at = next((e.at for e in events if predicate(e)), None)
        return at - signal if at and signal else None

    return CaseTimes(
        signal_at=signal,
        to_pick_up=since(lambda e: e.kind == Kind.PICKED_UP),
        to_first_placement=since(lambda e: e.kind in (Kind.PLACED, Kind.AD_HOC)),
        to_suitable_placement=since(lambda e: e.kind == Kind.PLACED and e.detail.get("suitable")),
    )


def duration_nl(delta: dt.timedelta | None) -> str:
    if delta is None:
        return "—"
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return _("%(m)s min") % {"m": minutes}
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return _("%(h)s u %(m)s min") % {"h": hours, "m": minutes}
    return _("%(d)s dagen %(h)s u") % {"d": hours // 24, "h": hours % 24}
