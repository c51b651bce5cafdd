"""Safe defaults for a real deployment: DEBUG off unless asked for, a real secret key,
links and redirects that fit a TLS-terminating proxy, and error pages that need nothing."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults
from django.views.csrf import csrf_failure

BASE_DIR = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 30 + "abcdefghijklmnopqrstuvwxyz0123456789"


def _settings_in_a_fresh_process(tmp_path, code: str, **env: str):
    """Run `code` after django.setup() with only `env` on top of a clean environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "PUBLIC_URL", "PUSH_ALLOW_LOCAL_HTTP")
        and not k.startswith("PYTEST_")
    }
    clean.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        SECRET_KEY_FILE=str(tmp_path / "var" / "secret-key"),
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private_media"),
        **env,
    )
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_by_default_debug_is_off_with_secure_cookies_and_a_key_made_once(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT); "
        "print(s.SECRET_KEY)"
    )
    first = _settings_in_a_fresh_process(tmp_path, code)
    assert first.returncode == 0, first.stderr
    flags, key = first.stdout.splitlines()
    assert flags == "False True True False"  # no https redirect without a PUBLIC_URL
    assert len(key) >= 50
    key_file = tmp_path / "var" / "secret-key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    again = _settings_in_a_fresh_process(tmp_path, code)
    assert again.stdout.splitlines()[1] == key  # kept, not made again


@pytest.mark.parametrize(
    "key, problem",
    [
        ("kort-nyckel-123", "is too short (15 characters; at least 50)"),
        ("django-insecure-" + "abcdefghij" * 5, "is a default, not a secret"),
        ("a" * 60, "has too few different characters"),
    ],
    ids=["short", "default", "repetitive"],
)
def test_with_debug_off_a_weak_secret_key_stops_the_app_with_a_plain_message(
    tmp_path, key, problem
):
    result = _settings_in_a_fresh_process(tmp_path, "pass", DEBUG="false", SECRET_KEY=key)
    assert result.returncode != 0
    assert f"ImproperlyConfigured: SECRET_KEY {problem}." in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr


def test_a_weak_key_is_allowed_when_debug_is_an_explicit_choice(tmp_path):
    result = _settings_in_a_fresh_process(tmp_path, "pass", DEBUG="true", SECRET_KEY="kort")
    assert result.returncode == 0, result.stderr


def test_plain_http_push_for_tests_cannot_be_turned_on_in_production(tmp_path):
    result = _settings_in_a_fresh_process(
        tmp_path, "pass", DEBUG="false", SECRET_KEY=STRONG_KEY, PUSH_ALLOW_LOCAL_HTTP="true"
    )
    assert result.returncode != 0
    assert "PUSH_ALLOW_LOCAL_HTTP is for tests" in result.stderr


def test_public_url_sets_the_allowed_host_trusted_origin_and_https_redirect(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, s.SECURE_SSL_REDIRECT, "
        "getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    result = _settings_in_a_fresh_process(
        tmp_path,
        code,
        DEBUG="false",
        SECRET_KEY=STRONG_KEY,
        PUBLIC_URL="https://brobyggare.kommun.se/",
        TRUSTED_PROXY="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "['brobyggare.kommun.se'] ['https://brobyggare.kommun.se'] True "
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_the_invite_link_uses_the_public_address(ombud_client, new_contact, settings):
    contact = new_contact
    settings.PUBLIC_URL = "https://brobyggare.kommun.se"
    response = ombud_client.post(reverse("ombud_invite", args=[contact.pk]))
    body = response.content.decode()
    assert "https://brobyggare.kommun.se/valkommen/" in body
    assert "http://testserver" not in body


def test_behind_the_proxy_plain_http_is_redirected_but_not_the_health_check(db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31_536_000
    browser = Client()
    plain = browser.get("/logga-in/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = browser.get("/logga-in/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
    assert browser.get("/healthz").status_code in (200, 503)  # never a redirect


@pytest.mark.parametrize(
    "render, status, words",
    [
        (lambda request: defaults.server_error(request), 500, "Något gick fel hos oss"),
        (
            lambda request: defaults.bad_request(request, Exception("trasig")),
            400,
            "Det gick inte att läsa det som skickades",
        ),
        (
            lambda request: csrf_failure(request, reason="no token"),
            403,
            "Sidan hann bli för gammal",
        ),
    ],
    ids=["500", "400", "403-csrf"],
)
def test_error_pages_are_plain_swedish_and_need_no_database(
    render, status, words, django_assert_num_queries, db
):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = render(request)
    body = response.content.decode()
    assert response.status_code == status
    assert words in body and 'lang="sv"' in body
    assert "/static/bundle/app.css" in body


def test_an_unexpected_error_shows_the_friendly_page(client_client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("databasen svarar inte")

    monkeypatch.setattr("client_ui.views.load_plan", broken)
    client_client.raise_request_exception = False
    response = client_client.get(reverse("client_plan"))
    assert response.status_code == 500
    assert "Något gick fel hos oss" in response.content.decode()


def test_over_https_the_session_and_csrf_cookies_are_host_only(tmp_path):
    """ASVS 3.4.4: "__Host-" cookies, which browsers take only with Secure, Path=/ and no
    Domain; not over plain http (`make run` without PUBLIC_URL), and never with DEBUG."""
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE)"
    )
    https = _settings_in_a_fresh_process(
        tmp_path, code, SECRET_KEY=STRONG_KEY, PUBLIC_URL="https://brobyggare.kommun.se"
    )
    assert https.returncode == 0, https.stderr
    assert https.stdout.split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "True",
        "Lax",
    ]
    plain = _settings_in_a_fresh_process(tmp_path, code, SECRET_KEY=STRONG_KEY)
    assert plain.stdout.split()[:2] == ["sessionid", "csrftoken"]
    debug = _settings_in_a_fresh_process(tmp_path, "pass", DEBUG="true", COOKIE_HOST_PREFIX="true")
    assert debug.returncode != 0
    assert "COOKIE_HOST_PREFIX needs Secure cookies" in debug.stderr


def test_host_only_cookies_carry_a_whole_sign_in(settings, client_user, password):
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(reverse("login"), secure=True)
    token = page.context["csrf_token"]
    response = browser.post(
        reverse("login"),
        {"username": "maja", "password": password, "csrfmiddlewaretoken": str(token)},
        secure=True,
        HTTP_REFERER="https://testserver/logga-in/",
    )
    assert response.status_code == 302
    for name in ("__Host-sessionid", "__Host-csrftoken"):
        cookie = browser.cookies[name]
        assert cookie["secure"] and cookie["httponly"] and cookie["path"] == "/"
        assert cookie["samesite"] == "Lax" and not cookie["domain"]
    assert browser.get(reverse("client_plan"), secure=True).status_code == 200


def test_no_script_can_read_the_csrf_cookie_and_pages_carry_the_token(client):
    """CSRF_COOKIE_HTTPONLY: htmx and our scripts read the token from the page."""
    page = client.get(reverse("login"))
    assert client.cookies["csrftoken"]["httponly"]
    assert 'hx-headers=\'{"X-CSRFToken": "' in page.content.decode()
    for script in (BASE_DIR / "static" / "js").glob("*.js"):
        assert "document.cookie" not in script.read_text(), script.name


def test_redis_reads_wait_longer_than_the_channel_layers_own_wait(tmp_path):
    """channels_redis waits up to 5 s for a message (BZPOPMIN); redis-py 8 gives up a read
    after 5 s by default, so an empty wait ended in a timeout, and the live socket waiting
    behind it was closed (1011). benchmarks/realtime.py --prod found it."""
    code = (
        "from django.conf import settings; from channels_redis.core import RedisChannelLayer; "
        "host = settings.CHANNEL_LAYERS['default']['CONFIG']['hosts'][0]; "
        "print(host['address'], host['socket_timeout'] > RedisChannelLayer.brpop_timeout)"
    )
    result = _settings_in_a_fresh_process(tmp_path, code, REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.stdout.split() == ["redis://127.0.0.1:6379/0", "True"], result.stderr
