"""A browser and a system in a word each, from a User-Agent header: "Chrome" and "Android".

Enough for a person to recognise their own phone in the list of signed-in devices; the
header itself is not stored. Order matters: many browsers also say "Chrome" or "Safari".
"""

import re

BROWSERS = [
    ("SamsungBrowser", "Samsung Internet"),
    ("EdgA/", "Edge"),
    ("EdgiOS/", "Edge"),
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
]

SYSTEMS = [
    (re.compile(r"\biPhone\b"), "iPhone"),
    (re.compile(r"\biPad\b"), "iPad"),
    (re.compile(r"\bAndroid\b"), "Android"),
    (re.compile(r"\bWindows\b"), "Windows"),
    (re.compile(r"\bCrOS\b"), "ChromeOS"),
    (re.compile(r"\bMac OS X\b|\bMacintosh\b"), "Mac"),
    (re.compile(r"\bLinux\b"), "Linux"),
]


def describe(user_agent: str) -> tuple[str, str]:
    """(browser, system); an empty string for what the header does not tell."""
    browser = next((name for marker, name in BROWSERS if marker in user_agent), "")
    system = next((name for pattern, name in SYSTEMS if pattern.search(user_agent)), "")
    return browser, system


def phone_kind(user_agent: str) -> str:
    """Which "Lägg till på hemskärmen" guide to show first: "iphone" (Safari's Dela-menu,
    iPad too), "android" (Chrome's menu), or "" when the header does not tell."""
    _browser, system = describe(user_agent)
    if system in ("iPhone", "iPad"):
        return "iphone"
    if system == "Android":
        return "android"
    return ""
