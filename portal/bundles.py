"""The scripts and styles a page loads, each kind as one file, made without a build step.

On a slow phone every file costs a round trip (Slow 3G: 2 s), so a page loads one
stylesheet and one script per kind of page instead of a dozen. BUNDLES below says, once,
which source files under static/ make each bundle and in which order; nothing else names
them (the templates load the bundles, the service worker caches them).

A bundle is the sources one after another: no minifying, no transpiling, no node. Our own
files lose only their whole-line comments and blank lines (without_comments); the
vendored ones stay as they are. Each source starts with a comment naming it, so the
browser's debugger shows where a line came from; a script source is followed by a `;`
line, so two files never run together into one statement. Every one of our scripts is a
self-contained IIFE (its own "use strict" inside), which is why joining them changes
nothing in how each runs.

Bundles are not committed. BundleFinder, a static files finder (settings
STATICFILES_FINDERS), writes each bundle from its current sources whenever Django or
WhiteNoise looks for it: at `collectstatic` (make run, scripts/prod.py, every release),
when WhiteNoise reads the files through the finders (the tests, a fresh checkout) and on
every request for it with DEBUG on (WhiteNoise's autorefresh). An edit to a source is in
the bundle the next time it is looked for, without a step anyone has to remember.
`manage.py bundle_static` writes them too, to look at. They are written to
STATIC_BUNDLE_DIR (var/bundle/, not in git), only when their text changed, by a rename, so
a reader never sees half a file.
"""

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage

# name under /static/: its sources under static/, in the order they run (or cascade).
BUNDLES: dict[str, list[str]] = {
    # Every page's styles, in <head>: what the first paint needs.
    "bundle/app.css": ["css/tokens.css", "css/base.css", "css/components.css"],
    # Every page's scripts (templates/base.html, deferred): htmx first, then ours.
    "bundle/app.js": [
        "vendor/htmx-2.0.11.min.js",
        "js/app.js",
        "js/session.js",
        "js/password.js",
        "js/notices.js",
        "js/drafts.js",
        "js/speak.js",
    ],
    # What the live pages add (templates/live_base.html, deferred after bundle/app.js):
    # htmx's WebSocket extension, then ours. outbox-store.js before outbox.js, which uses it.
    "bundle/live.js": [
        "vendor/htmx-ext-ws-2.0.4.min.js",
        "js/live.js",
        "js/outbox-store.js",
        "js/outbox.js",
        "js/letters.js",
        "js/undo.js",
        "js/voice.js",
    ],
}

HEADER = "/* {name}: made by portal/bundles.py from the files below. Edit those, not this. */\n"


def source_dir() -> Path:
    return Path(settings.BASE_DIR) / "static"


def output_dir() -> Path:
    return Path(settings.STATIC_BUNDLE_DIR)


def bundled_sources() -> set[str]:
    """Every source that is in a bundle (so no page should load it on its own)."""
    return {source for sources in BUNDLES.values() for source in sources}


def without_comments(source: str, script: bool) -> str:
    """`source` without its comments that fill whole lines, and without blank lines.

    Our files explain themselves at length in comments, which a phone need not download
    (a sixth of the bundles' compressed bytes). Only what is surely a comment goes:
    a line that starts a block comment (up to its end; code after the end stays), and in
    a script a line that starts with //; a comment after code stays. A line starting that
    way can only be inside a string in a template literal, so a script that keeps a
    backtick after this is left exactly as it was.
    """
    kept = []
    in_comment = False
    for line in source.splitlines():
        stripped = line.strip()
        if in_comment or stripped.startswith("/*"):
            end = stripped.find("*/", 0 if in_comment else 2)
            in_comment = end < 0
            rest = "" if in_comment else stripped[end + 2 :].strip()
            if rest:
                kept.append(rest)
            continue
        if not stripped or (script and stripped.startswith("//")):
            continue
        kept.append(line)
    result = "\n".join(kept)
    if script and "`" in result:
        return source
    return result


def text(name: str) -> str:
    """The bundle `name` made from its sources as they are now: the vendored files as
    they are, ours without their whole-line comments."""
    parts = [HEADER.format(name=name)]
    script = name.endswith(".js")
    for source in BUNDLES[name]:
        body = (source_dir() / source).read_text(encoding="utf-8")
        if not source.startswith("vendor/"):
            body = without_comments(body, script)
        parts.append(f"\n/* ---- static/{source} ---- */\n{body.rstrip()}\n")
        if script:
            parts.append(";\n")
    return "".join(parts)


def build(name: str) -> Path:
    """Write the bundle `name` if its text changed (or it is missing); its path."""
    content = text(name).encode("utf-8")
    path = output_dir() / name
    try:
        if path.read_bytes() == content:
            return path
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".bundle-")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o644)  # public, as collectstatic's copies are
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)
        raise
    return path


def build_all() -> list[Path]:
    return [build(name) for name in BUNDLES]


class BundleFinder(BaseFinder):
    """Finds bundle/*: each is (re)written from its sources when looked for."""

    @property
    def storage(self) -> FileSystemStorage:
        return FileSystemStorage(location=str(output_dir()))

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return [
            Error(
                f"{name} names static/{source}, which does not exist.",
                hint="Change BUNDLES in portal/bundles.py to the file's new name.",
                id="portal.E100",
            )
            for name, sources in BUNDLES.items()
            for source in sources
            if not (source_dir() / source).is_file()
        ]

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        find_all = kwargs.get("all", find_all)  # the name before Django 5.2
        if path not in BUNDLES:
            return [] if find_all else None
        found = str(build(path))
        return [found] if find_all else found

    def list(self, ignore_patterns: Any) -> Any:
        for name in BUNDLES:
            build(name)
            yield name, self.storage
