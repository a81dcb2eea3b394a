"""The linear model behind disclosure control (``domain.disclosure``): the unknowns an observer
faces and the sums that tie them together.

One model per population. A cell is identified by its *atom*: the (dimension, value) pairs it
fixes, ``"*"`` dimensions left out. Cells of different tables with the same atom count the same
units (the region margin of region x exploitation and of region x gender; every grand total),
so they are one variable. Each table contributes its additivity: a cell with a ``"*"`` equals
the sum over the values of its first ``"*"`` dimension (applied to every such cell this implies
every margin of the table). Identical sums from different tables are kept once.

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

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

TOTAL = "*"
Atom = tuple[tuple[str, str], ...]  # sorted (dimension, value) pairs, "*" dimensions left out
TOLERANCE = 1e-6


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
    _seen: set[tuple[int, tuple[int, ...]]] = field(default_factory=set)

    def atom_id(self, atom: Atom) -> int:
        found = self.index.get(atom)
        if found is None:
            found = self.index[atom] = len(self.atoms)
            self.atoms.append(atom)
            self.sums_of.append([])
        return found

    def add_table(self, dimensions: Sequence[str], values: Sequence[Sequence[str]]) -> None:
        for key in table_keys(values):
            lhs = self.atom_id(atom_of(dimensions, key))
            if TOTAL not in key:
                continue
            d = key.index(TOTAL)
            parts = [(*key[:d], v, *key[d + 1 :]) for v in values[d]]
            rhs = tuple(sorted(self.atom_id(atom_of(dimensions, p)) for p in parts))
            self._add_sum(lhs, rhs)

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

    for s in range(len(model.sums)):
        linked = [a for a in model.members(s) if a in hidden]
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


class RangeSolver:
    """Ranges of suppressed atoms given the published ones, one linear program per component."""

    def __init__(
        self,
        model: Model,
        published: Mapping[int, int],
        suppressed: Iterable[int],
        *,
        minimum: float,
    ) -> None:
        self.model = model
        self.published = published
        self.minimum = minimum
        self.component = components(model, suppressed)
        self._programs: dict[frozenset[int], _Program] = {}

    def extreme(self, atom: int, *, maximise: bool) -> float:
        program = self._program(self.component[atom])
        cost = np.zeros(len(program.variables))
        cost[program.position[atom]] = -1.0 if maximise else 1.0
        result = linprog(
            cost,
            A_eq=program.a_eq,
            b_eq=program.b_eq,
            bounds=(self.minimum, None),
            method="highs",
        )
        if result.status == 3:  # unbounded: only possible upwards, the lower bound holds
            return math.inf
        if result.status != 0:
            raise ValueError("the published tables contradict each other (no consistent values)")
        value = float(-result.fun if maximise else result.fun)
        return float(round(value)) if abs(value - round(value)) < TOLERANCE else value

    def range_of(self, atom: int) -> tuple[float, float]:
        return self.extreme(atom, maximise=False), self.extreme(atom, maximise=True)

    def is_wide(self, atom: int, true_value: int, threshold: int) -> bool:
        """Is the range at least ``threshold`` wide? One program when the maximum suffices."""
        high = self.extreme(atom, maximise=True)
        if high - true_value >= threshold - TOLERANCE:  # the minimum is at most the true value
            return True
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
        rows: list[int] = []
        cols: list[int] = []
        data: list[float] = []
        rhs: list[float] = []
        for row, s in enumerate(touching):
            lhs, parts = self.model.sums[s]
            constant = 0.0  # lhs - sum(parts) = 0, published atoms moved to the right
            for atom, sign in ((lhs, 1.0), *((p, -1.0) for p in parts)):
                if atom in position:
                    rows.append(row)
                    cols.append(position[atom])
                    data.append(sign)
                else:
                    constant -= sign * self.published[atom]
            rhs.append(constant)
        if not touching:
            return _Program(variables, position, None, None)
        a_eq = csr_matrix((data, (rows, cols)), shape=(len(touching), len(variables)))
        return _Program(variables, position, a_eq, np.array(rhs))
