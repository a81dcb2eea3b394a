"""The places of a match as the contract's JSON, written from the match's columns.

A match at 100x the registry lists 2,100 groups (1.4 MB). Building a dict per group and
encoding it costs more than the match itself; here each group's fixed part (id, organisation,
location, municipality, category, capacity, phone) is encoded once per ``PlaceTable``, each
update time once per time, and each reason, distance and score once per match; numpy gathers
the pieces in the order of the ranking and one ``bytes.join`` writes them. The bytes are those
of ``orjson.dumps(place_dicts(...))`` (tests/domain/test_matching_memo.py compares them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import numpy as np
import orjson
from numpy.typing import NDArray

from veiligeplek.domain.eligibility import Reason
from veiligeplek.domain.places import Availability, PlaceTable

if TYPE_CHECKING:
    from veiligeplek.domain.matching import TownDistances

# The pieces of a place item between its values, in the order of ``PlaceMatch.to_dict``.
_AVAILABLE = b',"available":'
_ELIGIBLE = (b',"eligible":false,"reasons":[', b',"eligible":true,"reasons":[')
_DISTANCE = b'],"distance_km":'
_SCORE = b',"score":'
_STALE = (b',"stale":false,"availability_updated_at":', b',"stale":true,"availability_updated_at":')
_NULL = b"null"
_COMMA = b","
_UNSET = object()

Objects = NDArray[np.object_]


def place_pieces(
    table: PlaceTable,
    live: Availability,
    *,
    soft_reasons: Callable[[int], tuple[Reason, ...]],
    order: NDArray[np.intp],
    hard: Sequence[tuple[Reason, ...]],
    eligible: NDArray[np.bool_],
    available: NDArray[np.int64],
    stale: NDArray[np.bool_],
    distances: TownDistances,
    score: NDArray[np.float64],
    with_phone: bool,
) -> list[bytes]:
    """The contract's ``places`` list, the groups of ``table`` in ``order``, in pieces for the
    caller to join with what surrounds it."""
    size = len(table)
    if size == 0:
        return [b"[]"]
    soft = _soft(table, live, soft_reasons, available, stale)
    hard_json = _objects(_COMMA.join([reason.json for reason in r]) for r in hard)
    has_hard = np.array([bool(r) for r in hard], dtype=np.bool_)[table.criteria_of]
    if distances.json is None:
        distances.json = _objects(
            _DISTANCE + orjson.dumps(km) + _SCORE for km in distances.rounded_km
        )
    towns = cast(Objects, distances.json)
    distinct, inverse = np.unique(score, return_inverse=True)
    scores = _objects(
        orjson.dumps(float(value)) + piece for value in distinct.tolist() for piece in _STALE
    )
    columns = np.empty((size, 6), dtype=object)
    columns[:, 0] = np.where(eligible, soft.opening_eligible, soft.opening_ineligible)
    columns[:, 1] = hard_json[table.criteria_of]
    columns[:, 2] = np.where(has_hard, soft.reasons_after, soft.reasons)
    columns[:, 3] = towns[table.town_of]
    columns[:, 4] = scores[inverse * 2 + stale]
    columns[:, 5] = _closings(table, soft, with_phone=with_phone)
    ranked = columns[order]
    ranked[0, 0] = b"[" + ranked[0, 0]
    ranked[-1, 5] = ranked[-1, 5][:-1] + b"]"  # the last item, without its comma
    pieces: list[bytes] = ranked.ravel().tolist()
    return pieces


class _Soft(NamedTuple):
    """Per group of a table, the parts of its item that its availability alone decides, kept
    with the table and made again for the groups whose availability changed."""

    live: object  # the availability the rows were made from
    times: Sequence[object]  # its update times (compared by identity)
    free: NDArray[np.int64]
    held: NDArray[np.int64]
    stale: NDArray[np.bool_]
    opening_eligible: Objects  # the item up to the hard reasons, for an eligible group
    opening_ineligible: Objects  # the same for an ineligible group
    reasons: Objects  # ``full`` and ``stale`` as JSON, without brackets; b"" for neither
    reasons_after: Objects  # the same after a comma, to follow hard reasons; b"" for neither
    iso: Objects  # the update time as JSON


def _soft(
    table: PlaceTable,
    live: Availability,
    soft_reasons: Callable[[int], tuple[Reason, ...]],
    available: NDArray[np.int64],
    stale: NDArray[np.bool_],
) -> _Soft:
    """The availability columns of the table's groups as JSON (``soft_reasons`` gives a group's
    ``full`` and ``stale``), made again only for a group whose free beds, holds, staleness or
    update time changed since the last match (the registry hands out the same object for the
    same time). Copied before a change, so that a match in another thread keeps whole
    columns."""
    size = len(table)
    free, held = live.free_array, live.held_array
    cached = cast(_Soft | None, table.memo.get("json_soft"))
    if cached is None:
        blank = np.full(size, -1, dtype=np.int64)
        cached = _Soft(_UNSET, [_UNSET] * size, blank, blank, stale, *(_objects([b""] * size),) * 5)
    if cached.live is live:  # the same availability as the last match
        changed = np.flatnonzero(cached.stale != stale)
    else:
        pairs = zip(cached.times, live.updated_at, strict=True)
        changed = np.flatnonzero(
            np.array([was is not now for was, now in pairs], dtype=np.bool_)
            | (cached.free != free)
            | (cached.held != held)
            | (cached.stale != stale)
        )
    if not len(changed):
        return cached
    times: Sequence[object] = live.updated_at
    opening_eligible, opening_ineligible = (
        cached.opening_eligible.copy(),
        cached.opening_ineligible.copy(),
    )
    reasons, reasons_after, iso = (
        cached.reasons.copy(),
        cached.reasons_after.copy(),
        cached.iso.copy(),
    )
    heads = _heads(table)
    for i in changed.tolist():
        updated = live.updated_at[i]
        iso[i] = orjson.dumps(updated.isoformat()) if updated is not None else _NULL
        count = int(available[i])
        opening_ineligible[i] = b"%b%d%b" % (heads[i], count, _ELIGIBLE[0])
        opening_eligible[i] = b"%b%d%b" % (heads[i], count, _ELIGIBLE[1])
        reasons[i] = _COMMA.join([reason.json for reason in soft_reasons(i)])
        reasons_after[i] = _COMMA + reasons[i] if reasons[i] else b""
    soft = _Soft(
        live, times, free, held, stale, opening_eligible, opening_ineligible, reasons,
        reasons_after, iso,
    )  # fmt: skip
    table.memo["json_soft"] = soft
    return soft


def _closings(table: PlaceTable, soft: _Soft, *, with_phone: bool) -> Objects:
    """Per group, its item from the update time to the end (with the 24/7 phone) and the
    comma after it; made again when the update times were."""
    key = f"json_closings_{with_phone}"
    cached = cast(tuple[Objects, Objects] | None, table.memo.get(key))
    if cached is not None and cached[0] is soft.iso:
        return cached[1]
    closings = soft.iso + _tails(table, with_phone=with_phone)
    table.memo[key] = (soft.iso, closings)
    return cast(Objects, closings)


def _heads(table: PlaceTable) -> Objects:
    """Per group, its item up to ``"available":``: the same for every match."""
    heads = table.memo.get("json_heads")
    if heads is None:
        heads = table.memo["json_heads"] = _objects(
            orjson.dumps(
                {
                    "id": g.id,
                    "organisation": g.organisation,
                    "location_name": g.location_name,
                    "municipality": g.municipality,
                    "category": g.category.value,
                    "capacity": g.capacity,
                }
            )[:-1]
            + _AVAILABLE
            for g in table.groups
        )
    return cast(Objects, heads)


def _tails(table: PlaceTable, *, with_phone: bool) -> Objects:
    """Per group, the end of its item (with the 24/7 phone) and the comma after it."""
    key = f"json_tails_{with_phone}"
    tails = table.memo.get(key)
    if tails is None:
        tails = table.memo[key] = _objects(
            b',"phone_24_7":' + orjson.dumps(g.phone or None) + b"}," if with_phone else b"},"
            for g in table.groups
        )
    return cast(Objects, tails)


def _objects(items: Any) -> Objects:
    """A one-dimensional object array of ``items`` (never a two-dimensional one of bytes)."""
    values = list(items)
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array
