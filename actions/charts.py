"""Indicator charts drawn on the server as SVG geometry (no JavaScript, nothing from a CDN)."""

from collections import defaultdict
from decimal import Decimal

from django.utils.formats import date_format, number_format

PALETTE = ["#1f5c99", "#c0392b", "#2e7d32", "#8e44ad", "#d35400", "#00838f", "#6d4c41", "#546e7a"]
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 16, 40


def line_chart(indicator, measurements) -> dict:
    """Geometry of a line chart: one series per quarter (or « Ensemble »), the target as a dashed line."""
    by_series = defaultdict(list)
    for m in measurements:
        by_series[m.territory.name if m.territory_id else "Ensemble"].append(m)
    values = [m.value for m in measurements]
    if indicator.target is not None:
        values.append(indicator.target)
    if not measurements:
        return {"empty": True, "width": WIDTH, "height": HEIGHT}

    dates = [m.measured_on for m in measurements]
    first, last = min(dates), max(dates)
    span = max((last - first).days, 1)
    low = min(Decimal(0), min(values))
    high = max(values) or Decimal(1)
    if high == low:
        high = low + 1
    high = high * Decimal("1.1") if high > 0 else high
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day) -> float:
        return round(LEFT + plot_w * ((day - first).days / span if last != first else 0.5), 1)

    def y(value) -> float:
        return round(TOP + plot_h * float((high - value) / (high - low)), 1)

    series = []
    for index, (name, points) in enumerate(sorted(by_series.items())):
        points.sort(key=lambda m: m.measured_on)
        series.append({
            "name": name,
            "color": PALETTE[index % len(PALETTE)],
            "points": " ".join(f"{x(m.measured_on)},{y(m.value)}" for m in points),
            "dots": [
                {"x": x(m.measured_on), "y": y(m.value),
                 "label": f"{date_format(m.measured_on, 'd/m/Y')} : {number_format(m.value)} {indicator.unit}"}
                for m in points
            ],
        })  # fmt: skip
    ticks = [low + (high - low) * Decimal(i) / 4 for i in range(5)]
    return {
        "empty": False,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "series": series,
        "target_y": y(indicator.target) if indicator.target is not None else None,
        "y_ticks": [
            {"y": y(t), "label": number_format(t, decimal_pos=0 if high - low > 10 else 1)} for t in ticks
        ],
        "x_ticks": x_ticks(sorted(set(dates)), x),
    }


def x_ticks(days, x) -> list[dict]:
    """A label under each measured day when they are few, else under the first and the last."""
    if len(days) > 6:
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
