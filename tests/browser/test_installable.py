"""Chromium will install the app: the manifest loads without errors, a service worker
controls "/", and the DevTools protocol reports no installability errors.

Lighthouse no longer has a PWA category, so this asks Chromium itself
(Page.getInstallabilityErrors, Page.getAppManifest). In a fresh new_context() Chromium
answers "in-incognito", so the phone here has a profile on disk (persistent_phone).
"""

import pytest

from tests.browser.conftest import BrowserTestCase

SW_WAIT_MS = 10_000
# Function form, resolved in the page: the strict CSP forbids evaluating strings there.
SERVICE_WORKER_SCOPE = (
    "ms => Promise.race(["
    "navigator.serviceWorker.ready.then(registration => registration.scope),"
    "new Promise(resolve => setTimeout(() => resolve(null), ms))])"
)


class TestInstallable(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def _data(self, contact, task, password):
        self.password = password

    def test_the_client_can_install_the_app_from_her_plan(self):
        page = self.persistent_phone()
        problems = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        self.login(page, "maja", self.password)
        page.goto("/min-plan/")
        scope = page.evaluate(SERVICE_WORKER_SCOPE, SW_WAIT_MS)

        cdp = page.context.new_cdp_session(page)
        manifest = cdp.send("Page.getAppManifest")
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]

        assert manifest["url"] == f"{self.live_server_url}/manifest.json"
        assert manifest["errors"] == [], manifest["errors"]
        parsed = manifest["manifest"]
        assert parsed["id"] == parsed["startUrl"] == parsed["scope"] == f"{self.live_server_url}/"
        assert parsed["display"] == "kStandalone"
        assert {icon["sizes"] for icon in parsed["icons"]} == {"192x192", "512x512"}

        assert scope == f"{self.live_server_url}/", (
            f"No service worker became active for /min-plan/ within {SW_WAIT_MS} ms "
            f"(scope: {scope!r}). static/js/app.js should register /serviceworker.js. "
            f"Installability errors meanwhile: {errors}"
        )
        assert errors == [], f"Chromium would not install the app: {errors}"
        assert problems == []  # no CSP violations, no failed loads (icons, manifest)
