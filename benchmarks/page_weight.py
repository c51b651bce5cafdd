"""Page weight: the bytes a phone downloads for the client's plan, on a first and a repeat
visit, and how long its first visit takes on Chromium's Slow 3G.

    .venv/bin/python benchmarks/page_weight.py [--static collected|finders] [--keep]
        [--runs 3] [--no-prod]

A script, not a test: it prints a table per load (see docs/benchmarks.md, "Page weight").
Everything it starts is on 127.0.0.1 and is stopped at the end, also on failure:

1. A temporary folder with a fresh SQLite database (SQLITE_PATH), `manage.py migrate` and
   `manage.py demo`. DEBUG stays on: with it off, the session cookie is Secure-only and
   a login over plain http would not stick.
2. Static files as production serves them (--static collected, the default):
   `manage.py collectstatic` into the folder (whitenoise's CompressedStaticFilesStorage
   writes a .gz beside each file) and whitenoise serving only those, with the cache
   lifetime it uses when DEBUG is off (60 s). A settings module in the folder makes
   these changes on top of portal.settings, which is left as it is. With --static
   finders, static files come straight from static/ as in development (no compressed
   copies, max-age 0).
3. ONE daphne process serving portal.asgi.
4. Debian's Chromium (the flags and phone of tests/browser/conftest.py). The demo
   client `maja` signs in through the form in a throwaway context; her cookies go to a
   NEW context, so the first load of /min-plan/ starts with an empty cache and without
   the login page's files.
5. Three loads of /min-plan/ in that context, each measured with the DevTools protocol
   (Network domain of the page; bytes are Network.loadingFinished's encodedDataLength:
   headers and body as they came over the wire, what DevTools calls "transferred"):
   - first: the cold load;
   - reload: page.reload() once the service worker (if static/js/app.js registers one)
     is active;
   - revisit: a new navigation to the same address, as when the app is opened again.
   Requests a service worker makes itself are listed too (Playwright's context events
   name their worker); their bytes count as network bytes unless they came from the
   HTTP cache. The live WebSocket is listed, not counted.

6. Slow 3G, first visit (--runs times each, a new context with her cookies and an empty
   cache every time): Chromium DevTools' "Slow 3G" preset through the DevTools protocol
   (Network.emulateNetworkConditions: latency 2000 ms, download and upload
   500 kbit/s * 0.8 = 50,000 B/s, the values of DevTools' NetworkManager.ts
   Slow3GConditions), then /min-plan/ until its load event. From the page's own timing
   entries, all from the navigation's start: when the HTML finished arriving (Navigation
   Timing responseEnd; not responseStart, which the network stack stamps before the
   emulation delays the response, so it shows no latency), when the last stylesheet
   arrived, first paint (Paint Timing first-contentful-paint), DOMContentLoaded and the
   load event (loadEventEnd); and every resource with its protocol (nextHopProtocol),
   when it was asked for and when it had arrived.
   Twice: over HTTP/1.1 straight to the daphne of step 3, and (unless --no-prod) over
   HTTP/2 through nginx in the production profile: `DEMO=1 scripts/prod.sh start` in a
   temporary folder on free ports (PostgreSQL, Redis, two daphnes, nginx with TLS),
   stopped at the end, as benchmarks/realtime_prod.py starts it.

The targets: the first load within 100 KB (100,000 bytes) transferred, compressed; on
Slow 3G, first paint no later than one round trip (2 s) after the HTML finished arriving,
and the load event within 5.0 s. For each text response that came uncompressed, the table
also shows what gzip (level 6) would make of it, to show what compressing would save.

Exit status: 0 when the measurement ran (whether or not the targets hold), 1 when it
could not be set up, 2 on bad arguments.
"""

import argparse
import contextlib
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from measure import machine, machine_busy_seconds
from servers import (
    BASE_DIR,
    PYTHON,
    SetupError,
    die_with_parent,
    free_port,
    log_tail,
    stop,
    wait_for_healthz,
)
from servers import (  # noqa: E402  (benchmarks/servers.py, beside this script)
    manage as run_manage,
)

sys.path.insert(0, str(BASE_DIR))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE  # noqa: E402

USERNAME, PASSWORD = "maja", "demo-losenord-1"  # manage.py demo
PAGE = "/min-plan/"
TARGET_BYTES = 100_000
SETUP_TIMEOUT = 180.0  # each manage.py command
BROWSER_TIMEOUT_MS = 15_000
SETTLE_MS = 750  # quiet time after a load before its requests are counted
SW_WAIT_MS = 10_000

SETTINGS_MODULE = "page_weight_settings"
SETTINGS = """\
# Written by benchmarks/page_weight.py: portal.settings, static files as in production.
from portal.settings import *  # noqa: F403

STATIC_ROOT = {static_root!r}
"""
COLLECTED = """\
WHITENOISE_USE_FINDERS = False
WHITENOISE_AUTOREFRESH = False
WHITENOISE_MAX_AGE = 60  # whitenoise's default when DEBUG is off
"""

# Function form, resolved in the page: the strict CSP forbids evaluating strings there.
SERVICE_WORKER_SCOPE = (
    "ms => !navigator.serviceWorker ? null : Promise.race(["
    "navigator.serviceWorker.ready.then(registration => registration.scope),"
    "new Promise(resolve => setTimeout(() => resolve(null), ms))])"
)
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")

# Chromium DevTools' "Slow 3G" (front_end/core/sdk/NetworkManager.ts, Slow3GConditions):
# download and upload 500 kbit/s * 0.8 in bytes per second, latency 400 ms * 5.
SLOW_3G = {
    "offline": False,
    "latency": 400 * 5,
    "downloadThroughput": 500 * 1000 / 8 * 0.8,
    "uploadThroughput": 500 * 1000 / 8 * 0.8,
}
ROUND_TRIP_MS = SLOW_3G["latency"]
TARGET_LOAD_MS = 5_000
SLOW_TIMEOUT_MS = 60_000
# The page's own timing entries, from the navigation's start (function form: strict CSP).
TIMINGS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  return {
    protocol: nav.nextHopProtocol,
    responseEnd: nav.responseEnd,
    domContentLoaded: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    fcp: fcp ? fcp.startTime : null,
    htmlBytes: nav.transferSize,
    resources: performance.getEntriesByType("resource").map(r => ({
      name: r.name, protocol: r.nextHopProtocol, start: r.startTime, end: r.responseEnd,
      bytes: r.transferSize, type: r.initiatorType,
    })),
  };
}"""
LOADED = "() => performance.getEntriesByType('navigation')[0].loadEventEnd > 0"


# The server.


def manage(env: dict, *args: str) -> None:
    run_manage(env, *args, timeout=SETUP_TIMEOUT)


# What the browser fetched.


@dataclass
class Row:
    url: str
    type: str
    status: int | None = None
    encoding: str = ""
    mime: str = ""
    transferred: int = 0  # headers + body over the wire (encodedDataLength)
    size: int = 0  # the body after decoding
    source: str = "network"
    failed: str = ""
    gzip_estimate: int | None = None  # transferred, had an uncompressed text body been gzipped

    @property
    def over_network(self) -> bool:
        return self.source.startswith(("network", "by service worker (network)"))


class Recorder:
    """Collects the page's Network events (CDP) and its service worker's requests."""

    def __init__(self, context, page):
        self.cdp = context.new_cdp_session(page)
        self.rows: dict[str, Row] = {}
        self.worker_requests: list = []  # Playwright's Request objects
        self.sockets: dict[str, list] = {}  # WebSocket url: [frames, payload bytes]
        self._socket_urls: dict[str, str] = {}
        self.recording = False
        on = self.cdp.on
        on("Network.requestWillBeSent", self._will_be_sent)
        on("Network.requestServedFromCache", self._from_memory)
        on("Network.responseReceived", self._response)
        on("Network.dataReceived", self._data)
        on("Network.loadingFinished", self._finished)
        on("Network.loadingFailed", self._failed)
        on("Network.webSocketCreated", self._socket)
        on("Network.webSocketFrameReceived", self._frame)
        context.on("requestfinished", self._worker_request)
        self.cdp.send("Network.enable")

    def begin(self) -> None:
        self.rows, self.worker_requests, self.sockets = {}, [], {}
        self.recording = True

    def end(self) -> list[Row]:
        self.recording = False
        for request_id, row in self.rows.items():
            self._estimate_gzip(request_id, row)
        return list(self.rows.values()) + [self._worker_row(r) for r in self.worker_requests]

    def _will_be_sent(self, event) -> None:
        if not self.recording:
            return
        url = event["request"]["url"]
        if url.startswith("data:"):
            return
        # A redirect keeps its requestId: the earlier hop becomes a row of its own.
        previous = self.rows.pop(event["requestId"], None)
        if previous is not None and "redirectResponse" in event:
            redirect = event["redirectResponse"]
            previous.status = redirect["status"]
            previous.transferred = redirect.get("encodedDataLength", 0)
            self.rows[f"{event['requestId']}-{len(self.rows)}"] = previous
        self.rows[event["requestId"]] = Row(url=url, type=event.get("type", "Other"))

    def _from_memory(self, event) -> None:
        row = self.rows.get(event["requestId"])
        if row:
            row.source = "memory cache"

    def _response(self, event) -> None:
        row = self.rows.get(event["requestId"])
        if row is None:
            return
        response = event["response"]
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        row.status = response["status"]
        row.mime = response.get("mimeType", "")
        row.encoding = headers.get("content-encoding", "")
        if response.get("fromServiceWorker"):
            where = response.get("serviceWorkerResponseSource")
            row.source = f"service worker ({where})" if where else "service worker"
        elif response.get("fromDiskCache"):
            row.source = "disk cache"
        elif response.get("fromPrefetchCache"):
            row.source = "prefetch cache"
        elif row.source == "network" and row.status == 304:
            row.source = "network (304)"

    def _data(self, event) -> None:
        row = self.rows.get(event["requestId"])
        if row:
            row.size += event["dataLength"]

    def _finished(self, event) -> None:
        row = self.rows.get(event["requestId"])
        if row:
            row.transferred = int(event["encodedDataLength"])

    def _failed(self, event) -> None:
        row = self.rows.get(event["requestId"])
        if row:
            row.failed = event.get("errorText", "failed")

    def _socket(self, event) -> None:
        if self.recording:
            self._socket_urls[event["requestId"]] = event["url"]
            self.sockets[event["url"]] = [0, 0]

    def _frame(self, event) -> None:
        url = self._socket_urls.get(event["requestId"])
        if self.recording and url in self.sockets:
            self.sockets[url][0] += 1
            self.sockets[url][1] += len(event["response"].get("payloadData", "").encode())

    def _worker_request(self, request) -> None:
        # Only noted here: Playwright calls belong outside its event handlers (end()).
        if self.recording and request.service_worker is not None:
            self.worker_requests.append(request)

    def _worker_row(self, request) -> Row:
        response = request.response()
        sizes = request.sizes()
        # From the HTTP cache Chromium reports no bytes (and a negative body size).
        transferred = max(0, sizes["responseHeadersSize"] + sizes["responseBodySize"])
        row = Row(
            url=request.url,
            type=request.resource_type,
            status=response.status if response else None,
            encoding=(response.headers.get("content-encoding", "") if response else ""),
            mime=(response.headers.get("content-type", "") if response else ""),
            transferred=transferred,
            size=max(0, sizes["responseBodySize"]),
            source=f"by service worker ({'network' if transferred else 'HTTP cache'})",
        )
        if self._wants_estimate(row):
            with contextlib.suppress(Exception):  # no body kept: no estimate
                self._set_estimate(row, response.body())
        return row

    @staticmethod
    def _wants_estimate(row: Row) -> bool:
        """An uncompressed text body that came over the network (a 304 brought none)."""
        return (
            row.status == 200
            and row.over_network
            and not row.encoding
            and row.mime.startswith(TEXT_TYPES)
        )

    @staticmethod
    def _set_estimate(row: Row, body: bytes) -> None:
        if not body:  # Chromium kept none (it does not, for a worker's fetches)
            return
        row.gzip_estimate = row.transferred - len(body) + len(gzip.compress(body, 6))

    def _estimate_gzip(self, request_id: str, row: Row) -> None:
        if not self._wants_estimate(row):
            return
        try:
            body = self.cdp.send("Network.getResponseBody", {"requestId": request_id})
        except Exception:  # noqa: BLE001 - evicted or never had one: no estimate
            return
        if not body.get("base64Encoded"):
            self._set_estimate(row, body["body"].encode())


def settle(page) -> None:
    with contextlib.suppress(Exception):  # a socket or a poll may keep it from idling
        page.wait_for_load_state("networkidle", timeout=5_000)
    page.wait_for_timeout(SETTLE_MS)


def login_cookies(browser, base_url: str) -> list[dict]:
    # The production profile's certificate is self-signed.
    context = browser.new_context(**PHONE, base_url=base_url, ignore_https_errors=True)
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto("/logga-in/")
        form = page.locator("form:has(input[name=password])")
        form.locator("input[name=username]").fill(USERNAME)
        form.locator("input[name=password]").fill(PASSWORD)
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        if "/logga-in/" in page.url:
            raise SetupError(f"Could not sign in as {USERNAME!r}")
        return context.cookies()
    finally:
        context.close()


def measure(browser, base_url: str) -> tuple[dict[str, list[Row]], dict, str | None]:
    cookies = login_cookies(browser, base_url)
    context = browser.new_context(**PHONE, base_url=base_url)
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    try:
        context.add_cookies(cookies)
        page = context.new_page()
        recorder = Recorder(context, page)
        loads, sockets = {}, {}

        recorder.begin()
        response = page.goto(PAGE, wait_until="load")
        settle(page)
        loads["first"] = recorder.end()
        sockets["first"] = dict(recorder.sockets)
        if response is None or response.status != 200 or not page.url.endswith(PAGE):
            raise SetupError(f"{PAGE} answered {response and response.status} at {page.url}")

        scope = page.evaluate(SERVICE_WORKER_SCOPE, SW_WAIT_MS)

        recorder.begin()
        page.reload(wait_until="load")
        settle(page)
        loads["reload"] = recorder.end()
        sockets["reload"] = dict(recorder.sockets)

        recorder.begin()
        page.goto(PAGE, wait_until="load")
        settle(page)
        loads["revisit"] = recorder.end()
        sockets["revisit"] = dict(recorder.sockets)
        return loads, sockets, scope
    finally:
        context.close()


# Slow 3G.


@dataclass
class Visit:
    protocol: str
    response_end: float  # the HTML finished arriving
    fcp: float | None
    dom_content_loaded: float
    load: float
    html_bytes: int
    resources: list[dict]

    @property
    def paint_after_html(self) -> float | None:
        return None if self.fcp is None else self.fcp - self.response_end

    @property
    def styles_in(self) -> float:
        """When the last stylesheet the first paint waits for had arrived."""
        return max(
            (r["end"] for r in self.resources if urlsplit(r["name"]).path.endswith(".css")),
            default=self.response_end,
        )


def slow_first_visit(browser, base_url: str, cookies: list[dict]) -> Visit:
    """One first visit of the plan on Slow 3G: empty cache, signed in (her cookies)."""
    context = browser.new_context(**PHONE, base_url=base_url, ignore_https_errors=True)
    context.set_default_timeout(SLOW_TIMEOUT_MS)
    try:
        context.add_cookies(cookies)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        response = page.goto(PAGE, wait_until="load", timeout=SLOW_TIMEOUT_MS)
        if response is None or response.status != 200 or not page.url.endswith(PAGE):
            raise SetupError(f"{PAGE} answered {response and response.status} at {page.url}")
        page.wait_for_function(LOADED, timeout=SLOW_TIMEOUT_MS)
        t = page.evaluate(TIMINGS)
        return Visit(
            protocol=t["protocol"],
            response_end=t["responseEnd"],
            fcp=t["fcp"],
            dom_content_loaded=t["domContentLoaded"],
            load=t["load"],
            html_bytes=t["htmlBytes"],
            resources=t["resources"],
        )
    finally:
        context.close()


def slow_visits(browser, base_url: str, runs: int) -> list[Visit]:
    cookies = login_cookies(browser, base_url)
    return [slow_first_visit(browser, base_url, cookies) for _ in range(runs)]


def slow_report(name: str, visits: list[Visit], origin: str, busy_cores: float) -> None:
    print(f"\nSlow 3G, first visit of {PAGE}: {name} ({len(visits)} runs)")
    print(
        f"  latency {SLOW_3G['latency']} ms, {SLOW_3G['downloadThroughput']:,.0f} B/s down and "
        f"up; machine CPU busy during the runs (everything, this run's Chromium and servers "
        f"included): {busy_cores:.2f} cores of {os.cpu_count()}"
    )
    print(
        f"  {'run':>3} {'protocol':<8} {'HTML end':>9} {'CSS end':>8} {'1st paint':>9} "
        f"{'paint-HTML':>10} {'DOMContent':>10} {'load':>7} {'requests':>8}"
    )
    for number, v in enumerate(visits, 1):
        after = "-" if v.paint_after_html is None else f"{v.paint_after_html:,.0f}"
        fcp = "-" if v.fcp is None else f"{v.fcp:,.0f}"
        print(
            f"  {number:>3} {v.protocol:<8} {v.response_end:>9,.0f} {v.styles_in:>8,.0f} "
            f"{fcp:>9} {after:>10} {v.dom_content_loaded:>10,.0f} {v.load:>7,.0f} "
            f"{1 + len(v.resources):>8}"
        )

    def median(values: list[float | None]) -> float:
        known = [v for v in values if v is not None]
        return statistics.median(known) if known else float("nan")

    end = median([v.response_end for v in visits])
    after = median([v.paint_after_html for v in visits])
    load = median([v.load for v in visits])
    fcp = median([v.fcp for v in visits])
    print(
        f"  median: HTML end {end:,.0f} ms, first paint {fcp:,.0f} ms ({after:,.0f} ms after "
        f"the HTML: {'within' if after <= ROUND_TRIP_MS else 'OVER'} one round trip of "
        f"{ROUND_TRIP_MS} ms), load {load:,.0f} ms ("
        f"{'within' if load <= TARGET_LOAD_MS else 'OVER'} the {TARGET_LOAD_MS:,} ms target)"
    )
    first = visits[0]
    print("  the first run's requests (ms from the navigation's start):")
    print(f"    {'request':<46} {'protocol':<8} {'asked':>7} {'arrived':>7} {'bytes':>7}")
    print(
        f"    {PAGE:<46} {first.protocol:<8} {0:>7,} {first.response_end:>7,.0f} "
        f"{first.html_bytes:>7,}"
    )
    for r in sorted(first.resources, key=lambda r: r["start"]):
        print(
            f"    {short(r['name'], origin):<46} {r['protocol']:<8} {r['start']:>7,.0f} "
            f"{r['end']:>7,.0f} {r['bytes']:>7,}"
        )


def timed(fn, *args) -> tuple:
    """fn(*args) and how many cores the whole machine kept busy meanwhile."""
    wall, busy = time.monotonic(), machine_busy_seconds()
    result = fn(*args)
    return result, (machine_busy_seconds() - busy) / max(time.monotonic() - wall, 1e-9)


def prod_profile(folder: Path) -> tuple[dict, str]:
    """scripts/prod.sh's environment for the production profile with the demo accounts in
    `folder`, on free ports, and its https address."""
    folder.chmod(0o711)  # as root: the postgres user and nginx's workers pass through
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DEMO="1",
        PROD_DIR=str(folder / "prod"),
        PROD_PORT=str(port),
        PROD_PG_PORT=str(free_port()),
        PROD_REDIS_PORT=str(free_port()),
        PROD_DAPHNES="2",
        PROD_WATCH_PID=str(os.getpid()),
        PYTHON=PYTHON,
    )
    return env, f"https://localhost:{port}"


def prod(env: dict, *args: str) -> None:
    done = subprocess.run(
        ["bash", "scripts/prod.sh", *args],
        cwd=BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0:
        log = Path(env["PROD_DIR"]) / "log" / "supervisor.log"
        raise SetupError(
            f"scripts/prod.sh {' '.join(args)}:\n{done.stdout}{done.stderr}\n{log_tail(log)}"
        )


# The report.


def short(url: str, origin: str) -> str:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    where = path if url.startswith(origin) else url
    return where if len(where) <= 46 else where[:21] + "…" + where[-24:]


def table(name: str, rows: list[Row], sockets: dict, origin: str) -> tuple[int, int]:
    print(f"\n{name}: {len(rows)} requests")
    head = f"  {'request':<46} {'type':<10} {'st':>3} {'enc':<4} {'transferred':>11}"
    print(f"{head} {'body':>8} {'gzip est.':>9}  served from")
    for row in rows:
        status = "" if row.status is None else str(row.status)
        estimate = "" if row.gzip_estimate is None else f"{row.gzip_estimate:,}"
        source = row.source + (f" - FAILED {row.failed}" if row.failed else "")
        print(
            f"  {short(row.url, origin):<46} {row.type[:10]:<10} {status:>3} "
            f"{(row.encoding or '-')[:4]:<4} {row.transferred:>11,} {row.size:>8,} "
            f"{estimate:>9}  {source}"
        )
    network = sum(r.transferred for r in rows if r.over_network)
    cached = sum(1 for r in rows if not r.over_network)  # incl. the worker's cache hits
    estimate = sum(
        r.gzip_estimate if r.gzip_estimate is not None else r.transferred
        for r in rows
        if r.over_network
    )
    body = sum(r.size for r in rows if not r.source.startswith("by service worker"))
    print(
        f"  {'total':<46} {'':<10} {'':>3} {'':<4} {network:>11,} {body:>8,} {estimate:>9,}"
        f"  {len(rows) - cached} over the network, {cached} from a cache or the worker"
    )
    for url, (frames, payload) in sockets.items():
        print(f"  (not counted: WebSocket {short(url, origin)}, {frames} frames, {payload:,} B in)")
    return network, estimate


def report(
    loads: dict[str, list[Row]], sockets: dict, scope: str | None, origin: str, static: str
) -> None:
    print(
        f"\nPage weight of {PAGE} as the demo client {USERNAME!r}, phone viewport, "
        f"static files: {static}."
    )
    print(
        "transferred = headers + body over the wire (0 when served from a cache); "
        "body = decoded size (total: what the page got);\n"
        "gzip est. = transferred had an uncompressed text body been gzipped (level 6)."
    )
    if scope:
        print(f"Service worker active before the reload, scope {scope}")
    else:
        print(
            f"No service worker became active within {SW_WAIT_MS} ms after the first load "
            "(static/js/app.js registers none?): repeat loads use the HTTP cache only."
        )
    totals = {}
    for name, rows in loads.items():
        totals[name] = table(name, rows, sockets[name], origin)

    first_rows = loads["first"]
    html = next((r for r in first_rows if r.type == "Document"), None)
    uncompressed = [r for r in first_rows if r.over_network and r.gzip_estimate is not None]
    network, estimate = totals["first"]
    print("\nSummary")
    for name, (bytes_, est) in totals.items():
        print(f"  {name:<8} {bytes_:>9,} B transferred   ({est:,} B with text gzipped)")
    verdict = "within" if network <= TARGET_BYTES else "OVER"
    print(
        f"  first load: {network:,} B, {verdict} the target of {TARGET_BYTES:,} B "
        f"({network / TARGET_BYTES:.0%} of it)"
    )
    if html is not None:
        print(
            f"  the HTML of {PAGE}: {html.transferred:,} B transferred, "
            f"Content-Encoding: {html.encoding or 'none'}"
        )
    if uncompressed:
        names = ", ".join(short(r.url, origin) for r in uncompressed)
        print(f"  uncompressed text responses: {names}")
        print(f"  with those gzipped the first load would be about {estimate:,} B")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--static",
        choices=["collected", "finders"],
        default="collected",
        help="collected: collectstatic + whitenoise as in production (default); "
        "finders: straight from static/ as in development",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder (database, daphne log)"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="Slow 3G first visits per server (default 3)"
    )
    parser.add_argument(
        "--no-prod",
        action="store_true",
        help="Slow 3G over daphne (HTTP/1.1) only, not through nginx (HTTP/2)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not os.access(CHROMIUM, os.X_OK):
        print(f"{CHROMIUM} is missing: run scripts/install-test-deps.sh", file=sys.stderr)
        return 1
    folder = Path(tempfile.mkdtemp(prefix="brobyggare-page-weight-"))
    daphne = playwright = browser = prod_env = None
    daphne_log = folder / "daphne.log"
    settings = SETTINGS.format(static_root=str(folder / "static"))
    if args.static == "collected":
        settings += COLLECTED
    (folder / f"{SETTINGS_MODULE}.py").write_text(settings)
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        {
            "SQLITE_PATH": str(folder / "page-weight.sqlite3"),
            "PRIVATE_MEDIA_ROOT": str(folder / "private"),
            "DEBUG": "true",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "PYTHONPATH": os.pathsep.join([str(folder), str(BASE_DIR)]),
        }
    )
    try:
        print(f"Setting up in {folder}: migrate, demo, collectstatic ...", flush=True)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "demo")
        if args.static == "collected":
            manage(env, "collectstatic", "--noinput", "-v", "0")

        port = free_port()
        with open(daphne_log, "wb") as log:
            daphne = subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "daphne",
                    "-b",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "portal.asgi:application",
                ],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=die_with_parent,
            )
        wait_for_healthz(port, daphne, daphne_log)
        origin = f"http://127.0.0.1:{port}"
        print(f"daphne (pid {daphne.pid}) answers on {origin}", flush=True)

        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        loads, sockets, scope = measure(browser, origin)
        if daphne.poll() is not None:
            raise SetupError(f"daphne died during the run:\n{log_tail(daphne_log)}")
        report(loads, sockets, scope, origin, args.static)

        print(f"\n{machine()}; Chromium {browser.version}")
        visits, busy = timed(slow_visits, browser, origin, args.runs)
        slow_report(f"HTTP/1.1 straight to daphne ({args.static})", visits, origin, busy)
        if not args.no_prod:
            print("\nStarting the production profile (DEMO=1 scripts/prod.sh start) ...")
            prod_env, prod_origin = prod_profile(folder)
            prod(prod_env, "start")
            visits, busy = timed(slow_visits, browser, prod_origin, args.runs)
            slow_report("through nginx (production profile)", visits, prod_origin, busy)
        return 0
    except (SetupError, subprocess.TimeoutExpired, OSError) as error:
        print(f"\nPage weight failed: {error}", file=sys.stderr)
        return 1
    finally:
        if browser is not None:
            with contextlib.suppress(Exception):
                browser.close()
        if playwright is not None:
            with contextlib.suppress(Exception):
                playwright.stop()
        stop(daphne)
        if prod_env is not None:
            with contextlib.suppress(SetupError, subprocess.TimeoutExpired):
                prod(prod_env, "stop")
        if args.keep:
            print(f"Kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
