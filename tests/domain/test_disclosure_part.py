"""A municipality's policy officer sees her region's tables and the national ones, both through
the disclosure control. Protected one by one, the two can be differenced (the region's margin
published where the national one is hidden, the national minus the region's); ``protect_part``
protects the region against the national tables as they are published."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from itertools import product

import numpy as np
import pytest

from tests.domain.test_disclosure import joint_range
from veiligeplek.domain.disclosure import (
    TOTAL,
    CountTable,
    PublishedTable,
    exact,
    given_away_by_whole,
    part_violations,
    protect,
    protect_part,
    rest_of,
)

THRESHOLD = 5
REGIONS = ("R0", "R1", "R2")
GENDERS = ("f", "m", "x")
AGES = ("adult", "minor")
DIMS = ("region", "gender", "age")
SHAPES = (("region", "gender"), ("region", "age"), ("gender",))  # a tree: no cycle of overlaps
VALUES = {"region": REGIONS, "gender": GENDERS, "age": AGES}
Unit = tuple[str, str, str]


def _tables(units: list[Unit]) -> list[CountTable]:
    out = []
    for dims in SHAPES:
        index = [DIMS.index(d) for d in dims]
        counts = Counter(tuple(u[i] for i in index) for u in units)
        out.append(
            CountTable("_".join(dims), "cases", dims, tuple(VALUES[d] for d in dims), counts)
        )
    return out


def _world(seed: int) -> list[Unit]:
    rng = random.Random(seed)
    return [
        (
            rng.choices(REGIONS, [3, 2, 1])[0],
            rng.choices(GENDERS, [6, 3, 1])[0],
            rng.choices(AGES, [5, 1])[0],
        )
        for _ in range(rng.randrange(20, 60))
    ]


def _narrow(
    whole: tuple[PublishedTable, ...], part: tuple[PublishedTable, ...], units: list[Unit]
) -> list[tuple[str, str, tuple[str, ...], float, float]]:
    """What an observer of both publications can infer, independent of the module's model:
    one variable per joint cell (region x gender x age), at least 0; every published cell the
    sum of its joint cells (the part's only of region R0); every suppressed cell at least 1.
    Narrow: a suppressed cell of either narrower than the threshold, or a cell of the rest of
    the country (never shown) counting 1 to threshold - 1 whose range is that narrow. A part
    with every cell hidden, zeros too, says nothing (not even that its hidden cells are >= 1)."""
    joint = list(product(REGIONS, GENDERS, AGES))

    def row(dims: tuple[str, ...], key: tuple[str, ...], *, only: str = "") -> np.ndarray:
        return np.array(
            [
                1.0
                if (not only or cell[0] == only)
                and all(
                    v == TOTAL or cell[DIMS.index(d)] == v for d, v in zip(dims, key, strict=True)
                )
                else 0.0
                for cell in joint
            ]
        )

    fixed, hidden = [], []
    readings = [("whole", whole, "")]
    if any(c.count is not None for p in part for c in p.cells):  # all hidden: nothing to read
        readings.append(("part", part, "R0"))
    for name, published, only in readings:
        for p in published:
            for c in p.cells:
                r = row(p.table.dimensions, c.key, only=only)
                if c.count is None:
                    hidden.append((name, p.table.id, c.key, r))
                else:
                    fixed.append((r, float(c.count)))
    truth = np.array([float(sum(1 for u in units if u == cell)) for cell in joint])
    rest = [
        ("rest", p.table.id, c.key, r)
        for p in whole
        for c in p.cells
        if 0
        < (
            truth
            @ (r := row(p.table.dimensions, c.key) - row(p.table.dimensions, c.key, only="R0"))
        )
        < THRESHOLD  # noqa: E501
    ]
    a_eq = np.array([r for r, _ in fixed])
    b_eq = np.array([n for _, n in fixed])
    a_ub = np.array([-r for *_, r in hidden]) if hidden else None
    b_ub = -np.ones(len(hidden)) if hidden else None
    out = []
    for name, table_id, key, objective in hidden + rest:
        low, high = joint_range(objective, a_ub, b_ub, a_eq, b_eq)
        if high - low < THRESHOLD - 1e-6:
            out.append((name, table_id, key, low, high))
    return out


SEEDS = range(20)
OWN = {"region": ("R0",)}  # the part is the region R0: the rest has nobody there


def test_a_region_and_the_country_protected_one_by_one_can_be_differenced() -> None:
    attacked = []
    for seed in SEEDS:
        units = _world(seed)
        whole = protect(_tables(units), threshold=THRESHOLD)
        apart = protect(_tables([u for u in units if u[0] == "R0"]), threshold=THRESHOLD)
        if _narrow(whole, apart, units):
            attacked.append(seed)
            # The module's own audit of the two read together sees it too.
            rest = _tables([u for u in units if u[0] != "R0"])
            assert part_violations(whole, apart, rest, threshold=THRESHOLD, all_in_part=OWN)
    assert attacked, "the attack should work on some of these worlds (else the test proves nothing)"


@pytest.mark.parametrize("seed", SEEDS)
def test_a_region_protected_against_the_national_tables_gives_nothing_away(seed: int) -> None:
    units = _world(seed)
    tables, mine = _tables(units), _tables([u for u in units if u[0] == "R0"])
    whole = protect(tables, threshold=THRESHOLD)
    part = protect_part(tables, mine, whole, threshold=THRESHOLD, all_in_part=OWN)
    assert _narrow(whole, part, units) == []
    rest = _tables([u for u in units if u[0] != "R0"])
    assert part_violations(whole, part, rest, threshold=THRESHOLD, all_in_part=OWN) == []
    for p, true in zip(part, exact(mine), strict=True):
        assert p.table.counts == {}  # nothing of the counts travels with it
        assert [c.key for c in p.cells] == [c.key for c in true.cells]
        for cell, truth in zip(p.cells, true.cells, strict=True):
            assert cell.count is None or cell.count == truth.count
            assert cell.count is None or cell.count == 0 or cell.count >= THRESHOLD


def test_unless_told_that_the_rest_has_nobody_in_the_region_it_underrates_the_observer() -> None:
    # The national row of R0 is the region's total: unstated, the model thinks the rest could
    # hold some of it and leaves the region's total "hidden" while the country shows it.
    units = _world(1)
    tables, mine = _tables(units), _tables([u for u in units if u[0] == "R0"])
    whole = protect(tables, threshold=THRESHOLD)
    assert _narrow(whole, protect_part(tables, mine, whole, threshold=THRESHOLD), units)
    with pytest.raises(ValueError, match="all_in_part"):
        protect_part(tables, mine, whole, threshold=THRESHOLD, all_in_part={"region": ("R1",)})


def test_where_the_national_suppressions_cannot_be_kept_wide_the_region_shows_nothing() -> None:
    # In this world, with every non-zero cell of the region hidden, a national suppression is
    # still narrow (the national tables are not the region's to change): every cell is hidden.
    units = _world(17)
    tables, mine = _tables(units), _tables([u for u in units if u[0] == "R0"])
    whole = protect(tables, threshold=THRESHOLD)
    part = protect_part(tables, mine, whole, threshold=THRESHOLD, all_in_part=OWN)
    assert all(c.count is None for p in part for c in p.cells)
    assert any(t.count == 0 for t in exact(mine)[0].cells)  # zeros hidden too


def test_the_part_must_fit_inside_the_whole() -> None:
    units = _world(3)
    tables, mine = _tables(units), _tables([u for u in units if u[0] == "R0"])
    whole = protect(tables, threshold=THRESHOLD)
    with pytest.raises(ValueError, match="part"):
        protect_part(mine, tables, protect(mine, threshold=THRESHOLD), threshold=THRESHOLD)
    with pytest.raises(ValueError, match="part"):
        protect_part(tables, list(reversed(mine)), whole, threshold=THRESHOLD)
    with pytest.raises(ValueError, match="published_whole"):
        protect_part(tables, mine, tuple(reversed(whole)), threshold=THRESHOLD)
    with pytest.raises(ValueError, match="below the threshold"):
        protect_part(tables, mine, exact(tables), threshold=THRESHOLD)
    with pytest.raises(ValueError, match="counts more than the table"):
        rest_of(mine, tables)
    with pytest.raises(ValueError, match="same tables"):
        rest_of(tables, list(reversed(mine)))


def test_what_the_whole_alone_gives_away_of_a_part_is_found_with_its_true_counts() -> None:
    """Three tables overlapping in a cycle (region x step, region x shelter, step x shelter):
    the region's margins and the country's zeros pin one of R1's cells that no table shows
    (25 at step a, 22 of them with shelter t, nobody at a with s: 3 with u). With the part's
    true counts (``part_truth``) the audit finds it; without, the part's hidden cells are
    suppressed ones, at least 1, which R1's true zeros contradict."""
    units = [
        *[("R1", "a", "t")] * 22,
        *[("R1", "a", "u")] * 3,
        *[("R1", "b", "s")] * 18,
        *[("R2", "a", "t")] * 30,
        *[("R2", "a", "u")] * 20,
        *[("R2", "b", "s")] * 40,
    ]
    values = {"region": ("R1", "R2"), "step": ("a", "b"), "shelter": ("s", "t", "u")}
    dims = ("region", "step", "shelter")

    def tables(kept: list[tuple[str, str, str]]) -> list[CountTable]:
        out = []
        for shape in (("region", "step"), ("region", "shelter"), ("step", "shelter")):
            index = [dims.index(d) for d in shape]
            counts = Counter(tuple(u[i] for i in index) for u in kept)
            out.append(
                CountTable("_".join(shape), "cases", shape, tuple(values[d] for d in shape), counts)
            )
        return out

    whole = tables(units)
    hidden = {("R1", "s"), ("R1", "u"), ("R2", "s"), ("R2", "u")}
    published = tuple(
        PublishedTable(
            p.table,
            tuple(
                replace(c, count=None) if p.table.id == "region_shelter" and c.key in hidden else c
                for c in p.cells
            ),
        )
        for p in exact(whole)
    )
    truth = tables([u for u in units if u[0] == "R1"])
    rest = tables([u for u in units if u[0] != "R1"])
    nothing = tuple(  # R1's tables: nobody in R2 (what R1 means), nothing else shown
        PublishedTable(
            p.table, tuple(c if "R2" in c.key else replace(c, count=None) for c in p.cells)
        )
        for p in exact(truth)
    )
    r1 = {"region": ("R1",)}
    found = given_away_by_whole(published, whole, truth, threshold=10, all_in_part=r1)
    assert rest_of(whole, truth) == rest
    assert found == part_violations(
        published, nothing, rest, threshold=10, all_in_part=r1, part_truth=truth
    )
    pinned = {(v.table_id, v.key): (v.low, v.high) for v in found}
    assert pinned[("step_shelter", ("part", "a", "u"))] == pytest.approx((3, 3))
    with pytest.raises(ValueError, match="contradict"):
        part_violations(published, nothing, rest, threshold=10, all_in_part=r1)
