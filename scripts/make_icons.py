"""Draw the app icons: a white bridge on the theme colour, as in static/icons/icon.svg.

    .venv/bin/python scripts/make_icons.py

Writes into static/icons/:

- icon-192.png, icon-512.png: purpose "any". A rounded square like icon.svg, with
  transparent corners.
- maskable-512.png: purpose "maskable". Full-bleed background; the bridge lies inside
  the central 80 % (the circle of radius 40 % that every launcher mask keeps).
- apple-touch-icon-180.png: full-bleed square (iOS rounds the corners itself and shows
  transparency as black).

The shapes are those of icon.svg (a 64 x 64 view box), drawn four times larger and
scaled down, so the edges are smooth. Run it again after changing the motif; the PNGs
are committed.
"""

from pathlib import Path

from PIL import Image, ImageColor, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "static" / "icons"
BACKGROUND = "#1f5f5b"  # PWA_APP_THEME_COLOR
FOREGROUND = "#ffffff"
SUPERSAMPLE = 4

# icon.svg, in its 64 x 64 view box: the deck, two towers, the arch and three hangers.
VIEW = 64
CORNER = 14  # rx of the rounded square
STROKE = 4
LINES = [
    [(8, 42), (56, 42)],  # deck
    [(14, 42), (14, 30)],  # towers
    [(50, 42), (50, 30)],
    [(22, 42), (22, 33)],  # hangers
    [(32, 42), (32, 31)],
    [(42, 42), (42, 33)],
]
ARCH = ((8, 30), (16, 18), (48, 18), (56, 30))  # cubic Bézier: "M8 30c8-12 40-12 48 0"
# The box around every stroke, caps included, and its centre.
MOTIF_BOX = (6, 19, 58, 44)
MOTIF_CENTRE = ((MOTIF_BOX[0] + MOTIF_BOX[2]) / 2, (MOTIF_BOX[1] + MOTIF_BOX[3]) / 2)
# Maskable: the whole bridge within the safe circle (radius 40 %), with a little to spare.
MASKABLE_SCALE = 0.8
SAFE_RADIUS = 0.40
# iOS: a little air around the bridge inside its own rounded mask.
APPLE_SCALE = 0.9


def cubic(p0, p1, p2, p3, steps: int = 128) -> list[tuple[float, float]]:
    points = []
    for i in range(steps + 1):
        t = i / steps
        u = 1 - t
        points.append(
            tuple(
                u**3 * a + 3 * u * u * t * b + 3 * u * t * t * c + t**3 * d
                for a, b, c, d in zip(p0, p1, p2, p3, strict=True)
            )
        )
    return points


def stroke(draw: ImageDraw.ImageDraw, points, width: float, fill: str) -> None:
    """A polyline with round caps and joins (as stroke-linecap="round" draws it)."""
    radius = width / 2
    for start, end in zip(points, points[1:], strict=False):
        draw.line([start, end], fill=fill, width=round(width))
    for x, y in points:
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=fill)


def icon(size: int, *, motif_scale: float = 1.0, rounded: bool = True) -> Image.Image:
    """The icon at `size` pixels; `motif_scale` shrinks the bridge around its centre."""
    big = size * SUPERSAMPLE
    unit = big / VIEW
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle([0, 0, big - 1, big - 1], radius=CORNER * unit, fill=BACKGROUND)
    else:
        draw.rectangle([0, 0, big, big], fill=BACKGROUND)

    cx, cy = MOTIF_CENTRE

    def place(point):
        x, y = point
        # Scale around the motif's centre, then put that centre in the middle of the icon.
        return (
            (VIEW / 2 + (x - cx) * motif_scale) * unit,
            (VIEW / 2 + (y - cy) * motif_scale) * unit,
        )

    width = STROKE * motif_scale * unit
    for line in LINES:
        stroke(draw, [place(p) for p in line], width, FOREGROUND)
    stroke(draw, [place(p) for p in cubic(*ARCH)], width, FOREGROUND)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def motif_radius(motif_scale: float) -> float:
    """How far the bridge reaches from the icon's centre, as a share of the icon's side."""
    left, top, right, bottom = MOTIF_BOX
    half_w, half_h = (right - left) / 2, (bottom - top) / 2
    return (half_w**2 + half_h**2) ** 0.5 * motif_scale / VIEW


def two_colour_palette(image: Image.Image) -> Image.Image:
    """The icon as a palette PNG with exact colours, about a sixth of the size of RGBA.

    Every pixel is the background, white, a blend of the two (edges of the bridge), or
    the background partly transparent (the rounded corners). 16 steps of each suffice
    for smooth edges; a general quantizer would shift the theme colour instead.
    """
    bg = ImageColor.getrgb(BACKGROUND)
    fg = ImageColor.getrgb(FOREGROUND)
    steps = 16
    # 0: transparent; 1..16: the background at rising opacity (16 is opaque);
    # 17..32: blends towards white (32 is white).
    palette = [(0, 0, 0)] + [bg] * steps
    alpha = [0] + [round(255 * k / steps) for k in range(1, steps + 1)]
    for k in range(1, steps + 1):
        palette.append(tuple(round(b + (f - b) * k / steps) for b, f in zip(bg, fg, strict=True)))
        alpha.append(255)

    def index(pixel) -> int:
        r, g, b, a = pixel
        if a < 255:
            return round(a * steps / 255)
        share = sum((c - cb) / (cf - cb) for c, cb, cf in zip((r, g, b), bg, fg, strict=True)) / 3
        k = round(min(max(share, 0.0), 1.0) * steps)
        return steps + k

    rgba = image.convert("RGBA").tobytes()
    pixels = [rgba[i : i + 4] for i in range(0, len(rgba), 4)]
    out = Image.frombytes("P", image.size, bytes(index(pixel) for pixel in pixels))
    out.putpalette([channel for colour in palette for channel in colour])
    if any(pixel[3] < 255 for pixel in pixels):  # else no alpha at all (iOS, maskable)
        out.info["transparency"] = bytes(alpha)
    return out


def save(image: Image.Image, name: str) -> None:
    path = OUT / name
    two_colour_palette(image).save(path, optimize=True)
    print(f"{path.relative_to(OUT.parent.parent)}: {image.size[0]}px, {path.stat().st_size} bytes")


def main() -> None:
    if motif_radius(MASKABLE_SCALE) > SAFE_RADIUS:
        raise SystemExit(f"The maskable bridge reaches {motif_radius(MASKABLE_SCALE):.0%} out.")
    OUT.mkdir(parents=True, exist_ok=True)
    save(icon(192), "icon-192.png")
    save(icon(512), "icon-512.png")
    save(icon(512, motif_scale=MASKABLE_SCALE, rounded=False), "maskable-512.png")
    save(icon(180, motif_scale=APPLE_SCALE, rounded=False), "apple-touch-icon-180.png")


if __name__ == "__main__":
    main()
