"""Reporting periods: a year, a quarter, a month or a custom range of days.

Written as ``2026``, ``2026-Q3``, ``2026-07`` or ``2026-01-15..2026-03-31`` (both days
included), the same on the command line, in the API and on the dashboards. A period knows the
one before it (the same length, right before it), which the reports compare with.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

EARLIEST = dt.date(2000, 1, 1)
MAX_CUSTOM_DAYS = 2 * 366
LATEST = dt.date(2100, 12, 31)


class PeriodKind(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    CUSTOM = "custom"


class PeriodError(ValueError):
    """A period that cannot be read; the message says what is accepted."""


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: dt.date  # first day, included
    end: dt.date  # last day, included

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.YEAR:
            return f"{self.start.year}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == PeriodKind.MONTH:
            return f"{self.start:%Y-%m}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list[str]:
        """The months the period touches, as ``YYYY-MM``."""
        out, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    def previous(self) -> Period:
        if self.kind == PeriodKind.YEAR:
            return year(self.start.year - 1)
        if self.kind == PeriodKind.QUARTER:
            q = (self.start.month - 1) // 3
            return quarter(self.start.year - 1, 4) if q == 0 else quarter(self.start.year, q)
        if self.kind == PeriodKind.MONTH:
            first = self.start - dt.timedelta(days=1)
            return month(first.year, first.month)
        end = self.start - dt.timedelta(days=1)
        return Period(PeriodKind.CUSTOM, end - dt.timedelta(days=self.days - 1), end)


def year(number: int) -> Period:
    return Period(PeriodKind.YEAR, dt.date(number, 1, 1), dt.date(number, 12, 31))


def quarter(number: int, q: int) -> Period:
    start = dt.date(number, 3 * (q - 1) + 1, 1)
    return Period(PeriodKind.QUARTER, start, _month_end(number, 3 * q))


def month(number: int, m: int) -> Period:
    return Period(PeriodKind.MONTH, dt.date(number, m, 1), _month_end(number, m))


def _month_end(number: int, m: int) -> dt.date:
    nxt = dt.date(number + 1, 1, 1) if m == 12 else dt.date(number, m + 1, 1)
    return nxt - dt.timedelta(days=1)


_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_CUSTOM = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")

ACCEPTED = "2026, 2026-Q3, 2026-07 of 2026-01-01..2026-03-31"


def parse_period(text: str) -> Period:
    """Read a period; raise ``PeriodError`` (Dutch message) for anything else."""
    value = text.strip()
    year_part = value[:4]
    if year_part.isdigit() and not EARLIEST.year <= int(year_part) <= LATEST.year:
        raise PeriodError(f"een periode ligt tussen {EARLIEST.year} en {LATEST.year}")
    if m := _YEAR.match(value):
        period = year(int(m[1]))
    elif m := _QUARTER.match(value):
        period = quarter(int(m[1]), int(m[2]))
    elif m := _MONTH.match(value):
        period = month(int(m[1]), int(m[2]))
    elif m := _CUSTOM.match(value):
        try:
            start, end = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
        except ValueError as error:
            raise PeriodError(f"geen bestaande datum in {value!r}") from error
        if end < start:
            raise PeriodError("de einddatum ligt voor de begindatum")
        if (end - start).days > MAX_CUSTOM_DAYS:
            raise PeriodError(f"een eigen periode duurt hoogstens {MAX_CUSTOM_DAYS} dagen")
        period = Period(PeriodKind.CUSTOM, start, end)
    else:
        raise PeriodError(f"onbekende periode {value!r}; gebruik {ACCEPTED}")
    if period.start < EARLIEST or period.end > LATEST:
        raise PeriodError(f"een periode ligt tussen {EARLIEST.year} en {LATEST.year}")
    return period
