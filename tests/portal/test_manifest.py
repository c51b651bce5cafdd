"""The app can be installed: /manifest.json (django-pwa, our template) names it, its icons
exist at the sizes it claims, and /serviceworker.js is served as JavaScript from the root."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from PIL import Image


@pytest.fixture
def manifest(client: Client) -> dict:
    """As a browser fetches it: without cookies, so with no one signed in."""
    response = client.get("/manifest.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_the_manifest_describes_the_app(manifest):
    assert manifest["id"] == "/"
    assert manifest["name"] == "Brobyggare"
    assert manifest["short_name"] == "Brobyggare"
    assert "personliga ombud" in manifest["description"]  # in Swedish
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["orientation"] == "any"
    assert manifest["theme_color"] == "#1f5f5b"
    assert manifest["background_color"] == "#fbfaf7"
    assert manifest["lang"] == "sv-SE"
    assert manifest["dir"] == "ltr"
    assert manifest["categories"] and all(isinstance(c, str) for c in manifest["categories"])
    assert "status_bar" not in manifest  # django-pwa's own template adds it; not standard


def test_the_icons_exist_at_the_sizes_the_manifest_claims(manifest):
    purposes = set()
    for icon in manifest["icons"]:
        assert icon["src"].startswith("/static/"), icon
        assert icon["type"] == "image/png", icon
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, f"{icon['src']} is not a static file"
        width, height = (int(n) for n in icon["sizes"].split("x"))
        with Image.open(path) as image:
            assert image.format == "PNG"
            assert image.size == (width, height), icon
        purposes.add((icon["sizes"], icon["purpose"]))
    assert purposes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}


def test_the_maskable_icon_is_full_bleed():
    """A launcher may cut any shape out of it: no transparent corners."""
    with Image.open(finders.find("icons/maskable-512.png")) as image:
        rgba = image.convert("RGBA")
    corners = [(0, 0), (511, 0), (0, 511), (511, 511)]
    assert all(rgba.getpixel(xy) == (0x1F, 0x5F, 0x5B, 255) for xy in corners)


def test_pages_link_the_manifest_and_the_apple_icon(client):
    html = client.get("/logga-in/").content.decode()
    assert '<link rel="manifest" href="/manifest.json">' in html
    assert '<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon-180.png">' in html
    with Image.open(finders.find("icons/apple-touch-icon-180.png")) as image:
        assert image.size == (180, 180)


def test_the_service_worker_is_served_from_the_root_as_javascript(client):
    response = client.get("/serviceworker.js")
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == "application/javascript"
    # From "/", it may control scope "/" without a Service-Worker-Allowed header.
    assert response.content.strip()
