"""nginx in front of the production profile (scripts/prod_nginx.py): HTTP/2 over TLS,
static files from STATIC_ROOT with a year's caching for hashed names and a short one for
the rest, the service worker always asked for anew, and bodies over 11 MB refused."""

import http.client
import re
import socket
import ssl
from urllib.parse import urlsplit

from tests.production.conftest import Profile
from tests.production.test_production_profile import Visitor


def get(profile: Profile, path: str) -> http.client.HTTPResponse:
    url = urlsplit(profile.url)
    connection = http.client.HTTPSConnection(url.hostname, url.port, context=profile.tls)
    connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_pages_come_over_http2(profile):
    url = urlsplit(profile.url)
    context = ssl.create_default_context(cafile=str(profile.root / "tls" / "cert.pem"))
    context.set_alpn_protocols(["h2", "http/1.1"])
    raw = socket.create_connection((url.hostname, url.port), timeout=5)
    with context.wrap_socket(raw, server_hostname=url.hostname) as tls:
        assert tls.selected_alpn_protocol() == "h2"
        assert tls.version() in ("TLSv1.2", "TLSv1.3")


def test_hashed_static_files_are_kept_a_year_and_the_rest_briefly(profile):
    page = Visitor(tls=profile.tls).request(profile.url, "GET", "/logga-in/")
    hashed = re.search(r'href="(/static/bundle/app\.[0-9a-f]{12}\.css)"', page.body)
    assert hashed, "the page links its stylesheet (bundle/app.css) by its hashed name"

    immutable = get(profile, hashed.group(1))
    plain = get(profile, "/static/bundle/app.css")
    worker = get(profile, "/serviceworker.js")

    assert immutable.status == 200 and immutable.headers["Content-Encoding"] == "gzip"
    assert immutable.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert immutable.headers["Content-Type"] == "text/css"
    assert plain.status == 200 and plain.headers["Cache-Control"] == "public, max-age=300"
    assert worker.status == 200 and worker.headers["Cache-Control"] == "no-cache"


def test_a_body_over_11_mb_is_refused_by_nginx(profile):
    url = urlsplit(profile.url)
    connection = http.client.HTTPSConnection(url.hostname, url.port, context=profile.tls)
    connection.putrequest("POST", "/meddelanden/")
    connection.putheader("Content-Length", str(12 * 1024 * 1024))
    connection.putheader("Content-Type", "application/octet-stream")
    connection.endheaders()
    response = connection.getresponse()  # nginx answers from the header, before the body
    assert response.status == 413
    connection.close()
