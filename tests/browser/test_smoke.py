"""The live server, static files and Chromium all work: the front door on a phone."""

import json

import pytest

from tests.browser.conftest import BrowserTestCase

pytestmark = pytest.mark.browser


class TestSmoke(BrowserTestCase):
    def test_login_page_and_health_on_a_phone(self):
        page = self.phone()

        response = page.goto("/logga-in/")
        assert response is not None and response.ok
        assert page.locator("html").get_attribute("lang") == "sv"
        form = page.locator("form:has(input[name=password])")
        assert form.locator("input[name=username]").is_visible()
        assert form.locator("input[name=password]").is_visible()
        assert form.locator("button[type=submit]").is_visible()
        # The stylesheet (the bundle, portal/bundles.py) came through the live server's
        # static files handler.
        css = page.request.get("/static/bundle/app.css")
        assert css.ok, css.status
        assert "static/css/base.css" in css.text()

        health = page.goto("/healthz")
        assert health is not None and health.ok
        assert health.headers["content-type"].startswith("application/json")
        assert json.loads(health.text())["database"] == "ok"
