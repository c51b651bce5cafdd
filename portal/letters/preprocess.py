"""A phone photo of a letter, made easy for Tesseract to read: grey, evenly lit, high
contrast and straight.

1. Grey, and at most `WORK_SIDE` pixels on its long side (a 12 MP photo reads no better
   than a 2,400-pixel one, and takes four times as long).
2. Sensor noise softened with a small blur: dividing by the background (next) would
   otherwise turn the noise in a shadow into speckles that Tesseract reads as text.
3. Shadow and uneven light away: the background (the paper's brightness, without the
   text) is estimated by a wide maximum filter and a blur on a small copy, and the photo
   is divided by it, so paper becomes white everywhere and text stays dark.
4. Contrast: everything as bright as paper becomes white, the rest is stretched.
5. Straightened: the angle (within ±`MAX_SKEW` degrees) whose horizontal projection
   profile is sharpest (text lines give dark rows between white ones), searched coarse
   then fine on a small black-and-white copy. A photo taken sideways was already turned
   upright from its EXIF note when it was uploaded (portal/attachments.py).

Pillow only: no numpy, no OpenCV.
"""

from typing import Final

from PIL import Image, ImageFilter, ImageMath, ImageOps

WORK_SIDE: Final = 2400
MAX_SKEW: Final = 6.0
_PROFILE_SIDE: Final = 900


def prepare(photo: Image.Image) -> Image.Image:
    """The photo, ready for text recognition (a new greyscale image)."""
    grey = ImageOps.grayscale(photo) if photo.mode != "L" else photo.copy()
    grey.thumbnail((WORK_SIDE, WORK_SIDE), Image.Resampling.LANCZOS)
    grey = grey.filter(ImageFilter.GaussianBlur(1))
    even = remove_shadows(grey).point(_levels)
    angle = skew_angle(even)
    if abs(angle) >= 0.1:
        even = even.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return even


# Paper comes out of the division at about 250; anything from PAPER up is paper.
PAPER: Final = 225


def _levels(value: int) -> int:
    return 255 if value >= PAPER else value * 255 // PAPER


def remove_shadows(grey: Image.Image) -> Image.Image:
    """Divide by the paper's own brightness, estimated without the text."""
    small_side = 300
    scale = small_side / max(grey.size)
    small = grey.resize(
        (max(1, round(grey.width * scale)), max(1, round(grey.height * scale))),
        Image.Resampling.BOX,
    )
    # The maximum filter removes the text (dark, thin) and keeps the paper (bright).
    background = small.filter(ImageFilter.MaxFilter(7)).filter(ImageFilter.GaussianBlur(6))
    background = background.resize(grey.size, Image.Resampling.BILINEAR)
    divided = ImageMath.lambda_eval(
        lambda args: args["convert"](
            args["min"](args["a"] * 250 / args["max"](args["b"], 1), 255), "L"
        ),
        a=grey.convert("F"),
        b=background.convert("F"),
    )
    assert isinstance(divided, Image.Image)
    return divided


def skew_angle(image: Image.Image) -> float:
    """How many degrees to turn `image` (counter-clockwise) to make its lines level."""
    small = image.copy()
    small.thumbnail((_PROFILE_SIDE, _PROFILE_SIDE), Image.Resampling.BOX)
    # Text black on white → ink as bright pixels on black, so rotating adds no ink.
    ink = ImageOps.invert(small.point(lambda v: 0 if v < 160 else 255))
    best = _search(ink, [x / 2 for x in range(int(-MAX_SKEW * 2), int(MAX_SKEW * 2) + 1)])
    return _search(ink, [best + x / 10 for x in range(-5, 6)])


def _search(ink: Image.Image, angles: list[float]) -> float:
    return max(angles, key=lambda angle: (_sharpness(ink, angle), -abs(angle)))


def _sharpness(ink: Image.Image, angle: float) -> float:
    turned = ink.rotate(angle, resample=Image.Resampling.NEAREST, expand=False, fillcolor=0)
    # Each row's mean ink, by shrinking the image to one pixel wide.
    rows = turned.resize((1, turned.height), Image.Resampling.BOX).tobytes()
    mean = sum(rows) / len(rows)
    return sum((value - mean) ** 2 for value in rows)
