"""Screenshots of the app on a phone, from the demo data: `make screens`.

Starts daphne on a throwaway SQLite database loaded with `manage.py demo` (the dev
database, var/ and the media folder are never touched), signs in as the demo client
(maja) and writes PNGs of her four main pages (Min plan, Meddelanden, Träffar, Mer) at
390 × 844, and again at 200 % text (the phone's text size, as Chromium's default font
size: CDP Page.setFontSizes), then the ombud's caseload and Maja's plan as Anna sees it.
Everything goes to docs/screens/: the first screen of each page, as the phone shows it,
at device pixel ratio 1 so the files stay small (`--full` for whole pages, e.g. into
another folder to look the pages over). The demo's dates follow today, so a refresh
changes the dates on the pictures.

Chromium is Debian's /usr/bin/chromium (scripts/install-test-deps.sh installs it);
this script never downloads a browser.

    .venv/bin/python scripts/screenshots.py [--out docs/screens] [--full]
"""

import argparse
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--lang=sv-SE"]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 1,
    "is_mobile": True,
    "has_touch": True,
    "locale": "sv-SE",
}
PASSWORD = "demo-losenord-1"  # portal/management/commands/demo.py, README
# The demo staff's published TOTP secret (portal/queries/demo.py, README).
DEMO_TOTP_SECRET = "BROBYGGAREDEMOBROBYGGAREDEMO2345"

CLIENT_PAGES = [
    ("plan", "/min-plan/"),
    ("meddelanden", "/meddelanden/"),
    ("traffar", "/traffar/"),
    ("mer", "/mer/"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(tmp: Path) -> dict[str, str]:
    """The production-like demo of `make run`, with every file in `tmp`."""
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SQLITE_PATH": str(tmp / "db.sqlite3"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "media"),
        "VAPID_PRIVATE_KEY_FILE": str(tmp / "vapid.pem"),
        # No collected files there: WhiteNoise serves static/ through the finders.
        "STATIC_ROOT": str(tmp / "static-not-collected"),
        "DATABASE_URL": "",
        "REDIS_URL": "",
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise RuntimeError("daphne stopped before it answered")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("daphne did not answer /healthz")


def sign_in(page, base: str, username: str) -> None:
    """The real form at /logga-in/; staff type the demo's published TOTP code next."""
    page.goto(f"{base}/logga-in/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    if "/logga-in/steg-2/" in page.url:
        import pyotp

        code = page.locator("form:has(input[name=otp_token])")
        code.locator("input[name=otp_token]").fill(pyotp.TOTP(DEMO_TOTP_SECRET).now())
        with page.expect_navigation():
            code.locator("button[type=submit]").click()
    if "/logga-in/" in page.url:
        raise RuntimeError(f"Could not sign in as {username}")


def larger_text(page, percent: int) -> None:
    """The phone's text size (tests/browser/conftest.py does the same)."""
    size = 16 * percent // 100
    session = page.context.new_cdp_session(page)
    session.send("Page.setFontSizes", {"fontSizes": {"standard": size, "fixed": size * 13 // 16}})


def shoot(page, url: str, path: Path, *, percent: int = 100, full: bool = False) -> None:
    """The first screen of the page, as the phone shows it; with `full`, the whole page.

    Playwright's own full-page screenshot resets the text size, so a whole page is taken
    by making the viewport as tall as the page (and setting the text size again)."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if full:
        for _ in range(3):  # the height settles once the layout has the new size
            height = page.evaluate("document.documentElement.scrollHeight")
            page.set_viewport_size({"width": PHONE["viewport"]["width"], "height": height})
            larger_text(page, percent)
    page.screenshot(path=str(path))
    if full:
        page.set_viewport_size(PHONE["viewport"])
        larger_text(page, percent)
    print(f"  {path}")


def take(base: str, out: Path, *, full: bool = False) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(**PHONE)
            client = context.new_page()
            sign_in(client, base, "maja")
            for name, path in CLIENT_PAGES:
                shoot(client, base + path, out / f"client-{name}.png", full=full)
            larger_text(client, 200)
            for name, path in CLIENT_PAGES:
                target = out / f"client-{name}-200.png"
                shoot(client, base + path, target, percent=200, full=full)
            context.close()

            context = browser.new_context(**PHONE)
            ombud = context.new_page()
            sign_in(ombud, base, "anna")
            shoot(ombud, f"{base}/ombud/", out / "ombud-caseload.png", full=full)
            href = ombud.locator("a.client-row", has_text="Maja").first.get_attribute("href")
            shoot(ombud, base + str(href), out / "ombud-plan.png", full=full)
            context.close()
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screens"))
    parser.add_argument(
        "--full", action="store_true", help="whole pages, not only the first screen"
    )
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    if not os.access(CHROMIUM, os.X_OK):
        sys.exit(f"{CHROMIUM} is missing: run scripts/install-test-deps.sh")
    with tempfile.TemporaryDirectory(prefix="brobyggare-screens-") as tmp_name:
        env = environment(Path(tmp_name))
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "demo")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        daphne = str(Path(PYTHON).with_name("daphne"))
        server = subprocess.Popen(
            [daphne, "-b", "127.0.0.1", "-p", str(port), "portal.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(base, server)
            print(f"Screenshots of {base} into {out}:")
            take(base, out, full=args.full)
        finally:
            server.terminate()
            server.wait(timeout=15)


if __name__ == "__main__":
    main()
