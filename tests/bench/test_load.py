"""The load test's arithmetic and report (bench/load.py): the rates come from the report's
figures, the saturation point is the first level whose p95 is over 1 s, and the printed section
carries every level's uptime. No load is generated here (that is `make test-slow`)."""

from __future__ import annotations

from typing import Any

import pytest
from bench.load import (
    VICTIMS_PER_YEAR,
    cpu_used,
    markdown,
    request_mix,
    requests_per_year,
    saturation,
    volume_rate,
)


def test_the_mix_is_the_share_of_each_request_type_and_sums_to_one() -> None:
    mix = request_mix()
    assert sum(mix.values()) == pytest.approx(1.0)
    assert requests_per_year()["signal"] == VICTIMS_PER_YEAR
    assert set(mix) >= {"signal", "search", "place", "bed", "monitor", "statistics"}


def test_rates_scale_with_the_volume_from_the_busy_hour() -> None:
    assert volume_rate(1) == pytest.approx(sum(requests_per_year().values()) * 12 / 8760 / 3600)
    assert volume_rate(100) == pytest.approx(10 * volume_rate(10))


def level(label: str, rate: float, p95: float) -> dict[str, Any]:
    row = {"count": 10, "failures": 0, "rps": rate, "p50_ms": 1.0, "p95_ms": p95, "p99_ms": p95}
    return {
        "label": label,
        "offered_rps": rate,
        "uptime_at_start": f" 23:00:00 up 3:00, load average: {rate}, 1.00, 1.00",
        "cpu_share_of_two_cores": {"gunicorn": 0.5, "postgres": 0.2, "locust": 0.1},
        "requests": {"total": row, "search": row | {"p95_ms": p95 + 1}},
    }


def test_saturation_is_the_first_level_whose_p95_exceeds_one_second() -> None:
    levels = [level("10x", 0.17, 50), level("4 req/s", 4, 900), level("8 req/s", 8, 1200)]
    found = saturation(levels, rate_1x=0.0166)
    assert found["rps"] == 8
    assert "search" in found["slowest"]
    assert saturation(levels[:2], rate_1x=0.0166) == {"rps": None}


def test_the_printed_section_has_every_level_with_its_uptime() -> None:
    levels = [level("10x", 0.17, 50), level("8 req/s", 8, 1200)]
    report = {
        "quick": True,
        "date": "2026-12-01 23:00 UTC",
        "workers": 2,
        "rate_1x_rps": 0.0166,
        "levels": levels,
        "saturation": saturation(levels, rate_1x=0.0166),
        "command": "bench/load.py --quick",
    }
    text = markdown(report)
    assert "| 10x | 0.17 |" in text and "| 8 req/s | 8 |" in text
    assert "`0.17, 1.00, 1.00`" in text and "`8, 1.00, 1.00`" in text
    assert "Saturation (p95 over 1 s): at 8 requests/s" in text


def test_cpu_is_what_each_process_used_during_the_level() -> None:
    """From the first sample to the last one that saw a process; one that appeared during the
    level counts from zero, one that ended keeps its last reading."""
    samples = [
        {"gunicorn": {10: 5.0, 11: 7.0}, "postgres": {20: 1.0}},
        {"gunicorn": {10: 6.5, 11: 9.0}, "postgres": {20: 1.5, 21: 0.5}},
        {"gunicorn": {10: 8.0}, "postgres": {20: 3.0, 21: 1.0}},
    ]
    assert cpu_used(samples) == {"gunicorn": 3.0 + 2.0, "postgres": 2.0 + 1.0}
