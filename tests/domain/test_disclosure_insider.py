"""A coordinator sees her own region exactly and the national tables protected. Subtracting her
exact part from the national margins narrowed suppressed cells of the rest of the country when
the national tables were protected on their own; ``protect_for_insider`` protects the rest."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from veiligeplek.domain.disclosure import (
    CountTable,
    PublishedCell,
    PublishedTable,
    exact,
    feasible_ranges,
    protect,
    protect_for_insider,
)

THRESHOLD = 5
REGIONS = ("R0", "R1", "R2")
GENDERS = ("f", "m", "x")
AGES = ("adult", "minor")
SHAPES = (("region", "gender"), ("region", "age"), ("gender", "age"))
VALUES = {"region": REGIONS, "gender": GENDERS, "age": AGES}


def _tables(units: list[tuple[str, str, str]]) -> list[CountTable]:
    out = []
    for dims in SHAPES:
        index = [("region", "gender", "age").index(d) for d in dims]
        counts = Counter(tuple(u[i] for i in index) for u in units)
        out.append(
            CountTable("_".join(dims), "cases", dims, tuple(VALUES[d] for d in dims), counts)
        )
    return out


def _world(seed: int) -> tuple[list[CountTable], list[CountTable]]:
    rng = random.Random(seed)
    units = [
        (
            rng.choices(REGIONS, [3, 2, 1])[0],
            rng.choices(GENDERS, [6, 3, 1])[0],
            rng.choices(AGES, [5, 1])[0],
        )
        for _ in range(rng.randrange(20, 60))
    ]
    return _tables(units), _tables([u for u in units if u[0] == "R0"])


def _what_she_learns(
    published: tuple[PublishedTable, ...], known: list[CountTable]
) -> list[PublishedTable]:
    """The rest of the country as she can read it: each published cell minus her exact part;
    the rest has no one in her own region's cells (she knows they are all hers)."""
    out = []
    for p, k in zip(published, known, strict=True):
        mine = Counter[tuple[str, ...]]()
        for key, n in k.counts.items():
            for mask in range(1 << len(key)):
                mine[tuple("*" if mask >> i & 1 else v for i, v in enumerate(key))] += n
        dims = p.table.dimensions
        own = dims.index("region") if "region" in dims else None
        cells = tuple(
            PublishedCell(
                c.key,
                0
                if own is not None and c.key[own] == "R0"
                else None
                if c.count is None
                else c.count - mine[c.key],
            )
            for c in p.cells
        )
        out.append(PublishedTable(p.table, cells))
    return out


def _narrow_cells(published: tuple[PublishedTable, ...], known: list[CountTable]) -> list[object]:
    ranges = feasible_ranges(_what_she_learns(published, known), minimum=0)
    return [cell for cell, (low, high) in ranges.items() if high - low < THRESHOLD - 1e-6]


SEEDS = range(16)


def test_protecting_the_national_tables_alone_lets_an_insider_narrow_a_cell() -> None:
    # Narrowed cells that the rest of the country would have to keep wide.
    attacked = []
    for seed in SEEDS:
        tables, known = _world(seed)
        narrowed = set(_narrow_cells(protect(tables, threshold=THRESHOLD), known))
        if narrowed & _rest_suppressed(tables, known):
            attacked.append(seed)
    assert attacked, "the attack should work on some of these worlds (else the test proves nothing)"


def _rest_suppressed(tables: list[CountTable], known: list[CountTable]) -> set[object]:
    """The cells suppressed when the rest of the country is protected on its own: the cells
    whose value she must not be able to narrow (the others the rest publishes anyway)."""
    rest = []
    for t, k in zip(tables, known, strict=True):
        left = {key: n - k.counts.get(key, 0) for key, n in t.counts.items()}
        rest.append(CountTable(t.id, t.population, t.dimensions, t.values, left))
    return {
        (p.table.id, c.key)
        for p in protect(rest, threshold=THRESHOLD)
        for c in p.cells
        if c.count is None
    }


@pytest.mark.parametrize("seed", SEEDS)
def test_protected_for_the_insider_no_suppressed_cell_is_narrow_to_her(seed: int) -> None:
    tables, known = _world(seed)
    published = protect_for_insider(tables, known, threshold=THRESHOLD)
    # Cells also hidden only because their total is small are ones the rest publishes exactly.
    assert not set(_narrow_cells(published, known)) & _rest_suppressed(tables, known)
    for p, true in zip(published, exact(tables), strict=True):  # published = the true total
        assert [c.key for c in p.cells] == [c.key for c in true.cells]
        for cell, truth in zip(p.cells, true.cells, strict=True):
            assert cell.count is None or cell.count == truth.count
            assert cell.count is None or cell.count == 0 or cell.count >= THRESHOLD


def test_known_must_fit_inside_the_tables() -> None:
    tables, known = _world(1)
    with pytest.raises(ValueError, match="known"):
        protect_for_insider(tables, list(reversed(known)), threshold=THRESHOLD)
