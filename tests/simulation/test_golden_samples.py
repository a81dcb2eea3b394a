"""The engine's samples for fixed seeds are those recorded before it was made faster
(``golden.py``): same seed, same output, before and after."""

from __future__ import annotations

import json

from tests.simulation.golden import GOLDEN, digests


def test_every_tally_is_the_recorded_one() -> None:
    recorded = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert digests() == recorded
