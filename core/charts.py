"""Small line charts drawn on the server as SVG, for series of dated readings (benchmark
indicators, markers of progress): no script, printable, readable without colour (the
threshold is a dashed line with its name; each reading a marked point). The numbers go in a
table beside the chart (``templates/partials/_series.html``) for screen readers and print."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 320, 120
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 8, 8, 14, 18
# Drawn with presentation attributes, so a chart reads the same on any page and in a PDF
# whatever stylesheet is loaded.
TEXT = SafeString('font-size="10" fill="#1f2937"')


@dataclass(frozen=True)
class Point:
    on: date
    value: Decimal
    label: str  # the value as people read it ("42%", "Partly")


def _n(value: float) -> str:
    return f"{value:.1f}"


def _scale(low: float, high: float, size: float, value: float, *, invert: bool) -> float:
    share = 0.5 if high == low else (value - low) / (high - low)
    return size - share * size if invert else share * size


def line_chart(
    points: Sequence[Point],
    *,
    threshold: Decimal | None = None,
    threshold_label: str = "",
    steps: int | None = None,
) -> SafeString:
    """An SVG of ``points`` (oldest first) against time, with the threshold as a dashed line.
    ``steps``: an ordered scale's number of steps, so its axis runs from the lowest to the
    highest step whatever was read."""
    if not points:
        return SafeString("")
    values = [float(p.value) for p in points]
    if threshold is not None:
        values.append(float(threshold))
    low, high = (0.0, float(steps - 1)) if steps else (min(values), max(values))
    if not steps and low == high:
        low, high = low - 1, high + 1
    first, last = points[0].on.toordinal(), points[-1].on.toordinal()
    inner_w = WIDTH - PAD_LEFT - PAD_RIGHT
    inner_h = HEIGHT - PAD_TOP - PAD_BOTTOM

    def x(on: date) -> float:
        if first == last:
            return PAD_LEFT + inner_w / 2
        return PAD_LEFT + (on.toordinal() - first) / (last - first) * inner_w

    def y(value: float) -> float:
        return PAD_TOP + _scale(low, high, inner_h, value, invert=True)

    coords = [(_n(x(p.on)), _n(y(float(p.value)))) for p in points]
    path = " ".join(f"{'L' if i else 'M'}{cx},{cy}" for i, (cx, cy) in enumerate(coords))
    parts = [
        format_html(
            '<line class="chart__axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#6b7280"/>',
            PAD_LEFT,
            HEIGHT - PAD_BOTTOM,
            WIDTH - PAD_RIGHT,
            HEIGHT - PAD_BOTTOM,
        )
    ]
    if threshold is not None:
        ty = y(float(threshold))
        label_y = _n(ty - 3)
        parts.append(
            format_html(
                '<line class="chart__threshold" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#1f2937" '
                'stroke-width="1.5" stroke-dasharray="5 4"/>'
                '<text class="chart__note" x="{}" y="{}" text-anchor="end" {}>{}</text>',
                PAD_LEFT,
                _n(ty),
                WIDTH - PAD_RIGHT,
                _n(ty),
                WIDTH - PAD_RIGHT,
                label_y,
                TEXT,
                threshold_label,
            )
        )
    parts.append(
        format_html(
            '<path class="chart__line" d="{}" fill="none" stroke="#1d4f91" stroke-width="2"/>', path
        )
    )
    parts.append(
        format_html_join(
            "",
            '<circle class="chart__point" cx="{}" cy="{}" r="3.5" fill="#fff" stroke="#1d4f91" '
            'stroke-width="2"/>',
            coords,
        )
    )
    last_x, last_y = (float(v) for v in coords[-1])
    parts.append(
        format_html(
            '<text class="chart__value" x="{}" y="{}" text-anchor="end" font-weight="700" '
            "{}>{}</text>",
            _n(min(last_x, WIDTH - PAD_RIGHT)),
            _n(max(last_y - 6, 10)),
            TEXT,
            points[-1].label,
        )
    )
    parts.append(
        format_html(
            '<text class="chart__date" x="{}" y="{}" {}>{}</text>'
            '<text class="chart__date chart__date--end" x="{}" y="{}" text-anchor="end" '
            "{}>{}</text>",
            PAD_LEFT,
            HEIGHT - 4,
            TEXT,
            points[0].on.isoformat(),
            WIDTH - PAD_RIGHT,
            HEIGHT - 4,
            TEXT,
            points[-1].on.isoformat() if len(points) > 1 else "",
        )
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="{}" height="{}" aria-hidden="true" '
        'focusable="false">{}</svg>',
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        SafeString("".join(parts)),
    )
