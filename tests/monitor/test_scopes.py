"""A municipality's policy officer reads her region's figures and the national ones, both
through the disclosure control: read together, the two give no suppressed cell away (ADR 0010,
"across scopes"). Protected one by one, they did: a region's cell hidden in its own view but
narrowed by the national margins, or the other way round.

The world: a fictitious year of demo history (2025, through the real services) at a low rate,
so that many cells are small and many suppressed.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from tests.monitor.test_quarters import (
    PERIODS,
    YEAR,
    history,
    read_together,
    the_year_and_its_quarters_together_give_no_suppressed_cell_away,
)
from veiligeplek.domain import disclosure
from veiligeplek.domain.disclosure import TOTAL, CountTable, PublishedCell, PublishedTable
from veiligeplek.monitor import figures as f
from veiligeplek.monitor.scope import parse_scope
from veiligeplek.monitor.statistics import statistics_for

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
__all__ = ["history"]  # the fixture of the year's test, loaded once for both

REGION = "VT10"  # in this world protected on its own, the country narrows 72 of its cells


def in_national_shape(
    answer: Sequence[PublishedTable], national: Sequence[PublishedTable]
) -> list[PublishedTable]:
    """The region's tables in the shape of the national ones: another region's cells are
    zeros she knows (her scope has nobody there), unless the table hides every cell."""
    out = []
    for mine, theirs in zip(answer, national, strict=True):
        t = theirs.table
        own = dict(zip((c.key for c in mine.cells), (c.count for c in mine.cells), strict=True))
        region = t.dimensions.index("region") if "region" in t.dimensions else None
        says_nothing = all(n is None for n in own.values())  # hidden whole: zeros too
        cells = []
        for c in theirs.cells:
            outside = region is not None and c.key[region] not in (TOTAL, REGION, f.UNKNOWN)
            zero = None if says_nothing else 0
            cells.append(PublishedCell(c.key, zero if outside else own[c.key]))
        out.append(PublishedTable(t, tuple(cells)))
    return out


def true_counts(scope: str) -> list[CountTable]:
    """The year's counts by quarter of ``scope``, in the national shape (what only an auditor
    has)."""
    part = None if scope == "national" else parse_scope(scope)
    return f.count_tables_by_quarter(YEAR, parse_scope("national"), part=part)


def test_the_year_its_quarters_and_her_region_read_together_give_no_suppressed_cell_away(
    history: None,
) -> None:
    the_year_and_its_quarters_together_give_no_suppressed_cell_away()  # on the same history
    national = read_together(
        [statistics_for(p, parse_scope("national"), exact=False).tables for p in PERIODS]
    )
    region = read_together(
        [statistics_for(p, parse_scope(REGION), exact=False).tables for p in PERIODS]
    )
    assert sum(c.count is None for t in region for c in t.cells) > 100  # it matters here
    mine = in_national_shape(region, national)
    own = {"region": (REGION,)}
    country, truth = true_counts("national"), true_counts(REGION)
    rest = disclosure.rest_of(country, truth)
    assert (
        disclosure.part_violations(
            national, mine, rest, all_in_part=own, hierarchies=f.LINKS, implications=f.IMPLICATIONS
        )
        == []
    )
    # And the national figures alone pin none of her region's small counts: a region's
    # margins in the national catalogue would, through the national zeros (ADR 0010).
    given_away = disclosure.given_away_by_whole(
        national,
        country,
        truth,
        all_in_part=own,
        hierarchies=f.LINKS,
        implications=f.IMPLICATIONS,
    )
    assert given_away == []
    # Why: the region's year protected on its own, as before, is narrowed by the country's.
    apart = disclosure.protect(
        f.count_tables_by_quarter(YEAR, parse_scope(REGION)),
        hierarchies=f.LINKS,
        implications=f.IMPLICATIONS,
    )
    alone = in_national_shape(apart, national)
    narrow = disclosure.part_violations(
        national, alone, rest, all_in_part=own, hierarchies=f.LINKS, implications=f.IMPLICATIONS
    )
    assert narrow and all(v.kind == "narrow_range" for v in narrow)
