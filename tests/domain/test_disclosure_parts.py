"""Every region at once (``protect_parts``): a reader of the national tables and of any number of
regions' tables, all through the disclosure control, can infer no suppressed cell to within the
threshold. Protected against the country one region at a time (``protect_part``), two regions
side by side can be differenced: each was safe with the country, not with the other."""

from __future__ import annotations

import random
from collections import Counter
from itertools import product

import numpy as np
import pytest

from tests.domain.test_disclosure import joint_range
from veiligeplek.domain.disclosure import (
    TOTAL,
    CountTable,
    PublishedTable,
    exact,
    parts_violations,
    protect,
    protect_part,
    protect_parts,
)

THRESHOLD = 5
AREAS = ("R0", "R1", "R2", "unknown")  # "unknown": the cases of no known region, never shown
GENDERS = ("f", "m", "x")
AGES = ("adult", "minor")
DIMS = ("region", "gender", "age")
SHAPES = (("gender", "age"),)  # the country's table; each region's has "region" in front
VALUES = {"region": AREAS, "gender": GENDERS, "age": AGES}
UNSEEN = {"region": ("unknown",)}
Unit = tuple[str, str, str]


def _tables(units: list[Unit], *, by_region: bool) -> list[CountTable]:
    out = []
    for shape in SHAPES:
        dims = ("region", *shape) if by_region else shape
        index = [DIMS.index(d) for d in dims]
        counts = Counter(tuple(u[i] for i in index) for u in units)
        name = "_".join(dims)
        out.append(CountTable(name, "cases", dims, tuple(VALUES[d] for d in dims), counts))
    return out


def _world(seed: int) -> list[Unit]:
    rng = random.Random(seed)
    return [
        (
            rng.choices(AREAS, [4, 3, 2, 1])[0],
            rng.choices(GENDERS, [6, 3, 1])[0],
            rng.choices(AGES, [5, 1])[0],
        )
        for _ in range(rng.randrange(25, 70))
    ]


JOINT = list(product(AREAS, GENDERS, AGES))
Row = np.ndarray


def _row(dims: tuple[str, ...], key: tuple[str, ...], only: str = "") -> Row:
    """The joint cells (region x gender x age) that a cell sums, within region ``only``."""
    return np.array(
        [
            1.0
            if (not only or cell[0] == only)
            and all(v == TOTAL or cell[DIMS.index(d)] == v for d, v in zip(dims, key, strict=True))
            else 0.0
            for cell in JOINT
        ]
    )  # fmt: skip


def _readings(
    whole: tuple[PublishedTable, ...],
    regions: dict[str, tuple[PublishedTable, ...]],
    *,
    zeros_hidden: bool,
) -> tuple[
    list[tuple[Row, float]],
    list[tuple[Row, float]],
    list[tuple[str, tuple[str, ...], Row]],
    set[str],
]:
    """Published cells (row = count), lower bounds of suppressed ones (row >= 1; a region's
    only unless its zeros may be hidden), the suppressed cells, and the regions read (one with
    every cell hidden says nothing)."""
    fixed, bounds, hidden, read = [], [], [], set()
    for p in whole:
        for c in p.cells:
            r = _row(p.table.dimensions, c.key)
            if c.count is None:
                bounds.append((r, 1.0))
                hidden.append((p.table.id, c.key, r))
            else:
                fixed.append((r, float(c.count)))
    for code, published in regions.items():
        if all(c.count is None for p in published for c in p.cells):
            continue
        read.add(code)
        for p in published:
            for c in p.cells:
                r = _row(p.table.dimensions, c.key, code)
                if c.count is not None:
                    fixed.append((r, float(c.count)))
                    continue
                hidden.append((f"{code}:{p.table.id}", c.key, r))
                if not zeros_hidden:
                    bounds.append((r, 1.0))
    return fixed, bounds, hidden, read  # fmt: skip


def _narrow(
    whole: tuple[PublishedTable, ...],
    regions: dict[str, tuple[PublishedTable, ...]],
    units: list[Unit],
    *,
    zeros_hidden: bool,
) -> list[tuple[str, tuple[str, ...], float, float]]:
    """What a reader of the country and of ``regions`` (region -> its tables, in the country's
    shape) can infer, independent of the module's model: one variable per joint cell, at
    least 0, under ``_readings``. Narrow: a suppressed cell narrower than the threshold, or a
    cell never shown (a region not read, or hidden whole; the unknown region) counting 1 to
    threshold - 1 whose range is that narrow."""
    fixed, bounds, targets, read = _readings(whole, regions, zeros_hidden=zeros_hidden)
    truth = np.array([float(sum(1 for u in units if u == cell)) for cell in JOINT])
    for code in sorted(set(AREAS) - read):
        for dims in SHAPES:
            for key in product(*((*VALUES[d], TOTAL) for d in dims)):
                r = _row(dims, key, code)
                if 0 < truth @ r < THRESHOLD:
                    targets.append((f"{code}:unseen", key, r))
    a_eq, b_eq = np.array([r for r, _ in fixed]), np.array([n for _, n in fixed])
    a_ub = np.array([-r for r, _ in bounds]) if bounds else None
    b_ub = -np.array([n for _, n in bounds]) if bounds else None
    out = []
    for name, key, objective in targets:
        low, high = joint_range(objective, a_ub, b_ub, a_eq, b_eq)
        if high - low < THRESHOLD - 1e-6:
            out.append((name, key, low, high))
    return out


def _split(published: tuple[PublishedTable, ...]) -> dict[str, tuple[PublishedTable, ...]]:
    """The regions' tables of ``protect_parts`` as each region's own, in the country's shape."""
    out = {}
    for code in AREAS[:-1]:
        tables = []
        for p in published:
            d = p.table.dimensions
            table = CountTable(p.table.id, p.table.population, d[1:], p.table.values[1:])
            cells = tuple(type(c)(c.key[1:], c.count) for c in p.cells if c.key[0] == code)
            tables.append(PublishedTable(table, cells))
        out[code] = tuple(tables)
    return out


SEEDS = range(16)


def test_two_regions_protected_one_by_one_against_the_country_can_be_differenced() -> None:
    attacked = []
    for seed in SEEDS:
        units = _world(seed)
        tables = _tables(units, by_region=False)
        whole = protect(tables, threshold=THRESHOLD)
        regions = {
            code: protect_part(
                tables,
                _tables([u for u in units if u[0] == code], by_region=False),
                whole,
                threshold=THRESHOLD,
            )
            for code in ("R0", "R1")
        }
        alone = [
            _narrow(whole, {code: regions[code]}, units, zeros_hidden=False) for code in regions
        ]
        assert alone == [[], []]  # each is safe with the country alone
        if _narrow(whole, regions, units, zeros_hidden=False):
            attacked.append(seed)
    assert attacked, "the attack should work on some of these worlds (else the test proves nothing)"


@pytest.mark.parametrize("seed", SEEDS)
def test_every_region_protected_at_once_gives_nothing_away_read_together(seed: int) -> None:
    units = _world(seed)
    tables, parts = _tables(units, by_region=False), _tables(units, by_region=True)
    whole = protect(tables, threshold=THRESHOLD)
    published, hidden_whole = protect_parts(
        tables, whole, parts, threshold=THRESHOLD, unseen=UNSEEN
    )
    assert hidden_whole == frozenset()  # with their zeros hideable, no region goes dark here
    regions = _split(published)
    assert _narrow(whole, regions, units, zeros_hidden=True) == []
    for code in ("R0", "R1"):  # a reader of fewer regions knows less
        assert _narrow(whole, {code: regions[code]}, units, zeros_hidden=True) == []
    # The module's own audit of everything read together agrees.
    assert (
        parts_violations(whole, published, parts, hidden_whole, threshold=THRESHOLD, unseen=UNSEEN)
        == []
    )
    for p, true in zip(published, exact(parts), strict=True):
        assert p.table.counts == {}  # nothing of the counts travels with it
        assert [c.key for c in p.cells] == [c.key for c in true.cells]
        for cell, t in zip(p.cells, true.cells, strict=True):
            assert cell.count is None or cell.count == t.count
            assert cell.count is None or cell.count == 0 or cell.count >= THRESHOLD
            if cell.key[0] == TOTAL:  # the country's cells as the country shows them
                shown = {c.key: c.count for c in whole[0].cells}
                assert cell.count == shown[cell.key[1:]]
            if cell.key[0] == "unknown":
                assert cell.count is None


def test_the_parts_must_add_up_to_the_whole_as_published() -> None:
    units = _world(3)
    tables, parts = _tables(units, by_region=False), _tables(units[1:], by_region=True)
    whole = protect(tables, threshold=THRESHOLD)
    with pytest.raises(ValueError):
        protect_parts(tables, whole, parts, threshold=THRESHOLD, unseen=UNSEEN)
    with pytest.raises(ValueError, match="published_whole"):
        protect_parts(tables, (), _tables(units, by_region=True), threshold=THRESHOLD)


def test_the_audit_finds_the_regions_given_away_by_primary_suppression_alone() -> None:
    """``parts_violations`` can fail: every region's cells of 1..threshold-1 hidden and nothing
    more (the country's cells as it shows them) is narrowed on these worlds."""
    caught = 0
    for seed in SEEDS:
        units = _world(seed)
        tables, parts = _tables(units, by_region=False), _tables(units, by_region=True)
        whole = protect(tables, threshold=THRESHOLD)
        shown = {c.key: c.count for c in whole[0].cells}
        primary = []
        for p in exact(parts):
            cells = []
            for c in p.cells:
                count = c.count
                if c.key[0] == TOTAL:
                    count = shown[c.key[1:]]
                elif c.key[0] == "unknown" or (count is not None and 0 < count < THRESHOLD):
                    count = None
                cells.append(type(c)(c.key, count))
            primary.append(PublishedTable(p.table, tuple(cells)))
        found = parts_violations(whole, primary, parts, (), threshold=THRESHOLD, unseen=UNSEEN)
        assert all(v.kind == "narrow_range" for v in found)
        caught += bool(found)
    assert caught == len(SEEDS)
