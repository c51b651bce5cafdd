"""The steering group's chart: failures per quarter by level, as plain SVG made on the
server (no JavaScript). The same figures stand in a table below it on the page.

Drawn for a phone: one row per quarter (a horizontal stacked bar), so any number of
quarters fits the width, with the quarter on the left and the total at the end. The SVG
scales to its box; its font size is computed for the narrowest box it gets (a 320 px
phone) so no label is smaller than 12 CSS px there. Colours come from the stylesheet
(classes, `currentColor` and custom properties), so the chart reads in the light and
the dark theme alike; every number is written, so colour never carries meaning alone.
"""

import math
from typing import Final

from django.utils.html import escape

from portal.models import Level
from portal.queries.steering import Trend

# The chart's CSS class per level (static/css/components.css gives the colours, at least
# 3:1 against the card in both themes, with text on them at 4.5:1).
LEVEL_CLASSES: Final = {
    Level.CASE_OFFICER: "level-1",
    Level.LOCAL: "level-2",
    Level.CENTRAL: "level-3",
}

WIDTH: Final = 360  # viewBox units
# The narrowest box the chart is drawn in: a 320 px phone less the page's and the card's
# padding (16 px each side, twice) and the card's border.
NARROWEST_PX: Final = 320 - 4 * 16 - 2
MIN_TEXT_PX: Final = 12
FONT: Final = math.ceil(MIN_TEXT_PX * WIDTH / NARROWEST_PX)  # 18 units: 12.05 px at 254 px
LABEL_W: Final = FONT * 5  # "2026 K1"
TOTAL_W: Final = FONT * 5  # "12 (+3)"
ROW: Final = FONT * 2 + 4
BAR: Final = FONT + 10


def font_px_at(box_px: float) -> float:
    """The size a chart label is shown at in a box `box_px` wide."""
    return FONT * box_px / WIDTH


def chart_svg(data: Trend, *, title: str) -> str:
    """A stacked bar per quarter (failures by level), the total and the "met again"
    count written after each bar. Plain SVG made on the server: no JavaScript."""
    if not data.quarters:
        return ""
    plot_x = LABEL_W
    plot_w = WIDTH - LABEL_W - TOTAL_W
    height = ROW * len(data.quarters) + 8
    peak = max(max(data.totals), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="chart-title" class="chart" font-size="{FONT}">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<line class="chart-axis" x1="{plot_x}" y1="0" x2="{plot_x}" y2="{height}"/>',
    ]
    for i, quarter in enumerate(data.quarters):
        top = 4 + i * ROW
        middle = top + ROW / 2
        baseline = middle + FONT * 0.35
        parts.append(
            f'<text class="chart-label" x="{plot_x - 6}" y="{baseline:.1f}" '
            f'text-anchor="end">{escape(quarter)}</text>'
        )
        x: float = plot_x
        for level in Level:
            count = data.by_level[level][i]
            if not count:
                continue
            w = plot_w * count / peak
            parts.append(
                f'<rect class="chart-bar {LEVEL_CLASSES[level]}" x="{x:.1f}" '
                f'y="{middle - BAR / 2:.1f}" width="{w:.1f}" height="{BAR}">'
                f"<title>{escape(quarter)}: {escape(str(level.label))} {count}</title></rect>"
            )
            if w >= FONT * 0.7 * len(str(count)) + 6:
                parts.append(
                    f'<text class="chart-in {LEVEL_CLASSES[level]}" x="{x + w / 2:.1f}" '
                    f'y="{baseline:.1f}" text-anchor="middle">{count}</text>'
                )
            x += w
        again = f" (+{data.seen_again[i]})" if data.seen_again[i] else ""
        parts.append(
            f'<text class="chart-total" x="{x + 6:.1f}" y="{baseline:.1f}">'
            f"{data.totals[i]}{again}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
