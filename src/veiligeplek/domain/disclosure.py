"""Disclosure control for published counts: no figure shown to a role without case access may
reveal a small group of people, directly or by differencing (issue "Monitoring", point 4;
ADR 0010).

Rules:

- **Primary suppression**: a count from 1 to ``threshold - 1`` (default 10) is not published.
  Zeros are published: a suppressed cell is therefore known to be at least 1.
- **Secondary suppression**: no suppressed cell may be narrowed down from everything published
  for one period and scope together. An observer knows every published cell of every table, that
  each table adds up (margins are sums of their cells), that cells of different tables of the
  same *population* with the same key on the dimensions they fix count the same units (the region
  margin of region x exploitation equals that of region x gender; all grand totals of a
  population are equal), that counts are non-negative, and that every suppressed cell is at least
  1 (zeros are never suppressed). For every suppressed cell the minimum and maximum consistent
  with all of that (a linear program, ``scipy.optimize.linprog`` with HiGHS) must lie at least
  ``threshold`` apart.
- Every suppressed cell is published the same way, whether it was suppressed for being small or
  to protect another: an observer who could tell them apart would know the small ones lie in
  1..threshold-1, a range narrower than the threshold. So a suppressed cell is never labelled
  "<10" in a way that differs from the others.
- Suppression is per group of units, not per table: a cell suppressed in one table is suppressed
  in every table of the catalogue that shows the same units.
- Derived figures (median, p90, shares) computed from fewer than ``threshold`` units are not
  shown (``figure_visible``).

Secondary suppression is a greedy heuristic that always terminates: first, in every sum with a
suppressed cell, the smallest published non-zero cell of the same sum is suppressed while the
sum alone would pin a suppressed cell down (one suppressed cell, or suppressed cells whose total
leaves less than ``threshold`` room); then the linear programs are solved for the cells still
unchecked, and for each cell whose range is too narrow the smallest published non-zero cell that
shares a sum with it (else with its linked suppressed cells, else anywhere in the population) is
suppressed, until every range is wide enough (a cell the feasible points do not show wide at its
first check gets its complement without programs of its own; from its second check on, the
programs decide). Suppressing a cell only widens the other ranges, so
a cell once found safe stays safe and is not checked again; in the worst case every non-zero cell
of the population is suppressed, and then every range is unbounded.

Public interface:

- ``CountTable`` (input: the exact interior counts of one table), ``PublishedCell``,
  ``PublishedTable`` (output: every cell of the full cross product of each dimension's values and
  ``"*"``, zeros included, in ``itertools.product`` order with ``"*"`` last per dimension).
  ``PublishedTable.table`` is the table's description *without its counts* (an empty mapping),
  so a ``PublishedTable`` can be serialised whole without leaking what was suppressed.
- ``exact(tables)``: everything published, for roles with access to the cases.
- ``protect(tables, threshold=...)``: primary and secondary suppression over the whole catalogue.
- ``feasible_ranges(published)``: (table id, key) of each suppressed cell -> (min, max) that the
  published cells allow (``math.inf`` when unbounded).
- ``violations(published, threshold=...)``: what breaks the rules (``Violation``); empty when
  safe. Run it on anything generated for an aggregate-only role.
- ``figure_visible(n, threshold=...)``.
- ``restrict(published, dimension=..., value=...)``: one region's rows of the protected national
  tables, for the region's view (consistent with the national view by construction).
- ``protect_for_insider(tables, known)``: for a reader who knows a part exactly (a coordinator).
- ``protect_part(whole, part, published_whole)``: a part (a region) for a reader who also sees
  the whole as published; ``part_violations`` audits the two read together.
- ``protect_parts(whole, published_whole, parts)``: every part of a partition at once (every
  care region), for readers of any number of them and the whole; ``parts_violations`` audits
  them read together.

Tables of one population that share a dimension must list the same values for it, so that
their margins count the same units. A hierarchy between dimensions (municipality within care
region) is passed as ``Hierarchy`` to ``protect``, ``violations`` and ``feasible_ranges`` (the
same to all three): every cell that fixes a region is then also the sum of its municipalities.
What one dimension implies about another (a case whose one form is criminal has the gap profile
"criminal") is passed the same way as ``Implication`` (``implications=``): a bound
sum(lesser) <= sum(greater) that an observer can use, stated in the programs as inequalities.
Known limit: with three or more tables that overlap pairwise in a cycle (x-y, y-z, x-z) the
linear program is a relaxation of what an observer could infer; so are implications, which are
only as complete as the caller states them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal

from veiligeplek.domain.disclosure_model import (
    TOTAL,
    Atom,
    Model,
    RangeSolver,
    atom_of,
    table_keys,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "TOTAL",
    "CountTable",
    "Hierarchy",
    "Implication",
    "PublishedCell",
    "PublishedTable",
    "Violation",
    "exact",
    "feasible_ranges",
    "figure_visible",
    "given_away_by_whole",
    "protect",
    "protect_for_insider",
    "part_violations",
    "parts_violations",
    "protect_part",
    "protect_parts",
    "rest_of",
    "restrict",
    "violations",
]

DEFAULT_THRESHOLD = 10
log = logging.getLogger(__name__)
CellRef = tuple[str, tuple[str, ...]]  # (table id, key)


@dataclass(frozen=True)
class CountTable:
    id: str
    population: str  # what is counted; tables with the same population count the same units
    dimensions: tuple[str, ...]
    values: tuple[tuple[str, ...], ...]  # per dimension its values, without "*"
    counts: Mapping[tuple[str, ...], int] = field(
        default_factory=lambda: MappingProxyType({})
    )  # interior cells only; a missing key = 0

    def __post_init__(self) -> None:
        _check_table(self)


@dataclass(frozen=True)
class PublishedCell:
    key: tuple[str, ...]  # a value or "*" per dimension
    count: int | None  # None = suppressed

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class PublishedTable:
    table: CountTable  # description only: its counts are left out
    cells: tuple[PublishedCell, ...]


@dataclass(frozen=True)
class Violation:
    table_id: str
    key: tuple[str, ...]
    kind: Literal["small_count", "narrow_range"]
    count: int | None  # the published count (small_count)
    low: float | None  # the feasible range (narrow_range)
    high: float | None


@dataclass(frozen=True)
class Hierarchy:
    """``child`` values nest in ``parent`` values (municipality in care region): in every
    population with tables over both, a cell fixing a parent value is the sum of the cells
    fixing its child values. The catalogue must then have, for every table over ``parent``, a
    table over ``child`` with the same other dimensions (else ``ValueError``).

    ``complete=False`` is for a dimension that is a function of another one shown in other
    tables (a route's track; the step "placed suitably" and a yes/no "placed suitably"): the
    sum is stated wherever the catalogue holds the finer cells, at least at the margins, so
    that those tables cannot be differenced through the dependency. A parent value with no
    child value at all is still refused."""

    child: str
    parent: str
    parent_of: Mapping[str, str]  # child value -> parent value
    complete: bool = True


@dataclass(frozen=True)
class Implication:
    """Every unit counted in one of the cells ``lesser`` is also counted in one of the cells
    ``greater``, in ``population`` (a case whose one form of exploitation is criminal has the
    gap profile "criminal"; one that was picked up reached at least the step "picked up"). A
    cell is given by the values it fixes (``{"exploitation": "criminal"}``). An observer who
    knows how the dimensions are derived can use the bound sum(lesser) <= sum(greater), also
    within every cell of the other dimensions (per quarter), so the model states it wherever
    the catalogue holds all of its cells. Where the counts break it (rows derived before a
    rule changed), ``protect`` leaves that bound out and logs it: it is no fact to infer from."""

    population: str
    lesser: tuple[Mapping[str, str], ...]
    greater: tuple[Mapping[str, str], ...]

    def atoms(self) -> tuple[tuple[Atom, ...], tuple[Atom, ...]]:
        return (
            tuple(tuple(sorted(c.items())) for c in self.lesser),
            tuple(tuple(sorted(c.items())) for c in self.greater),
        )


def figure_visible(n: int, *, threshold: int = DEFAULT_THRESHOLD) -> bool:
    """A median, percentile or share is shown only when computed from ``threshold`` or more."""
    _check_threshold(threshold)
    return n >= threshold


def exact(tables: Sequence[CountTable]) -> tuple[PublishedTable, ...]:
    """Every cell as it is: for roles with access to the cases behind the figures."""
    _check_catalogue(tables)
    return tuple(_publish(t, _cell_values(t), frozenset()) for t in tables)


def protect(
    tables: Sequence[CountTable],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    hierarchies: Sequence[Hierarchy] = (),
    implications: Sequence[Implication] = (),
) -> tuple[PublishedTable, ...]:
    """The catalogue with primary and secondary suppression applied to all tables together."""
    _check_threshold(threshold)
    _check_catalogue(tables)
    hidden: dict[str, frozenset[tuple[tuple[str, str], ...]]] = {}
    for population, members in _by_population(tables).items():
        model, values = _true_model(members, hierarchies, implications)
        chosen = _suppress(model, values, threshold)
        if chosen is None:  # unreachable: only frozen atoms can leave it without a cell to add
            raise RuntimeError("secondary suppression found no cell to add")
        hidden[population] = frozenset(model.atoms[a] for a in chosen)
    return tuple(_publish(t, _cell_values(t), hidden[t.population]) for t in tables)


def protect_for_insider(
    tables: Sequence[CountTable],
    known: Sequence[CountTable],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    hierarchies: Sequence[Hierarchy] = (),
    implications: Sequence[Implication] = (),
) -> tuple[PublishedTable, ...]:
    """``tables`` for a reader who knows the part ``known`` of them exactly (a coordinator who
    sees her own region's cases: ``known`` is her region's catalogue in the same shape).

    What she learns from a published cell beyond what she knows is the rest (``tables`` minus
    ``known``), so the rest is protected as a catalogue of its own, and a cell is published as
    rest + known only where the rest's cell is published. A cell whose total is from 1 to
    threshold - 1 is suppressed as well (suppressing more only widens every range). Protecting
    ``tables`` alone is not enough: her exact part, subtracted from its published margins,
    narrows the suppressed cells of the rest (ADR 0010, "insiders")."""
    _check_threshold(threshold)
    rest = rest_of(tables, known, name="known")
    protected = protect(
        rest, threshold=threshold, hierarchies=hierarchies, implications=implications
    )
    out = []
    for p, k in zip(protected, known, strict=True):
        mine = _cell_values(k)
        cells = []
        for cell in p.cells:
            total = None if cell.count is None else cell.count + mine[cell.key]
            if total is not None and 0 < total < threshold:
                total = None
            cells.append(PublishedCell(cell.key, total))
        out.append(PublishedTable(p.table, tuple(cells)))
    return tuple(out)


PART = "part"  # the dimension that protect_part adds: the part, the rest, and "*" the whole
PART_VALUES = ("part", "rest")


def protect_part(
    whole: Sequence[CountTable],
    part: Sequence[CountTable],
    published_whole: Sequence[PublishedTable],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    hierarchies: Sequence[Hierarchy] = (),
    implications: Sequence[Implication] = (),
    all_in_part: Mapping[str, Collection[str]] = MappingProxyType({}),
) -> tuple[PublishedTable, ...]:
    """``part`` (a region's counts in the shape of ``whole``, the country's) protected for a
    reader who also sees ``published_whole`` (``protect(whole)``, as everyone sees it).
    ``all_in_part``: dimension -> values whose units all belong to the part (``{"region":
    ("VT13",)}``): an observer knows that the rest has nobody there.

    Protected one by one, the two could be differenced: a region's margin published where the
    national one is suppressed, or the other way round, narrows cells of both. So the part, the
    rest (``whole`` minus ``part``) and the whole are one catalogue with a dimension ``PART``
    (the whole is its ``"*"``); the whole's cells keep what ``published_whole`` shows, and only
    cells of the part are suppressed until every suppressed cell, of the whole too, is wide.
    The rest is never shown, nor its zeros: its cells are at least 0, and one that counts 1
    to threshold - 1 must keep a range as wide as a suppressed cell's. Where the
    whole's suppressions cannot be kept wide that way (even with every non-zero cell of the
    part hidden, its zeros and its hidden cells' being at least 1 narrow one), the part's
    tables of that population are shown with every cell suppressed, zeros too."""
    _check_threshold(threshold)
    _check_catalogue(whole)
    _same_shape(whole, part, "part")
    shown_whole = _as_published(whole, published_whole)
    joint = []
    for t, k in zip(whole, part, strict=True):
        left = _left_over(t, k)
        counts = {(PART_VALUES[0], *key): n for key, n in k.counts.items() if n}
        counts.update({(PART_VALUES[1], *key): n for key, n in left.items()})
        joint.append(
            CountTable(t.id, t.population, (PART, *t.dimensions), (PART_VALUES, *t.values), counts)
        )
    _check_catalogue(joint)
    hidden: dict[str, frozenset[tuple[tuple[str, str], ...]] | None] = {}
    for population, members in _by_population(joint).items():
        model, values = _true_model(members, hierarchies, implications)
        frozen = _frozen(model, values, threshold, population, shown_whole)
        rest = [a for a, atom in enumerate(model.atoms) if dict(atom).get(PART) == PART_VALUES[1]]
        empty = {a for a in rest if _fixes_any(model.atoms[a], all_in_part)}
        if any(values[a] for a in empty):
            raise ValueError("all_in_part: the rest has units there")
        unseen = frozenset(rest) - empty  # the rest's cells where it is known to be empty: 0
        chosen = _suppress(model, values, threshold, _Given(frozen, unseen))
        hidden[population] = None if chosen is None else frozenset(model.atoms[a] for a in chosen)
    out = []
    for t, k in zip(joint, part, strict=True):
        mask = hidden[t.population]
        cells = (
            PublishedCell(
                key[1:], None if mask is None or atom_of(t.dimensions, key) in mask else n
            )
            for key, n in _cell_values(t).items()
            if key[0] == PART_VALUES[0]
        )
        out.append(PublishedTable(replace(k, counts=MappingProxyType({})), tuple(cells)))
    return tuple(out)


def protect_parts(
    whole: Sequence[CountTable],
    published_whole: Sequence[PublishedTable],
    parts: Sequence[CountTable],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    hierarchies: Sequence[Hierarchy] = (),
    implications: Sequence[Implication] = (),
    unseen: Mapping[str, Collection[str]] = MappingProxyType({}),
) -> tuple[tuple[PublishedTable, ...], frozenset[tuple[str, str, str]]]:
    """Every part of the whole at once, for readers of any number of them and of the whole.

    ``parts`` split cells of ``whole`` by a partition of its units: each has a leading
    dimension that names the part (``region``: every care region), and its ``"*"`` over that
    dimension is the whole's cell with the same other values (a region's year by gender sums
    to the country's year by gender). The whole keeps what ``published_whole`` shows (as
    everyone sees it), and cells of the parts are suppressed until every suppressed cell, of
    the whole too, is wide with all parts read together: one protection for all of them, so
    that two regions' figures side by side give nothing away that either alone does not.
    ``unseen``: dimension -> values never shown (the cases of no known region): at least 0,
    and wide when they count 1 to threshold - 1.

    In the parts' tables a zero may be suppressed to protect another cell (never one under a
    published total of 0, which would pin it), so a suppressed cell there is at least 0, not 1:
    otherwise every hidden cell of every region would raise the lower bound of the country's
    suppressed cell above it. Audit with ``parts_violations``. Where a range stays narrow
    with nothing linked left to suppress (or for ``STUCK_ROUNDS`` rounds in a row, as the
    greedy loop then only crawls), the part of that cell (else the smallest part linked to
    it) is shown with every cell of that population suppressed and counted as
    never seen, and the loop goes on: the whole alone, every part unseen, was protected.
    Returns the parts' tables (with their leading dimension) and the parts so hidden, per
    population: ``(population, dimension, value)``.

    Not yet used by the monitoring (ADR 0010, across scopes): on the demo history it is too
    slow to keep current (docs/benchmarks.md, ``bench/scopes.py --parts``)."""
    _check_threshold(threshold)
    _check_catalogue([*whole, *parts])
    shown_whole = _as_published(whole, published_whole)
    leading = {t.dimensions[0] for t in parts}
    masks: dict[str, frozenset[Atom]] = {}
    dropped: set[tuple[str, str, str]] = set()
    for population, members in _by_population([*whole, *parts]).items():
        if not any(t.population == population for t in parts):
            continue
        model, values = _true_model(members, hierarchies, implications)
        frozen = _frozen(model, values, threshold, population, shown_whole)
        never = frozenset(
            a for a, atom in enumerate(model.atoms) if a not in frozen and _fixes_any(atom, unseen)
        )
        zeros = frozenset(range(len(values))) - frozen.keys() - never
        chosen, out = _protect_with_parts(
            model, values, threshold, _Given(frozen, never, zeros), leading, unseen
        )
        masks[population] = frozenset(model.atoms[a] for a in chosen)
        dropped |= {(population, d, v) for d, v in out}
    published = []
    for t in parts:
        dark_parts = {v for p, d, v in dropped if p == t.population and d == t.dimensions[0]}
        cells = tuple(
            PublishedCell(
                key,
                None
                if key[0] in dark_parts or atom_of(t.dimensions, key) in masks[t.population]
                else n,
            )
            for key, n in _cell_values(t).items()
        )
        published.append(PublishedTable(replace(t, counts=MappingProxyType({})), cells))
    return tuple(published), frozenset(dropped)


def _protect_with_parts(
    model: Model,
    values: list[int],
    threshold: int,
    given: _Given,
    leading: Collection[str],
    unseen: Mapping[str, Collection[str]],
) -> tuple[set[int], set[tuple[str, str]]]:
    """``_suppress`` where an atom left narrow with nothing linked to hide makes a part unseen
    (``_smallest_linked_part``); the atoms to suppress and the parts so hidden."""
    out: set[tuple[str, str]] = set()

    def hide_a_part(cornered: dict[int, frozenset[int]]) -> frozenset[int]:
        part = _smallest_linked_part(model, values, cornered, leading, out, unseen)
        if part is None:
            return frozenset()
        out.add(part)
        return frozenset(
            a for a, atom in enumerate(model.atoms) if a not in given.frozen and part in atom
        )

    chosen = _suppress(model, values, threshold, given, hide_a_part)
    if chosen is None:  # unreachable: every part unseen leaves the whole as published
        raise RuntimeError("secondary suppression found no cell to add")
    return chosen, out


def _smallest_linked_part(
    model: Model,
    values: list[int],
    cornered: Mapping[int, frozenset[int]],
    leading: Collection[str],
    out: Collection[tuple[str, str]],
    unseen: Mapping[str, Collection[str]],
) -> tuple[str, str] | None:
    """The part of a cornered atom's own (its cell is pinned by what the whole and the other
    parts show), else, among the parts with a cell in or next to the linked group of one, the
    one that counts least there (the least lost by hiding it whole); ``None`` if none is left."""

    def open_part(atom: Atom) -> tuple[str, str] | None:
        return next(
            (
                (d, v)
                for d, v in atom
                if d in leading and (d, v) not in out and v not in unseen.get(d, ())
            ),
            None,
        )

    own = sorted(p for a in cornered if (p := open_part(model.atoms[a])) is not None)
    if own:
        return own[0]
    size: dict[tuple[str, str], int] = {}
    for group in cornered.values():
        for a in {m for g in group for m in model.linked(g)}:  # the group and what it touches
            for d, v in model.atoms[a]:
                part = (d, v)
                if d in leading and part not in out and v not in unseen.get(d, ()):
                    size[part] = size.get(part, 0) + values[a]
    return min(size, key=lambda part: (size[part], part)) if size else None


def _as_published(
    whole: Sequence[CountTable], published_whole: Sequence[PublishedTable]
) -> dict[tuple[str, Atom], bool]:
    """(population, atom) of every cell of the whole -> whether it is published as suppressed."""
    if [p.table.id for p in published_whole] != [t.id for t in whole]:
        raise ValueError("published_whole must list the tables of whole, in the same order")
    return {
        (p.table.population, atom_of(p.table.dimensions, c.key)): c.count is None
        for p in published_whole
        for c in p.cells
    }


def _frozen(
    model: Model,
    values: list[int],
    threshold: int,
    population: str,
    shown_whole: Mapping[tuple[str, Atom], bool],
) -> dict[int, bool]:
    """The atoms of the whole, kept as published (``True``: suppressed)."""
    frozen = {
        a: shown_whole[(population, atom)]
        for a, atom in enumerate(model.atoms)
        if (population, atom) in shown_whole
    }
    if any(0 < values[a] < threshold for a, was_hidden in frozen.items() if not was_hidden):
        raise ValueError("published_whole shows a count below the threshold")
    return frozen


def _fixes_any(atom: Atom, values: Mapping[str, Collection[str]]) -> bool:
    return any(v in values.get(d, ()) for d, v in atom)


def _same_shape(tables: Sequence[CountTable], other: Sequence[CountTable], name: str) -> None:
    if [t.id for t in tables] != [t.id for t in other]:
        raise ValueError(f"{name} must list the same tables, in the same order")
    for t, k in zip(tables, other, strict=True):
        if (t.population, t.dimensions, t.values) != (k.population, k.dimensions, k.values):
            raise ValueError(f"table {t.id!r}: {name} has another shape")


def rest_of(
    tables: Sequence[CountTable], part: Sequence[CountTable], *, name: str = "part"
) -> list[CountTable]:
    """Each table minus the part of it that ``part`` counts (the same tables in the same
    shape): the rest of the whole, e.g. the country without one region. ``ValueError`` where
    the part counts more than the table."""
    _same_shape(tables, part, name)
    return [
        replace(t, counts=MappingProxyType(_left_over(t, k)))
        for t, k in zip(tables, part, strict=True)
    ]


def _left_over(table: CountTable, part: CountTable) -> dict[tuple[str, ...], int]:
    """The table's interior counts minus the part's (zeros left out)."""
    left = {key: n - part.counts.get(key, 0) for key, n in table.counts.items()}
    if any(n < 0 for n in left.values()) or any(
        n and key not in table.counts for key, n in part.counts.items()
    ):
        raise ValueError(f"table {table.id!r}: the part (known) counts more than the table")
    return {key: n for key, n in left.items() if n}


def restrict(
    published: Sequence[PublishedTable], *, dimension: str, value: str
) -> tuple[PublishedTable, ...]:
    """The slice ``dimension = value`` of each protected table that has that dimension, with
    the dimension dropped (a region's rows of the national tables, for the region's view;
    ``value="*"``: the totals over the dimension, as a year's of a table by quarter).

    Serving a smaller scope as slices of the protected larger one keeps the two views
    consistent: protecting the smaller scope separately could suppress other cells, and the
    two publications could then be differenced (ADR 0010). Tables without the dimension, or
    with it as their only dimension, are left out. The slices are named as their own
    population (``"cases (region VT03)"``): they repeat published cells and add nothing to check.
    """
    out = []
    for p in published:
        t = p.table
        if dimension not in t.dimensions or len(t.dimensions) == 1:
            continue
        d = t.dimensions.index(dimension)
        if value != TOTAL and value not in t.values[d]:
            raise ValueError(f"table {t.id!r}: {dimension!r} has no value {value!r}")
        cells = tuple(
            PublishedCell((*c.key[:d], *c.key[d + 1 :]), c.count)
            for c in p.cells
            if c.key[d] == value
        )
        # Its own population name: its cells are the national cells, not new units to link.
        table = CountTable(
            t.id, f"{t.population} ({dimension} {value})", t.dimensions[:d] + t.dimensions[d + 1 :],
            t.values[:d] + t.values[d + 1 :],
        )  # fmt: skip
        out.append(PublishedTable(table, cells))
    return tuple(out)


def feasible_ranges(
    published: Sequence[PublishedTable],
    *,
    minimum: float = 1,
    hierarchies: Sequence[Hierarchy] = (),
    implications: Sequence[Implication] = (),
) -> dict[CellRef, tuple[float, float]]:
    """(table id, key) of each suppressed cell -> the (min, max) consistent with the published
    cells, additivity, the links between tables and ``minimum`` for every suppressed cell (1:
    zeros are never suppressed)."""
    ranges: dict[CellRef, tuple[float, float]] = {}
    by_population: dict[str, list[PublishedTable]] = {}
    for p in published:
        by_population.setdefault(p.table.population, []).append(p)
    for members in by_population.values():
        model, known = _published_model(members, hierarchies, implications)
        solver = RangeSolver(model, known, _unknown(model, known), minimum=minimum)
        atom_range = {a: solver.range_of(a) for a in solver.component}
        for p in members:
            for cell in p.cells:
                if cell.count is None:
                    atom = model.index[atom_of(p.table.dimensions, cell.key)]
                    fixed = float(known.get(atom, 0))  # published in another table: known
                    ranges[(p.table.id, cell.key)] = atom_range.get(atom, (fixed, fixed))
    return ranges


def violations(
    published: Sequence[PublishedTable],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    hierarchies: Sequence[Hierarchy] = (),
    implications: Sequence[Implication] = (),
    unseen: Mapping[CellRef, int] = MappingProxyType({}),
    zeros: Collection[CellRef] = frozenset(),
) -> list[Violation]:
    """Published cells from 1 to threshold - 1, and suppressed cells narrower than threshold.
    ``unseen``: cells never shown, nor their zeros (a region hidden whole, the cases of no
    known region), with their true counts, which only an auditor has: at least 0, and narrow
    only when they count 1 to threshold - 1. ``zeros``: cells whose suppression may hide a
    zero (every region's tables, ``protect_parts``): at least 0 when suppressed."""
    _check_threshold(threshold)
    found = [
        Violation(p.table.id, c.key, "small_count", c.count, None, None)
        for p in published
        for c in p.cells
        if c.count is not None and 0 < c.count < threshold
    ]
    for table_id, key, low, high in _narrow(
        published, threshold, hierarchies, implications, unseen, zeros
    ):
        found.append(Violation(table_id, key, "narrow_range", None, low, high))
    return found


def _narrow(
    published: Sequence[PublishedTable],
    threshold: int,
    hierarchies: Sequence[Hierarchy],
    implications: Sequence[Implication],
    unseen: Mapping[CellRef, int] = MappingProxyType({}),
    zeros: Collection[CellRef] = frozenset(),
) -> list[tuple[str, tuple[str, ...], float, float]]:
    """Suppressed cells whose range is narrower than ``threshold``: the ranges of the cells not
    proven wide by a few feasible points (``RangeSolver.certified_wide``) solved exactly.
    ``unseen``: cells never shown (nor their zeros), with their true counts: at least 0, and
    narrow only when they count 1 to threshold - 1."""
    narrow = []
    by_population: dict[str, list[PublishedTable]] = {}
    for p in published:
        by_population.setdefault(p.table.population, []).append(p)
    for members in by_population.values():
        model, known = _published_model(members, hierarchies, implications)
        floors = {
            model.index[atom_of(p.table.dimensions, c.key)]: 0.0
            for p in members
            for c in p.cells
            if (p.table.id, c.key) in unseen or (p.table.id, c.key) in zeros
        }
        solver = RangeSolver(model, known, _unknown(model, known), minimum=1, floors=floors)
        proven = solver.certified_wide(solver.component, threshold)
        for p in members:
            for cell in p.cells:
                if (
                    cell.count is not None
                    or not 0 < unseen.get((p.table.id, cell.key), 1) < threshold
                ):
                    continue
                atom = model.index[atom_of(p.table.dimensions, cell.key)]
                if atom in proven or (
                    atom in solver.component and solver.shown_wide(atom, threshold)
                ):
                    continue
                if atom in known:
                    low = high = float(known[atom])
                else:
                    low, high = solver.range_of(atom)
                if high - low < threshold - 1e-6:
                    narrow.append((p.table.id, cell.key, low, high))
    return narrow


def part_violations(
    published_whole: Sequence[PublishedTable],
    published_part: Sequence[PublishedTable],
    rest: Sequence[CountTable],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    hierarchies: Sequence[Hierarchy] = (),
    implications: Sequence[Implication] = (),
    all_in_part: Mapping[str, Collection[str]] = MappingProxyType({}),
    part_truth: Sequence[CountTable] = (),
) -> list[Violation]:
    """``violations`` for a reader of both the whole and a part of it (``protect_part``), read
    as one catalogue with the dimension ``PART`` (keys start with ``"part"``, ``"rest"`` or
    ``"*"``): suppressed cells of either narrower than the threshold, and cells of the rest
    (never shown; ``rest`` holds its true counts, which only an auditor has) that count 1 to
    threshold - 1 and can be narrowed that far. A population of the part with every cell
    hidden says nothing. ``part_truth`` (the part's true counts, in the same shape): the
    part's suppressed cells are then cells never shown, at least 0, narrow only when they
    count 1 to threshold - 1: what the whole alone gives away of a part, when the part
    publishes only the zeros everyone knows (a region's cells of the other regions) and
    suppresses every other cell."""
    _check_threshold(threshold)
    says_something = {  # per population: protect_part hides a population whole, or not
        p.table.population for p in published_part if any(c.count is not None for c in p.cells)
    }
    joint, unseen = [], {}
    if part_truth:
        _same_shape(rest, part_truth, "part_truth")
    own = [_cell_values(t) for t in part_truth] or [{} for _ in rest]
    for w, p, r, mine in zip(published_whole, published_part, rest, own, strict=True):
        t = w.table
        truth = _cell_values(r)
        cells = [PublishedCell((TOTAL, *c.key), c.count) for c in w.cells]
        for c in p.cells:
            cells.append(PublishedCell((PART_VALUES[0], *c.key), c.count))
            if part_truth and c.count is None:
                unseen[(t.id, (PART_VALUES[0], *c.key))] = mine[c.key]
            elif t.population not in says_something:  # nothing known, not even its zeros
                unseen[(t.id, (PART_VALUES[0], *c.key))] = 0
        for key, n in truth.items():
            if _fixes_any(atom_of(t.dimensions, key), all_in_part):
                cells.append(PublishedCell((PART_VALUES[1], *key), 0))  # known to be empty
            else:
                cells.append(PublishedCell((PART_VALUES[1], *key), None))
                unseen[(t.id, (PART_VALUES[1], *key))] = n
        table = CountTable(t.id, t.population, (PART, *t.dimensions), (PART_VALUES, *t.values))
        joint.append(PublishedTable(table, tuple(cells)))
    found = [
        Violation(p.table.id, (value, *c.key), "small_count", c.count, None, None)
        for value, tables in ((TOTAL, published_whole), (PART_VALUES[0], published_part))
        for p in tables
        for c in p.cells
        if c.count is not None and 0 < c.count < threshold
    ]
    for table_id, key, low, high in _narrow(joint, threshold, hierarchies, implications, unseen):
        found.append(Violation(table_id, key, "narrow_range", None, low, high))
    return found


def given_away_by_whole(
    published_whole: Sequence[PublishedTable],
    whole: Sequence[CountTable],
    part: Sequence[CountTable],
    *,
    all_in_part: Mapping[str, Collection[str]],
    threshold: int = DEFAULT_THRESHOLD,
    hierarchies: Sequence[Hierarchy] = (),
    implications: Sequence[Implication] = (),
) -> list[Violation]:
    """The part's cells counting 1 to threshold - 1 that the published whole alone narrows
    below the threshold. ``whole`` and ``part`` are the true counts (what only an auditor
    has), in the shape of ``published_whole``. The part is read as showing only the zeros its
    reader knows anyway (its cells of values outside ``all_in_part``: a region's cells of the
    other regions) and hiding every other cell: ``part_violations(..., part_truth=part)``."""

    def known(table: CountTable, key: tuple[str, ...]) -> int | None:
        outside = any(
            d in all_in_part and v != TOTAL and v not in all_in_part[d]
            for d, v in zip(table.dimensions, key, strict=True)
        )
        return 0 if outside else None

    shown = [
        PublishedTable(p.table, tuple(PublishedCell(c.key, known(p.table, c.key)) for c in p.cells))
        for p in exact(part)
    ]
    return part_violations(
        published_whole,
        shown,
        rest_of(whole, part),
        threshold=threshold,
        hierarchies=hierarchies,
        implications=implications,
        all_in_part=all_in_part,
        part_truth=part,
    )


def parts_violations(
    published_whole: Sequence[PublishedTable],
    published_parts: Sequence[PublishedTable],
    parts: Sequence[CountTable],
    hidden_whole: Collection[tuple[str, str, str]],
    *,
    threshold: int = DEFAULT_THRESHOLD,
    hierarchies: Sequence[Hierarchy] = (),
    implications: Sequence[Implication] = (),
    unseen: Mapping[str, Collection[str]] = MappingProxyType({}),
) -> list[Violation]:
    """``violations`` for a reader of the whole and of every part (``protect_parts``) read
    together. ``parts`` holds the parts' true counts, which only an auditor has. They are
    needed for the cells never shown, nor their zeros: a part hidden whole (``hidden_whole``,
    as ``protect_parts`` returns it) and the ``unseen`` values. Every other cell of a part may
    hide a zero, so it is at least 0 when suppressed."""
    if [p.table.id for p in published_parts] != [t.id for t in parts]:
        raise ValueError("published_parts must list the tables of parts, in the same order")
    truth = {
        (t.id, c.key): c.count or 0
        for t, e in zip(parts, exact(parts), strict=True)
        for c in e.cells
    }
    never: dict[CellRef, int] = {}
    zeros: set[CellRef] = set()
    for p in published_parts:
        leading = p.table.dimensions[0]
        for c in p.cells:
            ref, part = (p.table.id, c.key), c.key[0]
            if (
                part in unseen.get(leading, ())
                or (p.table.population, leading, part) in hidden_whole
            ):
                never[ref] = truth[ref]
            elif part != TOTAL:  # the whole's own cells: as it shows them
                zeros.add(ref)
    return violations(
        [*published_whole, *published_parts],
        threshold=threshold,
        hierarchies=hierarchies,
        implications=implications,
        unseen=never,
        zeros=zeros,
    )


# --- secondary suppression ---------------------------------------------------------------


@dataclass(frozen=True)
class _Given:
    """What secondary suppression may not change: ``frozen`` atoms are published elsewhere
    (``True``: as suppressed); ``unseen`` atoms are never shown (nor their zeros), so they are
    hidden, at least 0, and need a wide range only when they count 1 to threshold - 1."""

    frozen: Mapping[int, bool] = field(default_factory=dict)
    unseen: frozenset[int] = frozenset()
    zeros: frozenset[int] = frozenset()  # may be suppressed when 0 (so: at least 0 if hidden)

    def fixed(self, atom: int) -> bool:
        return atom in self.frozen or atom in self.unseen

    def needs_width(self, atom: int, value: int, threshold: int) -> bool:
        return atom not in self.unseen or 0 < value < threshold

    def floor(self, atom: int) -> int:
        return 0 if atom in self.unseen or atom in self.zeros else 1

    def floors(self) -> dict[int, float]:
        return dict.fromkeys(self.unseen | self.zeros, 0.0)

    def open(self, atom: int, values: list[int], hidden: Collection[int], model: Model) -> bool:
        """May be suppressed to protect another: published, not given, and not a zero (unless
        a zero may be hidden there and no published total of 0 would pin it)."""
        if atom in hidden or self.fixed(atom):
            return False
        if values[atom] > 0:
            return True
        return atom in self.zeros and not any(
            (total := model.members(s)[0]) != atom and total not in hidden and values[total] == 0
            for s in model.sums_of[atom]
        )


Stuck = Callable[[dict[int, frozenset[int]]], frozenset[int]]
# With ``stuck``: a cell found narrow in this many rounds in a row counts as cornered, as one
# with nothing linked left to hide (on every region at once, one cell added per round for the
# same narrow cells crawled for minutes without converging: docs/benchmarks.md, 2026-12-03).
STUCK_ROUNDS = 3


def _suppress(
    model: Model,
    values: list[int],
    threshold: int,
    given: _Given | None = None,
    stuck: Stuck | None = None,
) -> set[int] | None:
    """The atoms to suppress; ``None`` when what is ``given`` leaves a range narrow with
    nothing more to suppress (never without frozen atoms). ``stuck``: for atoms left narrow
    with nothing linked to them to suppress, or found narrow ``STUCK_ROUNDS`` rounds in a row
    (atom -> its linked group), the atoms to make unseen from then on (none: give up);
    without it, that is found before the first cell and the rest of the population is
    searched for complements."""
    given = given or _Given()
    if given.frozen and stuck is None and not _may_hide_all(model, values, threshold, given):
        return None  # found at once, not after hiding cell after cell
    suppressed = {a for a, v in enumerate(values) if 0 < v < threshold and not given.fixed(a)}
    suppressed |= {a for a, hidden in given.frozen.items() if hidden} | given.unseen
    suppressed |= _close_sums(model, values, suppressed, threshold, given)
    pending = {a for a in suppressed if given.needs_width(a, values[a], threshold)}
    checked: set[int] = set()
    floors = given.floors()
    rounds = 0
    narrow_for: dict[int, int] = {}  # atom -> rounds in a row it was found narrow
    while pending:
        rounds += 1
        started = time.perf_counter()
        published = {a: v for a, v in enumerate(values) if a not in suppressed}
        solver = RangeSolver(model, published, suppressed, minimum=1, floors=floors)
        truth = dict(enumerate(values))
        proven = solver.certified_wide(pending, threshold, truth)
        unproven = sorted(pending - proven)
        certified = time.perf_counter()
        # The first time, a cell the feasible points do not show wide gets its complement
        # without programs of its own (most such cells are narrow, and the programs would only
        # say so); from its second check on, or when nothing is left to hide, they decide.
        first = set(unproven) - checked
        checked.update(unproven)
        failing, added, cornered = _complements(
            model, values, threshold, suppressed, given, solver, unproven, first, stuck is not None
        )
        log.debug(
            "disclosure: round %d of %d cells: %d to check, %d unproven, %d narrow, %d to add, "
            "%.1f s certifying, %.1f s searching",
            rounds, len(values), len(pending), len(unproven), len(failing), len(added),
            certified - started, time.perf_counter() - certified,
        )  # fmt: skip
        if not failing:
            break
        narrow_for = {a: narrow_for.get(a, 0) + 1 for a in failing}
        if stuck is not None:  # still narrow round after round: the greedy search crawls
            cornered |= {
                a: solver.component.get(a, frozenset({a}))
                for a, n in narrow_for.items()
                if n >= STUCK_ROUNDS
            }
        if cornered and stuck is not None:  # a part unseen from now on
            dark = stuck(cornered) - given.unseen
            if not dark:
                return None
            given = _Given(given.frozen, given.unseen | dark, given.zeros)
            floors = given.floors()
            added |= dark
        elif not added:  # with every non-zero cell hidden all ranges are unbounded: only frozen
            if given.frozen:  # atoms published elsewhere can leave a range narrow
                return None
            raise RuntimeError("secondary suppression found no cell to add")
        suppressed |= added
        added |= _close_sums(model, values, suppressed, threshold, given)
        suppressed |= added
        pending = {a for a in {*failing, *added} if given.needs_width(a, values[a], threshold)}
    return suppressed


def _complements(
    model: Model,
    values: list[int],
    threshold: int,
    suppressed: set[int],
    given: _Given,
    solver: RangeSolver,
    unproven: list[int],
    first: set[int],
    near_only: bool,
) -> tuple[list[int], set[int], dict[int, frozenset[int]]]:
    """One round of the greedy loop: the atoms still narrow, a complement for each, and (with
    ``near_only``) those with nothing linked left to hide, with their linked groups."""
    failing, added = [], set()
    search = _Search(model, values, suppressed, given, solver)
    cornered: dict[int, frozenset[int]] = {}
    for a in unproven:
        if a not in first and solver.is_wide(a, values[a], threshold):
            continue
        # With near_only not the rest of the population: a part can be hidden instead.
        complement = search.complement(a, near_only)
        if complement is None and a in first and solver.is_wide(a, values[a], threshold):
            continue
        failing.append(a)
        if complement is not None:
            added.add(complement)
        elif near_only:  # cannot widen it: nothing linked is left to hide
            cornered[a] = solver.component.get(a, frozenset({a}))
    return failing, added, cornered


def _may_hide_all(model: Model, values: list[int], threshold: int, given: _Given) -> bool:
    """With every non-zero cell hidden that may be, is every range that must be wide wide?
    Hiding more only widens ranges, so if not here, then nowhere; if so, the greedy loop always
    finds a cell to add while a range is narrow."""
    hidden = {a for a, v in enumerate(values) if v > 0 and not given.fixed(a)}
    hidden |= {a for a, was_hidden in given.frozen.items() if was_hidden} | given.unseen
    published = {a: v for a, v in enumerate(values) if a not in hidden}
    solver = RangeSolver(model, published, hidden, minimum=1, floors=given.floors())
    need = {a for a in hidden if given.needs_width(a, values[a], threshold)}
    proven = solver.certified_wide(need, threshold, dict(enumerate(values)))
    return all(solver.is_wide(a, values[a], threshold) for a in sorted(need - proven))


def _close_sums(
    model: Model, values: list[int], suppressed: set[int], threshold: int, given: _Given
) -> set[int]:
    """Suppress cells until no single sum pins a suppressed cell down (no programs needed);
    never a ``given`` one (a sum that only they could close is left to the programs)."""
    added: set[int] = set()
    work = sorted({s for a in suppressed for s in model.sums_of[a]})
    while work:
        s = work.pop()
        members = model.members(s)
        hidden = [a for a in members if a in suppressed or a in added]
        if not any(given.needs_width(a, values[a], threshold) for a in hidden):
            continue
        if not _pins(members[0], hidden, values, threshold, given):
            continue
        open_ = [a for a in members if a not in added and given.open(a, values, suppressed, model)]
        if not open_:
            continue
        parts = [a for a in open_ if a != members[0]]
        choice = _cheapest(model, values, suppressed | added, parts or open_)
        added.add(choice)
        work.extend(model.sums_of[choice])
    return added


def _pins(lhs: int, hidden: list[int], values: list[int], threshold: int, given: _Given) -> bool:
    if len(hidden) == 1:
        return True
    if lhs in hidden:
        return False
    # The hidden parts share a known total; each is at least its floor (1, or 0 if unseen).
    return sum(values[a] - given.floor(a) for a in hidden) < threshold


class _Search:
    """The complement search of one round of the greedy loop. What is suppressed and given does
    not change within a round, so whether a cell may be hidden, what hiding it would open, and
    the choice around a linked group or in the whole population are found once per round, not
    once per narrow cell (the same choices: ``_cheapest`` orders the candidates totally)."""

    def __init__(
        self,
        model: Model,
        values: list[int],
        suppressed: set[int],
        given: _Given,
        solver: RangeSolver,
    ) -> None:
        self.model, self.values, self.suppressed = model, values, suppressed
        self.given, self.solver = given, solver
        self._open: dict[int, bool] = {}
        self._opens: dict[int, int] = {}
        self._near: dict[frozenset[int], int | None] = {}
        self._anywhere: int | None | _NotYet = NOT_YET  # the population's choice, once found

    def complement(self, atom: int, near_only: bool) -> int | None:
        """The smallest published non-zero cell nearest to ``atom`` that is not given: same
        sum, same linked group, else (unless ``near_only``) anywhere in the population."""
        choice = self._cheapest_open(self.model.linked(atom))
        if choice is not None:
            return choice
        group = self.solver.component.get(atom, frozenset({atom}))
        if group not in self._near:
            ring = {m for a in group for m in self.model.linked(a)}
            self._near[group] = self._cheapest_open(ring)
        if self._near[group] is not None or near_only:
            return self._near[group]
        if isinstance(self._anywhere, _NotYet):  # every atom is linked to itself: all of them
            self._anywhere = self._cheapest_open(range(len(self.values)))
        return self._anywhere

    def _cheapest_open(self, near: Iterable[int]) -> int | None:
        open_ = [m for m in near if self._is_open(m)]
        return min(open_, key=self._order) if open_ else None

    def _is_open(self, atom: int) -> bool:
        known = self._open.get(atom)
        if known is None:
            known = self._open[atom] = self.given.open(
                atom, self.values, self.suppressed, self.model
            )
        return known

    def _order(self, atom: int) -> tuple[int, int, int, int]:
        opens = self._opens.get(atom)
        if opens is None:
            opens = self._opens[atom] = _opens(self.model, self.suppressed, atom)
        return _rank(self.model, self.values, atom, opens)


class _NotYet:
    """A choice not looked for yet (``None`` is a choice: nothing found)."""


NOT_YET = _NotYet()


def _cheapest(model: Model, values: list[int], hidden: set[int], candidates: list[int]) -> int:
    return min(candidates, key=lambda a: _rank(model, values, a, _opens(model, hidden, a)))


def _rank(model: Model, values: list[int], atom: int, opens: int) -> tuple[int, int, int, int]:
    """The order of candidates, total: prefer a cell whose other sums already hide a cell (it
    closes a cycle instead of opening a new pinned sum; ``opens``), then the smallest count,
    then an interior cell over a margin."""
    return (opens, values[atom], -len(model.atoms[atom]), atom)


def _opens(model: Model, hidden: Collection[int], atom: int) -> int:
    """The sums of ``atom`` with nothing hidden yet: what hiding it would open."""
    return sum(1 for s in model.sums_of[atom] if not any(m in hidden for m in model.members(s)))


# --- building the models ---------------------------------------------------------------------


def _add_links(
    model: Model,
    tables: Sequence[CountTable],
    hierarchies: Sequence[Hierarchy],
    implications: Sequence[Implication],
) -> None:
    dimensions = {d for t in tables for d in t.dimensions}
    for h in hierarchies:
        if h.child in dimensions and h.parent in dimensions:
            model.add_hierarchy(h.child, h.parent, h.parent_of, complete=h.complete)
    populations = {t.population for t in tables}
    for i in implications:
        if i.population in populations:
            model.add_bound(*i.atoms())


def _true_model(
    tables: Sequence[CountTable],
    hierarchies: Sequence[Hierarchy] = (),
    implications: Sequence[Implication] = (),
) -> tuple[Model, list[int]]:
    model = Model()
    seen: dict[int, tuple[int, str]] = {}
    for t in tables:
        model.add_table(t.dimensions, t.values)
        for key, value in _cell_values(t).items():
            atom = model.index[atom_of(t.dimensions, key)]
            first = seen.setdefault(atom, (value, t.id))
            if first[0] != value:
                raise ValueError(
                    f"tables {first[1]!r} and {t.id!r} count the same units differently "
                    f"at {dict(zip(t.dimensions, key, strict=True))}: {first[0]} and {value}"
                )
    values = [seen[a][0] for a in range(len(model.atoms))]
    _add_links(model, tables, hierarchies, implications)
    for lhs, rhs in model.sums:
        if values[lhs] != sum(values[a] for a in rhs):
            raise ValueError(
                f"{dict(model.atoms[lhs]) or 'the total'} counts {values[lhs]}, "
                f"its parts {sum(values[a] for a in rhs)} (tables {sorted(t.id for t in tables)})"
            )
    false = [
        (lesser, greater)
        for lesser, greater in model.bounds
        if sum(values[a] for a in lesser) > sum(values[a] for a in greater)
    ]
    for lesser, greater in false:  # counts from before a rule changed, say: not a fact, left out
        log.warning(
            "disclosure: %s count more than %s, which they should imply; the bound is left out",
            [dict(model.atoms[a]) for a in lesser],
            [dict(model.atoms[a]) for a in greater],
        )
    if false:
        model.drop_bounds(set(false))
    return model, values


def _published_model(
    tables: Sequence[PublishedTable],
    hierarchies: Sequence[Hierarchy] = (),
    implications: Sequence[Implication] = (),
) -> tuple[Model, dict[int, int]]:
    model = Model()
    known: dict[int, int] = {}
    for p in tables:
        model.add_table(p.table.dimensions, p.table.values)
        for cell in p.cells:
            atom = model.index[atom_of(p.table.dimensions, cell.key)]
            if cell.count is None:
                continue
            if known.setdefault(atom, cell.count) != cell.count:
                raise ValueError(
                    f"table {p.table.id!r} publishes {cell.count} at {cell.key}, "
                    f"another table {known[atom]} for the same units"
                )
    _add_links(model, [p.table for p in tables], hierarchies, implications)
    return model, known


def _unknown(model: Model, known: Mapping[int, int]) -> list[int]:
    return [a for a in range(len(model.atoms)) if a not in known]


def _cell_values(table: CountTable) -> dict[tuple[str, ...], int]:
    """Every cell of the table, margins summed from the interior counts."""
    cells = dict.fromkeys(table_keys(table.values), 0)
    width = len(table.dimensions)
    for key, count in table.counts.items():
        for mask in range(1 << width):
            cells[tuple(TOTAL if mask >> i & 1 else v for i, v in enumerate(key))] += count
    return cells


def _publish(
    table: CountTable,
    cells: Mapping[tuple[str, ...], int],
    hidden: frozenset[tuple[tuple[str, str], ...]],
) -> PublishedTable:
    published = tuple(
        PublishedCell(key, None if atom_of(table.dimensions, key) in hidden else value)
        for key, value in cells.items()
    )
    return PublishedTable(replace(table, counts=MappingProxyType({})), published)


def _by_population(tables: Sequence[CountTable]) -> dict[str, list[CountTable]]:
    groups: dict[str, list[CountTable]] = {}
    for t in tables:
        groups.setdefault(t.population, []).append(t)
    return groups


# --- validation ----------------------------------------------------------------------------


def _check_threshold(threshold: int) -> None:
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 1:
        raise ValueError(f"threshold must be a whole number of at least 1, not {threshold!r}")


def _check_table(t: CountTable) -> None:
    where = f"table {t.id!r}"
    if not t.dimensions or len(set(t.dimensions)) != len(t.dimensions):
        raise ValueError(f"{where}: dimensions must be non-empty and distinct")
    if len(t.values) != len(t.dimensions):
        raise ValueError(f"{where}: values must list the values of each dimension")
    for dim, vals in zip(t.dimensions, t.values, strict=True):
        if not vals or len(set(vals)) != len(vals) or TOTAL in vals:
            raise ValueError(f"{where}: values of {dim!r} must be non-empty, distinct, not '*'")
    for key, count in t.counts.items():
        valid = len(key) == len(t.values) and all(
            v in vals for v, vals in zip(key, t.values, strict=False)
        )
        if not valid:
            raise ValueError(f"{where}: counts has a key outside the dimensions' values: {key}")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"{where}: count at {key} must be a whole number >= 0: {count!r}")


def _check_catalogue(tables: Sequence[CountTable]) -> None:
    ids = [t.id for t in tables]
    if len(set(ids)) != len(ids):
        raise ValueError(f"table ids must be distinct: {sorted(ids)}")
    shared: dict[tuple[str, str], tuple[frozenset[str], str]] = {}
    for t in tables:
        for dim, vals in zip(t.dimensions, t.values, strict=True):
            first = shared.setdefault((t.population, dim), (frozenset(vals), t.id))
            if first[0] != frozenset(vals):
                raise ValueError(
                    f"tables {first[1]!r} and {t.id!r} (population {t.population!r}) list "
                    f"different values for dimension {dim!r}"
                )
