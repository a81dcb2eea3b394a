"""A year and its quarters, read by an aggregate-only reader, cannot be differenced against
each other (ADR 0010, "across periods"): the year minus three quarters gives no cell of the
fourth that was suppressed there, and every cell shown in two of the five answers is shown the
same way.

The world: a fictitious year of demo history (2025, through the real services) at a low rate,
so that many cells are small and many suppressed. The check runs in ``test_scopes.py``, on the
same history loaded once for this and for a region read with the country.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

import pytest

from veiligeplek.demo.history import demo_history_load
from veiligeplek.domain import disclosure
from veiligeplek.domain.disclosure import TOTAL, CountTable, PublishedCell, PublishedTable
from veiligeplek.domain.periods import Period, parse_period, quarter, year
from veiligeplek.monitor import figures as f
from veiligeplek.monitor.scope import parse_scope
from veiligeplek.monitor.statistics import statistics_for

pytestmark = pytest.mark.django_db

YEAR = 2025
PERIODS = (year(YEAR), *(quarter(YEAR, q) for q in range(1, 5)))


@pytest.fixture
def history() -> None:
    end = dt.datetime(YEAR + 1, 1, 1, 0, 30, tzinfo=dt.UTC)
    demo_history_load(years=0, days=366, per_year=400, seed=5, end=end)


def read_together(answers: Sequence[Sequence[PublishedTable]]) -> list[PublishedTable]:
    """What a reader holds after reading the year (first) and its four quarters: each table
    with a leading quarter dimension. A month outside a quarter is a zero she knows."""
    whole, *quarters = answers
    out = []
    for published in whole:
        t = published.table
        cells = {(TOTAL, *c.key): c.count for c in published.cells}
        for label, answer in zip(f.QUARTERS, quarters, strict=True):
            part = next(p for p in answer if p.table.id == t.id)
            cells.update({(label, *c.key): c.count for c in part.cells})
        values = (f.QUARTERS, *t.values)
        keys = itertools.product(*((*v, TOTAL) for v in values))
        joint = CountTable(t.id, t.population, ("quarter", *t.dimensions), values)
        out.append(PublishedTable(joint, tuple(PublishedCell(k, cells.get(k, 0)) for k in keys)))
    return out


def protected_apart(period: Period, code: str) -> tuple[PublishedTable, ...]:
    """Each period protected on its own, as before the year's joint catalogue."""
    counts = f.count_tables(f.context(period, parse_scope(code)))
    return disclosure.protect(counts, hierarchies=f.LINKS, implications=f.IMPLICATIONS)


def the_year_and_its_quarters_together_give_no_suppressed_cell_away() -> None:
    """Checked on the history of ``tests/monitor/test_scopes.py``, which loads it once for
    this and for a region read with the country (a load takes about a minute)."""
    for code in ("national", "VT13"):
        scope = parse_scope(code)
        answers = [statistics_for(p, scope, exact=False).tables for p in PERIODS]
        suppressed = sum(c.count is None for a in answers for t in a for c in t.cells)
        assert suppressed > 100  # a world where the question matters
        assert (
            disclosure.violations(
                read_together(answers), hierarchies=f.LINKS, implications=f.IMPLICATIONS
            )
            == []
        )
        # Each answer shows exactly what the period holds, where it shows a count.
        for period, answer in zip(PERIODS, answers, strict=True):
            exact = statistics_for(period, scope, exact=True)
            for published in answer:
                truth = exact.table(published.table.id)
                assert [c.key for c in published.cells] == [c.key for c in truth.cells]
                for cell, true in zip(published.cells, truth.cells, strict=True):
                    assert cell.count in (None, true.count)
    # Why the joint catalogue: the five periods protected one by one can be differenced
    # here (so the check above can fail).
    apart = read_together([protected_apart(p, "national") for p in PERIODS])
    narrow = disclosure.violations(apart, hierarchies=f.LINKS, implications=f.IMPLICATIONS)
    assert narrow and all(v.kind == "narrow_range" for v in narrow)


def test_a_month_is_never_protected_on_its_own() -> None:
    """Every door refuses a month to an aggregate-only reader; the computation refuses too,
    rather than protect it apart from its quarter and year."""
    with pytest.raises(ValueError, match="period: zonder inzage"):
        statistics_for(parse_period("2025-03"), parse_scope("national"), exact=False)
