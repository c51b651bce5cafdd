"""How well Brobyggare reads photographed letters: the real pipeline (preprocessing,
Tesseract with Swedish data, the rules of portal/letters/understand.py) over the letter
corpus, against each letter's ground truth.

    .venv/bin/python benchmarks/letters.py                  # makes the corpus if missing
    .venv/bin/python benchmarks/letters.py --corpus DIR --limit 10 --show-misses

Prints, per sender and overall: OCR character accuracy (1 − edit distance / length of
the true text, whitespace collapsed), sender found, kind right, deadline found and
right, and dates shown as certain that are wrong (letter date, deadline, meeting), which
must be 0. The corpus is made by scripts/make_letter_corpus.py (deterministic) into
benchmarks/letters/corpus/ unless --corpus names another folder.
"""

import argparse
import datetime
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from portal.letters import ocr  # noqa: E402
from portal.letters.understand import lines_of, understand  # noqa: E402
from scripts import make_letter_corpus  # noqa: E402

DEFAULT_CORPUS = BASE_DIR / "benchmarks" / "letters" / "corpus"


def edit_distance(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def accuracy(read: str, truth: str) -> float:
    read, truth = " ".join(read.split()), " ".join(truth.split())
    return max(0.0, 1.0 - edit_distance(read, truth) / max(1, len(truth)))


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _read(image: Path, raw: bool) -> str:
    if not raw:
        return "\n".join(ocr.read_file(image.read_bytes(), "image/jpeg"))
    # For comparison only: Tesseract on the photo as it is, without preprocessing.
    import pytesseract
    from PIL import Image

    with Image.open(image) as photo:
        return pytesseract.image_to_string(photo, lang="swe", config=ocr.TESSERACT_CONFIG)


def measure(image: Path, raw: bool = False) -> dict:
    truth = json.loads(image.with_suffix(".json").read_text())
    started = time.perf_counter()
    text = "\n".join(lines_of(_read(image, raw)))
    seconds = time.perf_counter() - started
    reading = understand(text, received=_date(truth["received"]))  # type: ignore[arg-type]
    deadline = _date(truth["deadline"])
    letter_date = _date(truth["letter_date"])
    meeting = datetime.datetime.fromisoformat(truth["meeting_at"]) if truth["meeting_at"] else None
    wrong_certain = []
    if reading.letter_date.certain and reading.letter_date.value != letter_date:
        wrong_certain.append(f"letter date {reading.letter_date.value} ≠ {letter_date}")
    if reading.deadline.certain and reading.deadline.value != deadline:
        wrong_certain.append(f"deadline {reading.deadline.value} ≠ {deadline}")
    if reading.meeting_at.certain and reading.meeting_at.value != meeting:
        wrong_certain.append(f"meeting {reading.meeting_at.value} ≠ {meeting}")
    return {
        "name": image.stem,
        "organisation": truth["organisation"],
        "seconds": seconds,
        "accuracy": accuracy(text, truth["text"]),
        "sender": reading.organisation == truth["organisation"],
        "kind": reading.kind.value == truth["kind"],
        "has_deadline": deadline is not None,
        "deadline_found": deadline is not None and reading.deadline.value is not None,
        "deadline_right": reading.deadline.value == deadline,
        "deadline_certain": reading.deadline.certain and reading.deadline.value == deadline,
        "letter_date_right": reading.letter_date.value == letter_date,
        "wrong_certain": wrong_certain,
        "reading": reading,
        "truth": truth,
        "text": text,
    }


def _row(label: str, results: list[dict]) -> str:
    n = len(results)
    with_deadline = [r for r in results if r["has_deadline"]]

    def pct(count: int, total: int) -> str:
        return f"{100 * count / total:5.1f} %" if total else "    –  "

    accuracy = sum(r["accuracy"] for r in results) / n
    return (
        f"{label:<20} {n:>3}  {100 * accuracy:6.2f} %  "
        f"{pct(sum(r['sender'] for r in results), n)}  "
        f"{pct(sum(r['kind'] for r in results), n)}  "
        f"{pct(sum(r['deadline_found'] for r in with_deadline), len(with_deadline))}  "
        f"{pct(sum(r['deadline_right'] for r in results), n)}  "
        f"{pct(sum(r['letter_date_right'] for r in results), n)}  "
        f"{sum(len(r['wrong_certain']) for r in results):>5}"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--per-sender", type=int, default=8)
    parser.add_argument("--limit", type=int, default=0, help="only the first N letters")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument(
        "--raw", action="store_true", help="without preprocessing, to compare (not the app's path)"
    )
    args = parser.parse_args(argv)
    if not ocr.available():
        print("Tesseract is missing: bash scripts/install-test-deps.sh", file=sys.stderr)
        return 1
    images = sorted(args.corpus.glob("*.jpg"))
    if not images:
        print(f"Making the corpus in {args.corpus} …", file=sys.stderr)
        make_letter_corpus.generate(args.corpus, per_sender=args.per_sender)
        images = sorted(args.corpus.glob("*.jpg"))
    if args.limit:
        images = images[: args.limit]
    results = []
    for image in images:
        result = measure(image, raw=args.raw)
        results.append(result)
        flag = " WRONG-CERTAIN" if result["wrong_certain"] else ""
        print(
            f"  {result['name']:<38} {result['seconds']:5.1f} s  "
            f"ocr {100 * result['accuracy']:5.1f} %  "
            f"deadline {'ok' if result['deadline_right'] else 'MISS'}{flag}",
            file=sys.stderr,
        )
    by_sender: dict[str, list[dict]] = defaultdict(list)
    for result in results:
        by_sender[result["organisation"]].append(result)
    print()
    print(
        f"{'sender':<20} {'n':>3}  {'OCR acc':>8}  {'sender':>7}  {'kind':>7}  "
        f"{'dl found':>7}  {'dl right':>7}  {'date ok':>7}  {'wrong-certain':>5}"
    )
    for organisation, group in sorted(by_sender.items()):
        print(_row(organisation, group))
    print(_row("all", results))
    seconds = [r["seconds"] for r in results]
    print(
        f"\nOCR time per letter: mean {sum(seconds) / len(seconds):.1f} s, "
        f"max {max(seconds):.1f} s; deadlines shown as certain and right: "
        f"{sum(r['deadline_certain'] for r in results)}/{sum(r['has_deadline'] for r in results)}"
    )
    if args.show_misses:
        for result in results:
            good = result["deadline_right"] and result["sender"] and result["kind"]
            if good and not result["wrong_certain"]:
                continue
            reading, truth = result["reading"], result["truth"]
            print(f"\n== {result['name']}")
            for wrong in result["wrong_certain"]:
                print(f"   WRONG AND CERTAIN: {wrong}")
            print(
                f"   truth: {truth['organisation']} {truth['kind']} date {truth['letter_date']} "
                f"deadline {truth['deadline']}"
            )
            print(
                f"   read:  {reading.organisation} {reading.kind} date {reading.letter_date} "
                f"deadline {reading.deadline}"
            )
            for number, line in enumerate(lines_of(result["text"]), 1):
                print(f"   {number:>3}: {line}")
    wrong = sum(len(r["wrong_certain"]) for r in results)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
