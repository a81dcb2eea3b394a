"""What a policy option does to the landscape: ``[[changes]]`` of a scenario, applied in order.

Kinds (the report's recommendations, ch. 7):

- ``add``: new places (``places`` beds at ``municipality``, ``category``, with admission
  criteria as in the landscape file: ``genders``, ``exploitation_served``,
  ``contra_indications_excluded``, ``multi_problem_accepted``, ``children_allowed``,
  ``age_min``, ``max_stay_days``). "N places for criminal exploitation" is an ``add`` whose
  ``exploitation_served`` includes ``criminal``.
- ``scale``: multiply the beds of a ``category`` (or of the groups ``ids``) by ``factor``
  ("OMM doubled": ``category = "omm"``, ``factor = 2``).
- ``lift_contra_indications``: on a ``share`` of the beds of each group (optionally only
  ``categories``), no contra-indications: the group is split in two.
- ``remove_region_binding``: no region binding (optionally only ``categories``).
- ``pool``: "a few national specialised centres": the beds of ``categories`` gathered in the
  ``centres`` (municipalities), per set of admission criteria (and maximum stay and phase),
  without region binding and not shared with other target groups; the beds spread evenly over
  the centres.

Multi-labelled groups count ``capacity_min`` plus a share of the rest (``effective_groups``):
the beds that other target groups take are not there for victims (report ch. 5).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from veiligeplek.data.landscape import Geography
from veiligeplek.domain.eligibility import criteria_key
from veiligeplek.domain.enums import ContraIndication, Exploitation, Gender, PlaceCategory
from veiligeplek.domain.places import GroupProfile
from veiligeplek.domain.routing import CATEGORY_AUTHORITY

if TYPE_CHECKING:
    from veiligeplek.simulation.scenario import _Reader

Path = tuple[str | int, ...]
KINDS = ("add", "scale", "lift_contra_indications", "remove_region_binding", "pool")
KEYS: dict[str, frozenset[str]] = {
    "add": frozenset(
        {
            "kind", "id", "category", "places", "municipality", "genders", "exploitation_served",
            "contra_indications_excluded", "multi_problem_accepted", "children_allowed", "age_min",
            "max_stay_days",
        }
    ),
    "scale": frozenset({"kind", "category", "ids", "factor"}),
    "lift_contra_indications": frozenset({"kind", "share", "categories"}),
    "remove_region_binding": frozenset({"kind", "categories"}),
    "pool": frozenset({"kind", "categories", "centres"}),
}  # fmt: skip


def round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def effective_groups(groups: Sequence[GroupProfile], share: float) -> list[GroupProfile]:
    """Each group with the beds the model uses: ``capacity_min`` plus ``share`` of the beds
    above it; groups left without beds are dropped."""
    out = []
    for group in groups:
        beds = group.capacity_min + round_half_up(share * (group.capacity - group.capacity_min))
        if beds > 0:
            out.append(dataclasses.replace(group, capacity=beds, capacity_min=beds))
    return out


def apply_changes(
    reader: _Reader, groups: list[GroupProfile], geo: Geography
) -> list[GroupProfile]:
    changes = reader.node(("changes",))
    if changes is None:
        return groups
    if not isinstance(changes, list):
        raise reader.error(("changes",), "verwacht [[changes]]-tabellen")
    for i, change in enumerate(changes):
        path: Path = ("changes", i)
        kind = change.get("kind") if isinstance(change, dict) else None
        if kind not in KINDS:
            raise reader.error((*path, "kind"), f"verwacht een van {', '.join(KINDS)}")
        reader.table(path, KEYS[kind])
        reader.record((*path, "kind"), kind, "file")
        groups = _APPLY[kind](reader, path, groups, geo)
    return groups


def _categories(reader: _Reader, path: Path, *, required: bool = False) -> set[PlaceCategory]:
    value = reader.node(path)
    if value is None:
        if required:
            raise reader.error(path, "verplichte sleutel ontbreekt")
        return set(PlaceCategory)
    values = value if isinstance(value, list) else [value]
    try:
        chosen = {PlaceCategory(str(v)) for v in values}
    except ValueError:
        allowed = ", ".join(c.value for c in PlaceCategory)
        raise reader.error(path, f"onbekende categorie; toegestaan: {allowed}") from None
    reader.record(path, sorted(c.value for c in chosen), "file")
    return chosen


def _members[E: (Exploitation, ContraIndication, Gender)](
    reader: _Reader, path: Path, enum: type[E], default: frozenset[E]
) -> frozenset[E]:
    value = reader.node(path)
    if value is None:
        return default
    if value == "any" and enum is Gender:
        return frozenset()
    if not isinstance(value, list):
        raise reader.error(path, "verwacht een lijst")
    try:
        members = frozenset(enum(v) for v in value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise reader.error(path, f"onbekende waarde; toegestaan: {allowed}") from None
    reader.record(path, sorted(m.value for m in members), "file")
    return members


def _flag(reader: _Reader, path: Path) -> bool:
    value = reader.node(path)
    if value is not None and not isinstance(value, bool):
        raise reader.error(path, "verwacht true of false")
    return bool(value)


def _add(
    reader: _Reader, path: Path, groups: list[GroupProfile], geo: Geography
) -> list[GroupProfile]:
    return [*groups, add_group(reader, path, groups, geo)]


def add_group(
    reader: _Reader, path: Path, groups: Sequence[GroupProfile], geo: Geography
) -> GroupProfile:
    """The group of an ``add`` table (also a search option: ``places`` is its step)."""
    group_id = reader.text_value((*path, "id"))
    if any(g.id == group_id for g in groups):
        raise reader.error((*path, "id"), f"{group_id!r} bestaat al in het landschap")
    chosen = _categories(reader, (*path, "category"), required=True)
    if len(chosen) != 1:
        raise reader.error((*path, "category"), "verwacht precies één categorie")
    (category,) = chosen
    places = int(reader.number((*path, "places"), low=1, high=10_000, integer=True))
    municipality = reader.text_value((*path, "municipality"))
    if municipality not in geo.municipalities:
        raise reader.error((*path, "municipality"), f"onbekende gemeentecode {municipality!r}")
    age_min = reader.number((*path, "age_min"), default=18, high=120, integer=True)
    max_stay = reader.node((*path, "max_stay_days"))
    stay = None if max_stay is None else int(reader.number((*path, "max_stay_days"), low=1))
    return GroupProfile(
        id=group_id,
        organisation="(scenario)",
        location_name=f"Nieuwe plekken ({group_id})",
        municipality=municipality,
        category=category,
        placement_authority=CATEGORY_AUTHORITY[category],
        capacity=places,
        capacity_min=places,
        genders=_members(reader, (*path, "genders"), Gender, frozenset()),
        age_min=int(age_min),
        exploitation_served=_members(
            reader, (*path, "exploitation_served"), Exploitation, frozenset(Exploitation)
        ),
        contra_indications_excluded=_members(
            reader, (*path, "contra_indications_excluded"), ContraIndication, frozenset()
        ),
        multi_problem_accepted=_flag(reader, (*path, "multi_problem_accepted")),
        children_allowed=_flag(reader, (*path, "children_allowed")),
        max_stay_days=stay,
    )


def _scale(
    reader: _Reader, path: Path, groups: list[GroupProfile], geo: Geography
) -> list[GroupProfile]:
    factor = reader.number((*path, "factor"), low=0.0, high=100.0)
    ids = reader.node((*path, "ids"))
    if ids is not None:
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise reader.error((*path, "ids"), "verwacht een lijst van ids")
        unknown = sorted(set(ids) - {g.id for g in groups})
        if unknown:
            raise reader.error((*path, "ids"), f"onbekende id(s): {', '.join(unknown)}")
        reader.record((*path, "ids"), ids, "file")
        chosen = {g.id for g in groups if g.id in ids}
    else:
        categories = _categories(reader, (*path, "category"), required=True)
        chosen = {g.id for g in groups if g.category in categories}
    return [
        dataclasses.replace(
            g,
            capacity=round_half_up(g.capacity * factor),
            capacity_min=round_half_up(g.capacity_min * factor),
        )
        if g.id in chosen
        else g
        for g in groups
    ]


def _lift(
    reader: _Reader, path: Path, groups: list[GroupProfile], geo: Geography
) -> list[GroupProfile]:
    share = reader.number((*path, "share"), high=1.0)
    categories = _categories(reader, (*path, "categories"))
    out: list[GroupProfile] = []
    for g in groups:
        lifted = round_half_up(share * g.capacity)
        if g.category not in categories or not g.contra_indications_excluded or lifted == 0:
            out.append(g)
            continue
        lifted_min = min(lifted, g.capacity_min)
        if lifted < g.capacity:
            out.append(
                dataclasses.replace(
                    g, capacity=g.capacity - lifted, capacity_min=g.capacity_min - lifted_min
                )
            )
        out.append(
            dataclasses.replace(
                g,
                id=f"{g.id}-zonder-contra-indicaties",
                capacity=lifted,
                capacity_min=lifted_min,
                contra_indications_excluded=frozenset(),
            )
        )
    return out


def _unbind(
    reader: _Reader, path: Path, groups: list[GroupProfile], geo: Geography
) -> list[GroupProfile]:
    categories = _categories(reader, (*path, "categories"))
    return [
        dataclasses.replace(g, region_binding=None) if g.category in categories else g
        for g in groups
    ]


def _pool(
    reader: _Reader, path: Path, groups: list[GroupProfile], geo: Geography
) -> list[GroupProfile]:
    categories = _categories(reader, (*path, "categories"), required=True)
    centres = reader.node((*path, "centres"))
    if not isinstance(centres, list) or not centres:
        raise reader.error((*path, "centres"), "verwacht een lijst van gemeentecodes")
    for centre in centres:
        if centre not in geo.municipalities:
            raise reader.error((*path, "centres"), f"onbekende gemeentecode {centre!r}")
    reader.record((*path, "centres"), centres, "file")
    kept = [g for g in groups if g.category not in categories]
    pools: dict[object, tuple[GroupProfile, int]] = {}
    for g in groups:
        if g.category in categories:
            pooled = dataclasses.replace(g, region_binding=None, multi_labelled=False)
            key = (criteria_key(pooled), g.max_stay_days, g.phase)
            first, beds = pools.get(key, (pooled, 0))
            pools[key] = (first, beds + g.capacity)
    for n, (template, beds) in enumerate(pools.values()):
        for k, centre in enumerate(centres):
            share = beds // len(centres) + (1 if k < beds % len(centres) else 0)
            if share:
                kept.append(_centre(template, n, centre, share))
    return kept


def _centre(template: GroupProfile, n: int, centre: str, beds: int) -> GroupProfile:
    changes: dict[str, Any] = {
        "id": f"centrum-{template.category.value}-{n}-{centre.lower()}",
        "organisation": "Landelijk centrum (scenario)",
        "location_name": f"Landelijk centrum {centre}",
        "municipality": centre,
        "capacity": beds,
        "capacity_min": beds,
    }
    return dataclasses.replace(template, **changes)


_APPLY = {
    "add": _add,
    "scale": _scale,
    "lift_contra_indications": _lift,
    "remove_region_binding": _unbind,
    "pool": _pool,
}
