from __future__ import annotations

import datetime as dt

import pytest

from veiligeplek.domain.deadlines import (
    easter_sunday,
    non_working_reason,
    public_holidays,
    reflection_reminders,
    statutory_end,
)

D = dt.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2027, D(2027, 3, 28)),
        (2038, D(2038, 4, 25)),
        (2285, D(2285, 3, 22)),
    ],
)
def test_easter_sunday_matches_the_published_dates(year: int, easter: dt.date) -> None:
    assert easter_sunday(year) == easter


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (D(2027, 1, 1), "Nieuwjaarsdag"),
        (D(2027, 3, 29), "Tweede Paasdag"),
        (D(2027, 4, 27), "Koningsdag"),
        (D(2025, 4, 26), "Koningsdag"),  # the 27th was a Sunday
        (D(2027, 5, 5), "Bevrijdingsdag"),
        (D(2027, 5, 6), "Hemelvaartsdag"),
        (D(2027, 5, 17), "Tweede Pinksterdag"),
        (D(2026, 12, 25), "Eerste Kerstdag"),
        (D(2026, 12, 26), "Tweede Kerstdag"),
        (D(2026, 11, 28), "zaterdag"),
        (D(2026, 11, 29), "zondag"),
        (D(2027, 3, 26), None),  # Good Friday is no recognised holiday (Atw art. 3)
        (D(2026, 11, 30), None),
    ],
)
def test_non_working_days_follow_the_algemene_termijnenwet(
    day: dt.date, reason: str | None
) -> None:
    assert non_working_reason(day) == reason


NAMES = (
    "Nieuwjaarsdag",
    "Tweede Paasdag",
    "Koningsdag",
    "Bevrijdingsdag",
    "Hemelvaartsdag",
    "Tweede Pinksterdag",
    "Eerste Kerstdag",
    "Tweede Kerstdag",
)


def test_every_year_names_all_eight_holidays_and_kings_day_is_never_a_sunday() -> None:
    for year in range(2000, 2100):
        holidays = public_holidays(year)
        names = " en ".join(holidays.values()).split(" en ")
        assert sorted(names) == sorted(NAMES)
        kings = next(d for d, name in holidays.items() if "Koningsdag" in name)
        assert kings.weekday() != 6


def test_ascension_day_on_liberation_day_keeps_both_names() -> None:
    assert non_working_reason(D(2016, 5, 5)) == "Bevrijdingsdag en Hemelvaartsdag"


def test_a_statutory_end_on_a_holiday_moves_to_the_next_working_day() -> None:
    end = statutory_end(D(2026, 12, 25))  # Christmas Day, then Boxing Day, then a Sunday
    assert end.effective == D(2026, 12, 28)
    assert end.rule == "D-ATW-1: 2026-12-25 is Eerste Kerstdag"
    assert statutory_end(D(2027, 2, 26)).rule is None


def test_marias_reminders_fall_14_7_and_2_days_before_on_working_days() -> None:
    reminders = reflection_reminders(D(2027, 2, 26), today=D(2026, 11, 28))
    assert [(r.on, r.days_before) for r in reminders] == [
        (D(2027, 2, 12), 14),
        (D(2027, 2, 19), 7),
        (D(2027, 2, 24), 2),
    ]
    assert all("D-REMINDER-WORKDAY" not in r.rule for r in reminders)


def test_a_reminder_on_kings_day_comes_the_working_day_before_and_says_why() -> None:
    reminders = reflection_reminders(D(2027, 4, 29), today=D(2027, 1, 1))
    two_days = next(r for r in reminders if r.days_before == 2)
    assert two_days.on == D(2027, 4, 26)
    assert "D-REMINDER-WORKDAY: 2027-04-27 is Koningsdag" in two_days.rule


def test_reminders_in_the_past_are_not_scheduled() -> None:
    reminders = reflection_reminders(D(2026, 12, 5), today=D(2026, 11, 28))
    assert [r.days_before for r in reminders] == [2]
