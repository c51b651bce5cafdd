"""The bundles (portal/bundles.py): every page loads one stylesheet and one script per
kind of page, each made of its sources in the order BUNDLES states, always from the
sources as they are now; the service worker keeps exactly those files."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse

from portal.bundles import BUNDLES, BundleFinder, bundled_sources, without_comments

STATIC = Path(settings.BASE_DIR) / "static"
TEMPLATES = Path(settings.BASE_DIR) / "templates"


class Assets(HTMLParser):
    """The scripts and stylesheets a page loads, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        found = dict(attrs)
        if tag == "script" and "src" in found:
            self.scripts.append(found["src"])
            assert "defer" in found, f"{found['src']} blocks the page: it needs defer"
        if tag == "link" and found.get("rel") == "stylesheet":
            self.styles.append(found["href"])


def assets(html: str) -> Assets:
    parser = Assets()
    parser.feed(html)
    return parser


def served(name: str) -> str:
    path = finders.find(name)
    assert path, f"no static file {name}"
    return Path(path).read_text(encoding="utf-8")


@pytest.fixture
def bundle_dir(tmp_path, settings):
    settings.STATIC_BUNDLE_DIR = tmp_path / "bundle-out"
    return settings.STATIC_BUNDLE_DIR


def expected(source: str) -> str:
    """What the bundle holds of static/`source`: a vendored file as it is, ours without
    whole-line comments."""
    text = (STATIC / source).read_text(encoding="utf-8")
    if not source.startswith("vendor/"):
        text = without_comments(text, source.endswith(".js"))
    return text.rstrip()


@pytest.mark.parametrize("name", BUNDLES)
def test_a_bundle_is_every_source_in_order_and_nothing_else(name, bundle_dir):
    bundle = served(name)
    at = 0
    for source in BUNDLES[name]:
        text = expected(source)
        found = bundle.find(text, at)
        assert found >= 0, f"{name} lacks static/{source} (or has it out of order)"
        at = found + len(text)
    # Besides the sources: only the comments naming them (and the `;` between scripts).
    rest = bundle
    for source in BUNDLES[name]:
        rest = rest.replace(expected(source), "", 1)
    leftover = re.sub(r"/\*[^*]*\*/|;|\s", "", rest)
    assert leftover == "", leftover[:200]


def test_what_others_use_comes_first():
    # htmx before every script of ours (they call htmx.on, htmx.defineExtension), its
    # WebSocket extension first in what the live pages add, the outbox's store before it.
    assert BUNDLES["bundle/app.js"][0].startswith("vendor/htmx-")
    assert BUNDLES["bundle/live.js"][0].startswith("vendor/htmx-ext-ws-")
    live = BUNDLES["bundle/live.js"]
    assert live.index("js/outbox-store.js") < live.index("js/outbox.js")
    assert BUNDLES["bundle/app.css"][0] == "css/tokens.css"  # the custom properties


def test_a_stale_bundle_is_written_again_from_its_sources(bundle_dir):
    stale = bundle_dir / "bundle" / "app.js"
    stale.parent.mkdir(parents=True)
    stale.write_text("/* an old bundle, before someone edited static/js/app.js */")
    assert "an old bundle" not in served("bundle/app.js")
    assert expected("js/app.js") in stale.read_text()


def test_only_whole_line_comments_and_blank_lines_are_left_out():
    script = """/* What this file does,
   over two lines. */
(function () {
  "use strict";
  // a comment on its own line

  var url = "//example.org/*"; // a comment after code stays
  /* a block */ var after = 1;
  /* a block
     over lines */ var afterEnd = 2;
})();
"""
    assert (
        without_comments(script, script=True)
        == """(function () {
  "use strict";
  var url = "//example.org/*"; // a comment after code stays
var after = 1;
var afterEnd = 2;
})();"""
    )
    # A template literal's lines may look like comments: such a file is left whole.
    literal = "var s = `\n// not a comment\n`;\n"
    assert without_comments(literal, script=True) == literal
    # In CSS only /* */ is a comment.
    style = "/* tokens */\n:root {\n  --a: 1px; /* kept */\n}\n"
    assert without_comments(style, script=False) == ":root {\n  --a: 1px; /* kept */\n}"


def test_a_bundle_of_ours_is_smaller_than_its_sources(bundle_dir):
    for name, sources in BUNDLES.items():
        ours = sum(len((STATIC / s).read_bytes()) for s in sources if not s.startswith("vendor/"))
        vendored = sum(len((STATIC / s).read_bytes()) for s in sources if s.startswith("vendor/"))
        assert len(served(name).encode()) < vendored + 0.95 * ours, name


def test_every_script_and_style_in_static_is_in_a_bundle_or_loaded_by_a_page():
    loaded = set()
    for template in TEMPLATES.rglob("*.html"):
        loaded |= set(re.findall(r"\{% static '([^']+\.(?:js|css))' %\}", template.read_text()))
    assert set(BUNDLES) <= loaded
    loaded_alone = loaded - set(BUNDLES)
    assert not loaded_alone & bundled_sources(), "a page loads a bundled file on its own"
    every = {
        str(path.relative_to(STATIC))
        for path in STATIC.rglob("*")
        if path.suffix in (".js", ".css")
    }
    # The service worker is served at /serviceworker.js, outside any page.
    assert every - {"js/serviceworker.js"} == bundled_sources() | loaded_alone, (
        "a script or stylesheet no page loads: add it to BUNDLES in portal/bundles.py"
    )


def test_a_live_page_loads_the_two_bundles_and_nothing_else(client_client):
    page = assets(client_client.get(reverse("client_plan")).content.decode())
    assert page.scripts == ["/static/bundle/app.js", "/static/bundle/live.js"]
    assert page.styles == ["/static/bundle/app.css"]


@pytest.mark.django_db
def test_the_sign_in_page_loads_the_one_bundle_and_its_own_script(client):
    page = assets(client.get(reverse("login")).content.decode())
    assert page.scripts == ["/static/bundle/app.js", "/static/js/passkeys.js"]
    assert page.styles == ["/static/bundle/app.css"]


def shell_urls() -> list[str]:
    worker = (STATIC / "js" / "serviceworker.js").read_text()
    listed = re.search(r"var SHELL_URLS = (\[.*?\]);", worker, re.S)
    assert listed, "static/js/serviceworker.js has no SHELL_URLS"
    return json.loads(re.sub(r",\s*\]", "]", listed.group(1)))


def test_the_service_worker_keeps_the_bundles_and_no_bundled_file_on_its_own():
    urls = shell_urls()
    assert {f"/static/{name}" for name in BUNDLES} <= set(urls)
    assert not {f"/static/{source}" for source in bundled_sources()} & set(urls)
    # cache.addAll fails as a whole on one missing file: every static one must exist.
    for url in urls:
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url


def test_collectstatic_collects_the_bundles_by_hashed_name(tmp_path, settings, bundle_dir):
    settings.STATIC_ROOT = tmp_path / "collected"
    call_command("collectstatic", "--noinput", verbosity=0)
    manifest = json.loads((tmp_path / "collected" / "staticfiles.json").read_text())["paths"]
    for name in BUNDLES:
        hashed = manifest[name]
        assert re.fullmatch(r"bundle/\w+\.[0-9a-f]{12}\.(js|css)", hashed), hashed
        assert (tmp_path / "collected" / hashed).read_text() == served(name)


def test_a_bundle_naming_a_file_that_is_gone_fails_the_system_check(monkeypatch):
    assert BundleFinder().check() == []
    monkeypatch.setitem(BUNDLES, "bundle/app.js", [*BUNDLES["bundle/app.js"], "js/gone.js"])
    assert [error.id for error in BundleFinder().check()] == ["portal.E100"]
