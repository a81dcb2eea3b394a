"""The linear model behind disclosure control (``domain.disclosure``): the unknowns an observer
faces and the sums that tie them together.

One model per population. A cell is identified by its *atom*: the (dimension, value) pairs it
fixes, ``"*"`` dimensions left out. Cells of different tables with the same atom count the same
units (the region margin of region x exploitation and of region x gender; every grand total),
so they are one variable. Each table contributes its additivity: a cell with a ``"*"`` equals
the sum over the values of each of its ``"*"`` dimensions (the sums along the first would imply
the others; all are kept so that the suppression heuristic sees every sum a cell is part of).
Identical sums from different tables are kept once.

``RangeSolver`` answers, for the suppressed atoms, the range of values consistent with the
published atoms: a linear program per connected group of suppressed atoms (atoms linked by a
sum), published atoms moved to the right-hand side, every suppressed atom at least
``minimum``, solved by ``scipy.optimize.linprog`` with HiGHS.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import Any

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

TOTAL = "*"
Atom = tuple[tuple[str, str], ...]  # sorted (dimension, value) pairs, "*" dimensions left out
TOLERANCE = 1e-6
CERTIFY_DIRECTIONS = 3  # random objectives (each also reversed) per linked group, then
CERTIFY_ATTEMPTS = 10  # at most this many in all, while they still prove more atoms


def atom_of(dimensions: Sequence[str], key: Sequence[str]) -> Atom:
    return tuple(sorted((d, v) for d, v in zip(dimensions, key, strict=True) if v != TOTAL))


def table_keys(values: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """Every key of a table, margins included, in the published order."""
    return list(product(*[(*vals, TOTAL) for vals in values]))


@dataclass
class Model:
    """Atoms of one population and the sums between them (``lhs = sum(rhs)``)."""

    atoms: list[Atom] = field(default_factory=list)
    index: dict[Atom, int] = field(default_factory=dict)
    sums: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)
    sums_of: list[list[int]] = field(default_factory=list)  # per atom: the sums it is part of
    # sum(lesser) <= sum(greater): what one cell's units imply about another's (``add_bound``)
    bounds: list[tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)
    bounds_of: list[list[int]] = field(default_factory=list)  # per atom: its bounds
    _seen: set[tuple[int, tuple[int, ...]]] = field(default_factory=set)
    _seen_bounds: set[tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=set)

    def atom_id(self, atom: Atom) -> int:
        found = self.index.get(atom)
        if found is None:
            found = self.index[atom] = len(self.atoms)
            self.atoms.append(atom)
            self.sums_of.append([])
            self.bounds_of.append([])
        return found

    def add_table(self, dimensions: Sequence[str], values: Sequence[Sequence[str]]) -> None:
        for key in table_keys(values):
            lhs = self.atom_id(atom_of(dimensions, key))
            for d in (d for d, v in enumerate(key) if v == TOTAL):
                parts = [(*key[:d], v, *key[d + 1 :]) for v in values[d]]
                rhs = tuple(sorted(self.atom_id(atom_of(dimensions, p)) for p in parts))
                self._add_sum(lhs, rhs)

    def add_hierarchy(
        self, child: str, parent: str, parent_of: Mapping[str, str], *, complete: bool = True
    ) -> None:
        """Every cell that fixes ``parent`` is the sum of the cells that fix its ``child``
        values instead (a region is the sum of its municipalities). With ``complete`` the finer
        cells must be in the catalogue: a sum the model cannot state would let it underestimate
        an observer. Without, the sum is stated wherever the finer cells are (at least the
        margins that fix nothing else): for a dimension that is a function of another in
        tables that share no other dimension, that is all an observer can difference (the
        rest goes through cells nobody publishes, which any split satisfies)."""
        children: dict[str, list[str]] = {}
        for c, p in parent_of.items():
            children.setdefault(p, []).append(c)
        for lhs, atom in list(enumerate(self.atoms)):
            pairs = dict(atom)
            if parent not in pairs:
                continue
            if child in pairs:
                raise ValueError(f"a table fixes both {child!r} and its parent {parent!r}")
            value = pairs.pop(parent)
            parts = [tuple(sorted({**pairs, child: c}.items())) for c in children.get(value, [])]
            missing = [p for p in parts if p not in self.index]
            if not complete and parts and missing:
                continue
            if missing or not parts:
                raise ValueError(
                    f"{parent} {value!r} at {dict(pairs)}: the catalogue has no table with "
                    f"{child!r} and the same other dimensions, so the sum cannot be checked"
                )
            self._add_sum(lhs, tuple(sorted(self.index[p] for p in parts)))

    def add_bound(self, lesser: Sequence[Atom], greater: Sequence[Atom]) -> None:
        """Every unit of a cell in ``lesser`` is also a unit of a cell in ``greater`` (a case
        whose one form of exploitation is criminal has the gap profile "criminal"), so their
        totals obey sum(lesser) <= sum(greater), also within any cell of the other dimensions
        (per quarter, per region): the bound is stated for every such context where the
        catalogue has all of its cells (what the catalogue lacks, nobody sees)."""
        named = {d for atom in (*lesser, *greater) for d, _ in atom}
        first = dict(lesser[0])
        for atom in list(self.atoms):
            pairs = dict(atom)
            if any(pairs.get(d) != v for d, v in first.items()):
                continue
            context = {d: v for d, v in pairs.items() if d not in first}
            if named & context.keys():
                continue
            sides = [
                [self.index.get(tuple(sorted({**context, **dict(a)}.items()))) for a in side]
                for side in (lesser, greater)
            ]
            low, high = ([a for a in side if a is not None] for side in sides)
            if len(low) < len(lesser) or len(high) < len(greater):
                continue
            bound = (tuple(sorted(low)), tuple(sorted(high)))
            if bound in self._seen_bounds:
                continue
            self._seen_bounds.add(bound)
            self.bounds.append(bound)
            for a in {*bound[0], *bound[1]}:
                self.bounds_of[a].append(len(self.bounds) - 1)

    def drop_bounds(self, dropped: set[tuple[tuple[int, ...], tuple[int, ...]]]) -> None:
        self.bounds = [b for b in self.bounds if b not in dropped]
        self.bounds_of = [[] for _ in self.atoms]
        for i, (lesser, greater) in enumerate(self.bounds):
            for a in {*lesser, *greater}:
                self.bounds_of[a].append(i)

    def linked(self, atom: int) -> set[int]:
        """The atoms that share a sum or a bound with ``atom`` (itself included)."""
        near = {m for s in self.sums_of[atom] for m in self.members(s)}
        for b in self.bounds_of[atom]:
            near.update(self.bounds[b][0], self.bounds[b][1])
        return near | {atom}

    def _add_sum(self, lhs: int, rhs: tuple[int, ...]) -> None:
        if (lhs, rhs) in self._seen:
            return
        self._seen.add((lhs, rhs))
        self.sums.append((lhs, rhs))
        for atom in {lhs, *rhs}:
            self.sums_of[atom].append(len(self.sums) - 1)

    def members(self, s: int) -> tuple[int, ...]:
        lhs, rhs = self.sums[s]
        return (lhs, *rhs)


def components(model: Model, suppressed: Iterable[int]) -> dict[int, frozenset[int]]:
    """Suppressed atom -> the suppressed atoms it is linked to through sums (itself included)."""
    hidden = set(suppressed)
    parent = {a: a for a in hidden}

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    rows = [model.members(s) for s in range(len(model.sums))]
    rows += [(*lesser, *greater) for lesser, greater in model.bounds]
    for row in rows:
        linked = [a for a in row if a in hidden]
        for other in linked[1:]:
            parent[root(other)] = root(linked[0])
    groups: dict[int, set[int]] = {}
    for a in hidden:
        groups.setdefault(root(a), set()).add(a)
    frozen = {r: frozenset(g) for r, g in groups.items()}
    return {a: frozen[root(a)] for a in hidden}


@dataclass
class _Program:
    variables: list[int]
    position: dict[int, int]
    a_eq: csr_matrix | None
    b_eq: np.ndarray | None
    a_ub: csr_matrix | None = None
    b_ub: np.ndarray | None = None
    lows: list[float] = field(default_factory=list)  # each variable's least value

    def solve(self, cost: np.ndarray, bounds: Any) -> Any:
        return linprog(
            cost,
            A_ub=self.a_ub,
            b_ub=self.b_ub,
            A_eq=self.a_eq,
            b_eq=self.b_eq,
            bounds=bounds,
            method="highs",
        )


class RangeSolver:
    """Ranges of suppressed atoms given the published ones, one linear program per component."""

    def __init__(
        self,
        model: Model,
        published: Mapping[int, int],
        suppressed: Iterable[int],
        *,
        minimum: float,
        floors: Mapping[int, float] | None = None,
    ) -> None:
        self.model = model
        self.published = published
        self.minimum = minimum
        self.floors = floors or {}  # atoms whose least value is not ``minimum``
        self.component = components(model, suppressed)
        self._programs: dict[frozenset[int], _Program] = {}
        # Per linked group: the least and greatest value of each atom over the feasible points
        # found so far (certification and every exact program); two points at least the
        # threshold apart on an atom prove its range wide without a program of its own.
        self._spread: dict[frozenset[int], tuple[np.ndarray, np.ndarray]] = {}

    def extreme(self, atom: int, *, maximise: bool) -> float:
        program = self._program(self.component[atom])
        cost = np.zeros(len(program.variables))
        cost[program.position[atom]] = -1.0 if maximise else 1.0
        result = program.solve(cost, [(low, None) for low in program.lows])
        if result.status == 3:  # unbounded: only possible upwards, the lower bound holds
            return math.inf
        if result.status != 0:
            raise ValueError("the published tables contradict each other (no consistent values)")
        self._seen(program, self.component[atom], np.asarray(result.x))
        value = float(-result.fun if maximise else result.fun)
        return float(round(value)) if abs(value - round(value)) < TOLERANCE else value

    def range_of(self, atom: int) -> tuple[float, float]:
        return self.extreme(atom, maximise=False), self.extreme(atom, maximise=True)

    def certified_wide(
        self, atoms: Iterable[int], threshold: int, reference: Mapping[int, int] | None = None
    ) -> set[int]:
        """The atoms whose range is shown to be at least ``threshold`` wide by a few feasible
        points per linked group: the ``reference`` point (the true values, when known; else the
        point of least total), then vertices for random objectives and their opposites within
        a box around it. Two feasible points that far apart on an atom prove its range; an
        atom not proven here needs its own two programs (``is_wide``)."""
        proven: set[int] = set()
        groups = {self.component[a] for a in atoms}
        for group in sorted(groups, key=min):
            proven |= self._certify(group, threshold, reference)
        return proven

    def _certify(
        self, group: frozenset[int], threshold: int, reference: Mapping[int, int] | None
    ) -> set[int]:
        program = self._program(group)
        n = len(program.variables)
        if reference is None:
            start = self._solve(program, np.ones(n), [(low, None) for low in program.lows])
            if start is None:
                return set()
        else:
            start = np.array([float(reference[a]) for a in program.variables])
        box = [(low, float(x) + 2 * threshold) for low, x in zip(program.lows, start, strict=True)]
        low, high = start.copy(), start.copy()
        rng = np.random.default_rng(n)
        open_ = np.ones(n, dtype=bool)
        for attempt in range(CERTIFY_ATTEMPTS):
            # First random directions over the whole group, then random signs on the atoms
            # not yet proven only, while that still proves more.
            if attempt < CERTIFY_DIRECTIONS:
                direction = rng.standard_normal(n)
            else:
                direction = np.where(open_, rng.choice([-1.0, 1.0], n), 0.0)
            for sign in (1.0, -1.0):
                point = self._solve(program, sign * direction, box)
                if point is not None:
                    np.minimum(low, point, out=low)
                    np.maximum(high, point, out=high)
            still_open = high - low < threshold - TOLERANCE
            if not still_open.any() or (
                attempt >= CERTIFY_DIRECTIONS and (still_open == open_).all()
            ):
                open_ = still_open
                break
            open_ = still_open
        self._seen(program, group, low)
        self._seen(program, group, high)
        return {a for a, shut in zip(program.variables, open_, strict=True) if not shut}

    def _seen(self, program: _Program, group: frozenset[int], point: np.ndarray) -> None:
        spread = self._spread.get(group)
        if spread is None:
            self._spread[group] = (point.copy(), point.copy())
        else:
            np.minimum(spread[0], point, out=spread[0])
            np.maximum(spread[1], point, out=spread[1])

    def shown_wide(self, atom: int, threshold: int) -> bool:
        """Do feasible points found so far lie at least ``threshold`` apart on ``atom``?"""
        group = self.component[atom]
        spread = self._spread.get(group)
        if spread is None:
            return False
        i = self._program(group).position[atom]
        return bool(spread[1][i] - spread[0][i] >= threshold - TOLERANCE)

    def _solve(
        self,
        program: _Program,
        cost: np.ndarray,
        bounds: Sequence[tuple[float, float | None]],
    ) -> np.ndarray | None:
        result = program.solve(cost, bounds)
        return np.asarray(result.x) if result.status == 0 else None

    def is_wide(self, atom: int, true_value: int, threshold: int) -> bool:
        """Is the range at least ``threshold`` wide? One program when the maximum suffices."""
        if self.shown_wide(atom, threshold):
            return True
        high = self.extreme(atom, maximise=True)
        if high - true_value >= threshold - TOLERANCE:  # the minimum is at most the true value
            return True
        low = self.floors.get(atom, self.minimum)
        if high - low < threshold - TOLERANCE:  # nor can the minimum be lower
            return False
        return high - self.extreme(atom, maximise=False) >= threshold - TOLERANCE

    def _program(self, group: frozenset[int]) -> _Program:
        cached = self._programs.get(group)
        if cached is None:
            cached = self._programs[group] = self._build(group)
        return cached

    def _build(self, group: frozenset[int]) -> _Program:
        variables = sorted(group)
        position = {a: i for i, a in enumerate(variables)}
        touching = sorted({s for a in variables for s in self.model.sums_of[a]})
        # lhs - sum(parts) = 0 per sum; sum(lesser) - sum(greater) <= 0 per bound
        sums = [
            ((self.model.sums[s][0], 1.0), *((p, -1.0) for p in self.model.sums[s][1]))
            for s in touching
        ]
        program = _Program(variables, position, *self._rows(sums, position))
        program.lows = [self.floors.get(a, self.minimum) for a in variables]
        limits = sorted({b for a in variables for b in self.model.bounds_of[a]})
        bounds = [
            (*((a, 1.0) for a in self.model.bounds[b][0]),
             *((a, -1.0) for a in self.model.bounds[b][1]))
            for b in limits
        ]  # fmt: skip
        program.a_ub, program.b_ub = self._rows(bounds, position)
        return program

    def _rows(
        self, rows: Sequence[Sequence[tuple[int, float]]], position: Mapping[int, int]
    ) -> tuple[csr_matrix | None, np.ndarray | None]:
        """The rows' coefficients over the group's atoms, published atoms moved to the right."""
        if not rows:
            return None, None
        at: list[int] = []
        cols: list[int] = []
        data: list[float] = []
        rhs: list[float] = []
        for row, terms in enumerate(rows):
            constant = 0.0
            for atom, sign in terms:
                if atom in position:
                    at.append(row)
                    cols.append(position[atom])
                    data.append(sign)
                else:
                    constant -= sign * self.published[atom]
            rhs.append(constant)
        matrix = csr_matrix((data, (at, cols)), shape=(len(rows), len(position)))
        return matrix, np.array(rhs)
