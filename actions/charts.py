"""Indicator charts drawn on the server as SVG geometry (no JavaScript, nothing from a CDN)."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format, number_format

PALETTE = ["#1f5c99", "#c0392b", "#2e7d32", "#8e44ad", "#d35400", "#00838f", "#6d4c41", "#546e7a"]


@dataclass(frozen=True)
class Layout:
    """A box to draw a chart for, in SVG user units. A chart is drawn for a wide box (a computer's screen,
    the PDF syntheses) and for a narrow one (a phone): the page shows the drawing made for the width the
    chart gets (static/css/gusp.css, a container query at 30rem), so that its labels stay about the size of
    the text — `font` units are at least 12 px wherever each drawing is shown (the wide one from 480 px up,
    the narrow one from a 288 px wide chart, the width it gets on a 320 px phone)."""

    name: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    font: int
    dot: float
    max_x_ticks: int  # more measured days than this: only the first and the last are labelled
    y_ticks: int


WIDE = Layout("wide", 640, 260, 64, 24, 16, 44, font=16, dot=4, max_x_ticks=6, y_ticks=5)
NARROW = Layout("narrow", 320, 250, 50, 16, 14, 42, font=14, dot=5, max_x_ticks=2, y_ticks=4)
WIDTH, HEIGHT = WIDE.width, WIDE.height


def line_chart(indicator, measurements) -> dict:
    """Geometry of a line chart: one series per quarter (or « Ensemble »), the target as a dashed line.
    The top-level keys draw it for the wide box (`WIDE`); `narrow` holds the same for a phone (`NARROW`)."""
    measurements = list(measurements)
    if not measurements:
        return {"empty": True, "width": WIDTH, "height": HEIGHT}
    return {
        "empty": False,
        **_draw(indicator, measurements, WIDE),
        "narrow": _draw(indicator, measurements, NARROW),
    }


def _draw(indicator, measurements, layout: Layout) -> dict:
    by_series = defaultdict(list)
    for m in measurements:
        by_series[m.territory.name if m.territory_id else "Ensemble"].append(m)
    values = [m.value for m in measurements]
    if indicator.target is not None:
        values.append(indicator.target)

    dates = [m.measured_on for m in measurements]
    first, last = min(dates), max(dates)
    span = max((last - first).days, 1)
    low = min(Decimal(0), min(values))
    high = max(values) or Decimal(1)
    if high == low:
        high = low + 1
    high = high * Decimal("1.1") if high > 0 else high
    plot_w = layout.width - layout.left - layout.right
    plot_h = layout.height - layout.top - layout.bottom

    def x(day) -> float:
        return round(layout.left + plot_w * ((day - first).days / span if last != first else 0.5), 1)

    def y(value) -> float:
        return round(layout.top + plot_h * float((high - value) / (high - low)), 1)

    series = []
    for index, (name, points) in enumerate(sorted(by_series.items())):
        points.sort(key=lambda m: m.measured_on)
        series.append({
            "name": name,
            "color": PALETTE[index % len(PALETTE)],
            "points": " ".join(f"{x(m.measured_on)},{y(m.value)}" for m in points),
            "dots": [
                {"x": x(m.measured_on), "y": y(m.value),
                 "label": f"{date_format(m.measured_on, 'd/m/Y')} : {number_format(m.value)} {indicator.unit}",
                 "is_demo": m.is_demo}
                for m in points
            ],
        })  # fmt: skip
    steps = layout.y_ticks - 1
    ticks = [low + (high - low) * Decimal(i) / steps for i in range(layout.y_ticks)]
    return {
        "name": layout.name,
        "width": layout.width,
        "height": layout.height,
        "left": layout.left,
        "right": layout.width - layout.right,
        "bottom": layout.height - layout.bottom,
        "font": layout.font,
        "dot": layout.dot,
        "label_x": layout.left - 6,
        "label_y": layout.height - 12,
        "series": series,
        "target_y": y(indicator.target) if indicator.target is not None else None,
        "y_ticks": [
            {"y": y(t), "label": number_format(t, decimal_pos=0 if high - low > 10 else 1)} for t in ticks
        ],
        "x_ticks": x_ticks(sorted(set(dates)), x, layout.max_x_ticks),
    }


def x_ticks(days, x, most: int = 6) -> list[dict]:
    """A label under each measured day when they are few (`most`), else under the first and the last."""
    if len(days) > most:
        days = [days[0], days[-1]]
    ticks = []
    for index, day in enumerate(days):
        anchor = (
            "start"
            if index == 0 and len(days) > 1
            else "end"
            if index == len(days) - 1 and len(days) > 1
            else "middle"
        )
        ticks.append({"x": x(day), "label": date_format(day, "m/Y"), "anchor": anchor})
    return ticks
