"""Deadlines and reminders, with Dutch public holidays.

Rules (ids are recorded on every scheduled deadline):
- D-ATW-1: a statutory term that ends on a Saturday, Sunday or generally recognised holiday is
  extended to the next day that is none of these (Algemene termijnenwet, art. 1). Shown beside
  the reflection period's end date, which itself stays as the rule set computes it.
- D-ATW-3: generally recognised holidays are New Year's Day, Easter Monday, Ascension Day,
  Whit Monday, Christmas Day and Boxing Day, King's Day (27 April, 26 April when the 27th is a
  Sunday) and Liberation Day (5 May) (Algemene termijnenwet, art. 3; Good Friday is not one).
- D-REMINDER-WORKDAY: a reminder that would fall on a weekend day or holiday is sent on the
  working day before, so that offices are open when it arrives (policy of Veilige Plek).
- D-REFLECTION-REMINDERS: reminders 14, 7 and 2 days before the reflection period ends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

REFLECTION_REMINDER_DAYS = (14, 7, 2)


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@cache
def public_holidays(year: int) -> dict[dt.date, str]:
    """The generally recognised holidays of Algemene termijnenwet art. 3, with Dutch names."""
    easter = easter_sunday(year)
    kings_day = dt.date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = dt.date(year, 4, 26)
    holidays: dict[dt.date, str] = {}
    for day, name in (
        (dt.date(year, 1, 1), "Nieuwjaarsdag"),
        (easter + dt.timedelta(days=1), "Tweede Paasdag"),
        (kings_day, "Koningsdag"),
        (dt.date(year, 5, 5), "Bevrijdingsdag"),
        (easter + dt.timedelta(days=39), "Hemelvaartsdag"),
        (easter + dt.timedelta(days=50), "Tweede Pinksterdag"),
        (dt.date(year, 12, 25), "Eerste Kerstdag"),
        (dt.date(year, 12, 26), "Tweede Kerstdag"),
    ):
        # Ascension Day can fall on 5 May (2005, 2016): one day, both names.
        holidays[day] = f"{holidays[day]} en {name}" if day in holidays else name
    return holidays


def non_working_reason(day: dt.date) -> str | None:
    """Why ``day`` is no working day ("zaterdag", "Koningsdag" …), or None."""
    holiday = public_holidays(day.year).get(day)
    if holiday:
        return holiday
    if day.weekday() == 5:
        return "zaterdag"
    if day.weekday() == 6:
        return "zondag"
    return None


def next_working_day(day: dt.date) -> dt.date:
    while non_working_reason(day):
        day += dt.timedelta(days=1)
    return day


def previous_working_day(day: dt.date) -> dt.date:
    while non_working_reason(day):
        day -= dt.timedelta(days=1)
    return day


@dataclass(frozen=True)
class StatutoryEnd:
    computed: dt.date
    effective: dt.date
    rule: str | None  # D-ATW-1 with the reason, when the end moved


def statutory_end(day: dt.date) -> StatutoryEnd:
    """The end of a statutory term, extended past weekends and holidays (D-ATW-1)."""
    reason = non_working_reason(day)
    if reason is None:
        return StatutoryEnd(day, day, None)
    effective = next_working_day(day)
    return StatutoryEnd(day, effective, f"D-ATW-1: {day.isoformat()} is {reason}")


@dataclass(frozen=True)
class Reminder:
    on: dt.date
    days_before: int
    rule: str


def reflection_reminders(ends_on: dt.date, *, today: dt.date) -> list[Reminder]:
    """Reminders 14, 7 and 2 days before the end, on working days, none in the past."""
    reminders = []
    for days in REFLECTION_REMINDER_DAYS:
        planned = ends_on - dt.timedelta(days=days)
        reason = non_working_reason(planned)
        day = previous_working_day(planned)
        rule = "D-REFLECTION-REMINDERS"
        if reason:
            rule += f"; D-REMINDER-WORKDAY: {planned.isoformat()} is {reason}"
        if day >= today:
            reminders.append(Reminder(on=day, days_before=days, rule=rule))
    return reminders
