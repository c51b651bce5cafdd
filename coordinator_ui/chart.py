"""The steering group's chart: failures per quarter by level, as plain SVG made on the
server (no JavaScript). The same figures stand in a table below it on the page."""

from django.utils.html import escape

from portal.models import Level
from portal.queries.steering import Trend

# Colours for the three levels, each at least 3:1 against white; the chart also writes
# every number, and the same figures stand in a table below it.
LEVEL_COLOURS = {
    Level.CASE_OFFICER: "#1f5f5b",
    Level.LOCAL: "#8a5a00",
    Level.CENTRAL: "#4b3f8f",
}


def chart_svg(data: Trend, *, title: str) -> str:
    """A stacked bar chart (failures per quarter by level) with the "met again" count
    written above each bar. Plain SVG made on the server: no JavaScript."""
    if not data.quarters:
        return ""
    width, height, left, bottom, top = 640, 300, 40, 40, 30
    plot_h = height - bottom - top
    step = (width - left - 10) / len(data.quarters)
    bar = min(48, step * 0.6)
    peak = max(max(data.totals), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-title" class="chart">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 5}" y2="{height - bottom}" '
        'stroke="#4f5b5a" stroke-width="1"/>',
    ]
    for i, quarter in enumerate(data.quarters):
        x = left + i * step + (step - bar) / 2
        y: float = height - bottom
        for level in Level:
            count = data.by_level[level][i]
            if not count:
                continue
            h = plot_h * count / peak
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{LEVEL_COLOURS[level]}"><title>{escape(quarter)}: '
                f"{escape(str(level.label))} {count}</title></rect>"
            )
            if h >= 16:
                parts.append(
                    f'<text x="{x + bar / 2:.1f}" y="{y + h / 2 + 5:.1f}" text-anchor="middle" '
                    f'font-size="13" fill="#ffffff">{count}</text>'
                )
        again = f" (+{data.seen_again[i]})" if data.seen_again[i] else ""
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{y - 6:.1f}" text-anchor="middle" font-size="13" '
            f'fill="#1d2424">{data.totals[i]}{again}</text>'
        )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 18}" text-anchor="middle" '
            f'font-size="12" fill="#1d2424">{escape(quarter)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
