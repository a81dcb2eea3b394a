"""Charts drawn on the server: Vega-Lite specifications built with altair, rendered to SVG by
vl-convert (no script in the page, no request leaving the server; the same SVG serves the
dashboard and the PDF report). Colours: the Okabe–Ito palette, distinguishable with the common
forms of colour blindness. Only published counts are drawn; a suppressed cell is left out of the
chart and shown as "<10" in the table beside it."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import altair as alt
import vl_convert

OKABE_ITO = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
FONT = "Noto Sans, DejaVu Sans, sans-serif"


@dataclass(frozen=True)
class Bar:
    row: str  # the category on the axis
    series: str  # the stack (or "" for one series)
    value: float


def _config(chart: alt.Chart, title: str) -> alt.Chart:
    configured: alt.Chart = (
        chart.properties(title=title, width=420)
        .configure_axis(labelFont=FONT, titleFont=FONT, labelLimit=220)
        .configure_title(font=FONT, fontSize=14, anchor="start")
        .configure_legend(labelFont=FONT, titleFont=FONT, orient="bottom", columns=3)
        .configure_view(strokeWidth=0)
    )
    return configured


def bar_chart_svg(
    bars: Sequence[Bar], *, title: str, value_title: str, row_title: str, series_title: str = ""
) -> str:
    """A horizontal (stacked) bar chart; rows keep the order given."""
    rows = list(dict.fromkeys(b.row for b in bars))
    series = list(dict.fromkeys(b.series for b in bars))
    data = alt.Data(  # type: ignore[no-untyped-call]
        values=[{"row": b.row, "series": b.series, "value": b.value} for b in bars]
    )
    encoding: dict[str, object] = {
        # Ticks at least ten apart: no axis label can be mistaken for a small count.
        "x": alt.X("value:Q", title=value_title, stack="zero", axis=alt.Axis(tickMinStep=10)),
        "y": alt.Y("row:N", title=row_title, sort=rows),
        "tooltip": [alt.Tooltip("row:N"), alt.Tooltip("series:N"), alt.Tooltip("value:Q")],
    }
    if len(series) > 1 or (series and series[0]):
        encoding["color"] = alt.Color(
            "series:N",
            title=series_title,
            sort=series,
            scale=alt.Scale(domain=series, range=list(OKABE_ITO[: max(1, len(series))])),
        )
    else:
        encoding["color"] = alt.value(OKABE_ITO[0])
    chart = alt.Chart(data).mark_bar().encode(**encoding)
    height = max(60, 22 * len(rows))
    return _render(_config(chart.properties(height=height), title))


@dataclass(frozen=True)
class Point:
    x: str
    series: str
    value: float


def line_chart_svg(
    points: Sequence[Point], *, title: str, value_title: str, x_title: str, series_title: str
) -> str:
    series = list(dict.fromkeys(p.series for p in points))
    data = alt.Data(  # type: ignore[no-untyped-call]
        values=[{"x": p.x, "series": p.series, "value": p.value} for p in points]
    )
    chart = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=alt.X("x:O", title=x_title),
            y=alt.Y("value:Q", title=value_title, axis=alt.Axis(tickMinStep=10)),
            color=alt.Color(
                "series:N",
                title=series_title,
                scale=alt.Scale(domain=series, range=list(OKABE_ITO[: max(1, len(series))])),
            ),
            strokeDash=alt.StrokeDash("series:N", legend=None),
        )
        .properties(height=220)
    )
    return _render(_config(chart, title))


_svgs: OrderedDict[str, str] = OrderedDict()
_lock = threading.Lock()
CACHE_SIZE = 512


def _render(chart: alt.Chart) -> str:
    """Render once per distinct specification (data included): a dashboard whose figures did not
    change since the last timeline event reuses its charts."""
    spec = chart.to_dict()
    key = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    with _lock:
        hit = _svgs.get(key)
    if hit is not None:
        return hit
    svg: str = vl_convert.vegalite_to_svg(spec)
    with _lock:
        _svgs[key] = svg
        while len(_svgs) > CACHE_SIZE:
            _svgs.popitem(last=False)
    return svg
