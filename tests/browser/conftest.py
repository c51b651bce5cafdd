"""Real-browser tests: Debian's Chromium driven by Playwright against a live daphne server.

- pytest-django's `live_server` is WSGI, so tests subclass BrowserTestCase, a
  channels ChannelsLiveServerTestCase: daphne serves the ASGI app in a forked process.
- That process needs the test database in a FILE, not in memory. When the run selects
  any browser test, pytest_collection_finish below points the SQLite test database at a
  temporary file (unless SQLITE_TEST_PATH already names one).
- The Playwright sync API marks its event loop as running in the test thread. So the
  ORM in test code needs DJANGO_ALLOW_ASYNC_UNSAFE=true (BrowserTestCase sets it for
  its own lifetime), and async_to_sync refuses to run there: every action publishes
  its event with async_to_sync after commit. The shared fixtures (tests/conftest.py)
  are therefore set up outside that loop (pytest_fixture_setup below); in a test body
  or a fixture of your own, call actions inside `with self.outside_browser():`.
- Events the test process publishes stay in its own in-memory channel layer: the live
  server is another process. To see a live update on a phone, make the change through
  the server, e.g. from a second phone.
- Chromium is /usr/bin/chromium (scripts/install-test-deps.sh installs it). Never
  `playwright install`: this machine cannot download browsers and must not try.
- Everything under tests/browser/ is marked `browser`, so `pytest -m browser` and
  `pytest -m "not browser"` split the suite (see `make test`).

Test data: the fixtures of tests/conftest.py work from an autouse fixture method, e.g.

    class TestPlan(BrowserTestCase):
        @pytest.fixture(autouse=True)
        def _data(self, task, password):
            self.task, self.password = task, password

BrowserTestCase is a TransactionTestCase, so that data is committed (daphne sees it)
and flushed after each test.
"""

import asyncio
import inspect
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from channels.testing import ChannelsLiveServerTestCase
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "sv-SE",
}
DEFAULT_TIMEOUT_MS = 10_000

BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def pytest_collection_finish(session):
    """Give the live server a file database, before any test database is created."""
    if not any(item.get_closest_marker("browser") for item in session.items):
        return
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return  # PostgreSQL (DATABASE_URL) is shared across processes as it is.
    test = database.setdefault("TEST", {})
    if not test.get("NAME"):
        path = Path(tempfile.gettempdir()) / f"brobyggare-browser-test-{os.getpid()}.sqlite3"
        test["NAME"] = str(path)
        os.environ["SQLITE_TEST_PATH"] = str(path)


@contextmanager
def outside_browser_loop():
    """Hide Playwright's running event loop from Django code in this block.

    Needed around anything that reaches async_to_sync (every action, on commit). Make
    no Playwright call inside: Playwright needs its loop marked as running, and its
    connection dies if it is not.
    """
    loop = asyncio._get_running_loop()
    asyncio._set_running_loop(None)
    try:
        yield
    finally:
        if asyncio._get_running_loop() is None:  # else Playwright marked its own loop
            asyncio._set_running_loop(loop)


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """Set up the fixtures of tests/conftest.py and plugins outside Playwright's loop.

    Fixtures written in tests/browser/ may drive the browser, so they run as they are.
    """
    if (
        fixturedef.scope != "function"  # e.g. setUpClass, which starts Playwright
        or request.node.get_closest_marker("browser") is None
        or _defined_here(fixturedef)
    ):
        return (yield)
    with outside_browser_loop():
        return (yield)


def _defined_here(fixturedef) -> bool:
    try:
        path = Path(inspect.getfile(fixturedef.func)).resolve()
    except TypeError:
        return False
    return path == BROWSER_DIR or BROWSER_DIR in path.parents


def launch_chromium(playwright, extra_args=()):
    """Debian's Chromium, headless, with its calls home switched off."""
    if not os.access(CHROMIUM, os.X_OK):
        raise RuntimeError(f"{CHROMIUM} is missing: run scripts/install-test-deps.sh")
    return playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *extra_args]
    )


def new_phone_context(browser, **overrides):
    """A browser context the size of a phone, in Swedish. Overrides go to new_context."""
    context = browser.new_context(**{**PHONE, **overrides})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return context


def larger_text(page, percent: int = 200) -> None:
    """The phone's text size at `percent` (Chromium's default font size, as the phone's
    own setting changes it): rem, em and em-based media queries follow; the page's CSP
    is untouched (it goes through the DevTools protocol)."""
    session = page.context.new_cdp_session(page)
    size = 16 * percent // 100
    session.send("Page.setFontSizes", {"fontSizes": {"standard": size, "fixed": size * 13 // 16}})


class BrowserTestCase(ChannelsLiveServerTestCase):
    """A live daphne server and one Chromium per test class; a fresh phone per call."""

    serve_static = True
    # More Chromium switches for one class, e.g. a fake microphone (test_voice_message.py).
    chromium_args: tuple[str, ...] = ()

    @classmethod
    def setUpClass(cls):
        from playwright.sync_api import sync_playwright

        cls._saved_async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        # Start the server first, so the forked daphne process inherits no browser.
        super().setUpClass()
        try:
            cls._playwright = sync_playwright().start()
            cls.browser = launch_chromium(cls._playwright, cls.chromium_args)
        except BaseException:
            cls._stop_browser()
            super().tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            cls._stop_browser()
        finally:
            super().tearDownClass()
            if cls._saved_async_unsafe is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = cls._saved_async_unsafe

    @classmethod
    def _stop_browser(cls):
        browser = getattr(cls, "browser", None)
        if browser is not None:
            browser.close()
            cls.browser = None
        playwright = getattr(cls, "_playwright", None)
        if playwright is not None:
            playwright.stop()
            cls._playwright = None

    def outside_browser(self):
        """`with self.outside_browser():` around actions in a test; no page calls inside."""
        return outside_browser_loop()

    def phone(self, **overrides):
        """A new page in a new phone-sized context; relative URLs go to the live server."""
        context = new_phone_context(self.browser, base_url=self.live_server_url, **overrides)
        self.addCleanup(context.close)
        return context.new_page()

    def persistent_phone(self, **overrides):
        """Like phone(), but in a Chromium of its own with a profile on disk, not incognito.

        For what a fresh new_context() refuses, e.g. installing the app
        (Page.getInstallabilityErrors answers "in-incognito" there). The browser is
        closed and its profile removed after the test.
        """
        if not os.access(CHROMIUM, os.X_OK):
            raise RuntimeError(f"{CHROMIUM} is missing: run scripts/install-test-deps.sh")
        profile = tempfile.mkdtemp(prefix="brobyggare-chromium-profile-")
        self.addCleanup(shutil.rmtree, profile, ignore_errors=True)
        context = self._playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            **{**PHONE, "base_url": self.live_server_url, **overrides},
        )
        self.addCleanup(context.close)  # runs before the rmtree above
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        return context.pages[0] if context.pages else context.new_page()

    def login(self, page, username, password):
        """Sign in through the real form at /logga-in/; fails the test if it doesn't work.

        Staff sign in in two steps: the helper gives them an authenticator app (a TOTP
        device with a known secret, tests/signin_helpers.py) if they have no second
        factor yet, and types the app's code at the second step."""
        from portal.models import User
        from tests.signin_helpers import give_totp, totp_code

        user = User.objects.get(username=username)
        if user.role != "client" and not user.totpdevice_set.filter(confirmed=True).exists():
            give_totp(user)
        page.goto("/logga-in/")
        form = page.locator("form:has(input[name=password])")
        form.locator("input[name=username]").fill(username)
        form.locator("input[name=password]").fill(password)
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        if "/logga-in/steg-2/" in page.url:
            code = page.locator("form:has(input[name=otp_token])")
            code.locator("input[name=otp_token]").fill(totp_code(user))
            with page.expect_navigation():
                code.locator("button[type=submit]").click()
        assert "/logga-in/" not in page.url, f"Could not sign in as {username!r}"
        return page
