"""How much memory does cleaning one uploaded photo take, per megapixel?

For each size, a photo-like JPEG (noise over a gradient, quality 85, as a phone makes
them) and a PNG are written to a temporary folder; then a fresh Python process imports
the app, reads the file and runs it through portal.attachments' own decode and re-encode
(header check, verify, load, EXIF turn, conversion, scaling to 4,000 px, save), with the
pixel budget lifted so that every size is measured. The child reports its peak resident
memory (VmHWM, Linux) before and after; the difference is what one upload's decode costs.

    .venv/bin/python benchmarks/image_memory.py            # 4 8 12 16 24 32 40 48 MP
    .venv/bin/python benchmarks/image_memory.py --sizes 12 24 --formats JPEG

Prints one line per size and format, and the largest figure in MiB per megapixel.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
import django
django.setup()
from PIL import Image
from portal import attachments

def peak_kib():
    # VmHWM, not ru_maxrss: ru_maxrss survives execve, so it would start at the parent's.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")

path, image_format = sys.argv[1], sys.argv[2]
attachments.MAX_PIXELS = 10**10
Image.MAX_IMAGE_PIXELS = None
data = open(path, "rb").read()
before = peak_kib()
clean = attachments._clean_image(data, image_format)
after = peak_kib()
print(json.dumps({"before_kib": before, "after_kib": after, "out_bytes": len(clean.content)}))
"""


def make_image(path: Path, megapixels: float, image_format: str) -> tuple[int, int]:
    from PIL import Image

    width = int(math.sqrt(megapixels * 1e6 * 4 / 3))
    height = int(megapixels * 1e6 / width)
    # Gradient plus noise: compresses like a photo, unlike flat colour.
    base = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    picture = Image.blend(base, noise, 0.5)
    options = {"quality": 85} if image_format == "JPEG" else {"compress_level": 1}
    picture.save(path, format=image_format, **options)
    return width, height


def measure(path: Path, image_format: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), image_format],
        cwd=BASE_DIR,
        env={**os.environ, "PYTHONPATH": str(BASE_DIR)},
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[4, 8, 12, 16, 24, 32, 40, 48])
    parser.add_argument("--formats", nargs="+", default=["JPEG", "PNG"])
    args = parser.parse_args()

    print(f"{'format':6} {'MP':>5} {'size':>11} {'file MiB':>9} {'peak +MiB':>10} {'MiB/MP':>7}")
    worst = 0.0
    with tempfile.TemporaryDirectory(prefix="brobyggare-image-memory-") as folder:
        for image_format in args.formats:
            for megapixels in args.sizes:
                path = Path(folder) / f"{megapixels}.{image_format.lower()}"
                width, height = make_image(path, megapixels, image_format)
                file_mib = path.stat().st_size / 2**20
                figures = measure(path, image_format)
                path.unlink()
                added = (figures["after_kib"] - figures["before_kib"]) / 1024
                actual_mp = width * height / 1e6
                per_mp = added / actual_mp
                worst = max(worst, per_mp)
                print(
                    f"{image_format:6} {actual_mp:5.1f} {width:>5}x{height:<5} "
                    f"{file_mib:9.1f} {added:10.0f} {per_mp:7.1f}",
                    flush=True,
                )
    print(f"worst: {worst:.1f} MiB of peak memory per megapixel decoded")


if __name__ == "__main__":
    main()
