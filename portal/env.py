"""Typed helpers to read settings from the environment; bad values fail loudly at start."""

import contextlib
import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

MIN_SECRET_KEY_LENGTH = 50


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def database_from_url(url: str, *, pool_size: int = 10) -> dict:
    """Turn postgres://user:pass@host:port/name into a Django DATABASES entry.

    Connections come from a pool per process (psycopg_pool), at most `pool_size`, each
    checked before it is handed out. Under daphne every request runs in a thread of its
    own, so Django's persistent connections (CONN_MAX_AGE) would be one per request thread,
    left open until garbage collection: thirty requests at once used up PostgreSQL's 100
    connections (Django's documentation says as much for ASGI). A request waits up to 5 s
    for a free connection, then answers 503 (portal/errors.py). The check
    (CONN_HEALTH_CHECKS) finds the connections a PostgreSQL restart broke, and the pool
    makes new ones.
    """
    parts = urlparse(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"DATABASE_URL must be a postgres:// URL, not {parts.scheme!r}")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 0,  # the pool keeps them
        # With a pool, Django has psycopg_pool check each connection before handing it out.
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"pool": {"min_size": 1, "max_size": pool_size, "timeout": 5}},
    }


def weak_secret_key(key: str) -> str | None:
    """What is wrong with `key` as a production SECRET_KEY, or None (Django's own test,
    security.W009: at least 50 characters, at least 5 different ones, not a default)."""
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return f"is too short ({len(key)} characters; at least {MIN_SECRET_KEY_LENGTH})"
    if len(set(key)) < 5:
        return "has too few different characters"
    if key.startswith(("django-insecure", "dev-only")) or "change-me" in key.lower():
        return "is a default, not a secret"
    return None


def secret_key_from_file(path: Path) -> str:
    """The key kept at `path`, made there (mode 0600, folder 0700) if it is missing."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # Written whole to a private temporary file, then linked into place: two processes
        # starting at once end up with the same key, and nobody reads half of one.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret-key-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w") as file:
                file.write(secrets.token_urlsafe(50) + "\n")
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
        finally:
            os.unlink(tmp)
    return path.read_text().strip()
