"""The production profile: real PostgreSQL, real Redis and several daphne processes.

Session fixtures, each started once per run and stopped afterwards (also on failure):

- `postgres_url`: a private PostgreSQL cluster (initdb into a temporary folder) on
  127.0.0.1 and a free port, trust auth, fsync off; its database is `brobyggare`.
  As root, the server runs as the `postgres` system user (initdb refuses root).
- `redis_url`: a private `redis-server` on 127.0.0.1 and a free port, no persistence.
- `production_env`: environment variables for subprocesses that select the production
  profile (DATABASE_URL, REDIS_URL); the database is migrated once when it is made.
  DEBUG stays on: with it off, cookies are Secure-only, and these tests speak plain
  HTTP over loopback.
- `manage`: run `manage.py <args>` against that database, e.g. `manage("demo")`.
- `daphnes`: the base URLs of TWO daphne processes serving portal.asgi with that env,
  each answering 200 at /healthz before the first test runs.
- `profile`: the whole production profile as `make prod` starts it (scripts/prod.sh, in
  a temporary folder, on free ports, DEBUG off, with the demo): PostgreSQL, Redis, two
  daphnes, the job worker and nginx with TLS in front. The fault and backup tests use it.

The test process itself keeps the settings pytest-django loaded (SQLite): never
request `db` here. Talk to the servers over HTTP and WebSocket, to PostgreSQL through
`manage`, and to Redis with channels_redis directly.

Everything under tests/production/ is marked `production`, so `pytest -m production`
runs these tests alone (see `make test`). The servers come from Debian's `postgresql`
and `redis-server` packages: scripts/install-test-deps.sh installs them.
"""

import ctypes
import glob
import json
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PRODUCTION_DIR = Path(__file__).resolve().parent
BASE_DIR = PRODUCTION_DIR.parent.parent
PYTHON = sys.executable
DATABASE_NAME = "brobyggare"
START_TIMEOUT = 30  # seconds for any server to answer
STOP_TIMEOUT = 10  # seconds between asking politely and killing
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def pytest_collection_modifyitems(config, items):
    for item in items:
        if PRODUCTION_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.production)


# Helpers.


def free_port() -> int:
    """A port nobody listens on right now (the kernel picks it for a socket on port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(path: Path, lines: int = 60) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return f"(no log at {path})"
    return "\n".join(text.splitlines()[-lines:]) or "(empty log)"


def _stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Ask `process` to stop with `sig`; kill it if it has not exited in STOP_TIMEOUT."""
    if process.poll() is None:
        try:
            process.send_signal(sig)
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until(ready: Callable[[], bool], process: subprocess.Popen, what: str, log: Path):
    """Poll `ready` until it is true; fail with the log if `process` dies or time runs out."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited with {process.returncode}:\n{_log_tail(log)}")
        if ready():
            return
        time.sleep(0.1)
    pytest.fail(f"{what} did not answer within {START_TIMEOUT} s:\n{_log_tail(log)}")


def _die_with_parent(sig: int) -> Callable[[], None]:
    """A preexec_fn: the kernel sends `sig` to the server if this test process dies, so
    a killed run (timeout, CI cancel) leaves no server behind. Linux only; else a no-op."""

    def preexec() -> None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, sig)
        except (OSError, AttributeError):
            pass

    return preexec


def _require(path: str | None, what: str) -> str:
    if not path or not os.access(path, os.X_OK):
        pytest.fail(f"{what} is missing: run scripts/install-test-deps.sh")
    return path


def _as_postgres_user() -> dict:
    """Popen arguments that drop root to the `postgres` user (initdb refuses root)."""
    if os.geteuid() != 0:
        return {}
    try:
        entry = pwd.getpwnam("postgres")
    except KeyError:
        pytest.fail("Running as root needs a `postgres` system user (Debian's postgresql).")
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


# PostgreSQL.


def _postgres_bin() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    initdb = found[-1] if found else shutil.which("initdb")
    return Path(_require(initdb, "PostgreSQL's initdb")).parent


def _postgres_answers(port: int) -> bool:
    import psycopg

    try:
        with psycopg.connect(
            host="127.0.0.1", port=port, user="postgres", dbname="postgres", connect_timeout=2
        ):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    import psycopg

    bindir = _postgres_bin()
    drop_root = _as_postgres_user()
    # A folder of its own under /tmp: pytest's tmp_path is not readable by `postgres`.
    root = Path(tempfile.mkdtemp(prefix="brobyggare-postgres-"))
    data, log = root / "data", root / "postgres.log"
    server = None
    try:
        if drop_root:
            os.chown(root, drop_root["user"], drop_root["group"])
        subprocess.run(
            [bindir / "initdb", "-D", data, "-U", "postgres", "-A", "trust"]
            + ["-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
            cwd=root,
            check=True,
            capture_output=True,
            text=True,
            **drop_root,
        )
        port = free_port()
        with open(log, "wb") as log_file:
            server = subprocess.Popen(
                [bindir / "postgres", "-D", data, "-p", str(port), "-k", root]
                + ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"]
                + ["-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
                cwd=root,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent(signal.SIGINT),
                **drop_root,
            )
        _wait_until(lambda: _postgres_answers(port), server, "PostgreSQL", log)
        with psycopg.connect(
            host="127.0.0.1", port=port, user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(f"CREATE DATABASE {DATABASE_NAME}")
        yield f"postgres://postgres@127.0.0.1:{port}/{DATABASE_NAME}"
    except subprocess.CalledProcessError as error:
        pytest.fail(f"initdb failed:\n{error.stdout}\n{error.stderr}")
    finally:
        if server is not None:
            _stop(server, signal.SIGINT)  # "fast" shutdown: disconnect clients, then stop
        shutil.rmtree(root, ignore_errors=True)


# Redis.


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    redis_server = _require(shutil.which("redis-server") or "/usr/bin/redis-server", "redis")
    folder = tmp_path_factory.mktemp("redis")
    log = folder / "redis.log"
    port = free_port()
    with open(log, "wb") as log_file:
        server = subprocess.Popen(
            [redis_server, "--port", str(port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(folder)],
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent(signal.SIGTERM),
        )
    try:
        _wait_until(lambda: _redis_answers(port), server, "redis-server", log)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop(server)


# The app against them.


@pytest.fixture(scope="session")
def production_env(postgres_url, redis_url) -> dict[str, str]:
    """Environment for a subprocess running the app in the production profile."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("SQLITE_PATH", "SQLITE_TEST_PATH", "DJANGO_ALLOW_ASYNC_UNSAFE")
        and not name.startswith("PYTEST_")
    }
    env.update(
        DATABASE_URL=postgres_url,
        REDIS_URL=redis_url,
        DEBUG="true",
        DJANGO_SETTINGS_MODULE="portal.settings",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
        # These tests sign in as the demo accounts on purpose; a real production start
        # refuses them (portal/checks.py, tested in test_production_profile.py).
        ALLOW_DEMO_ACCOUNTS="true",
    )
    _run_manage(env, "migrate", "--noinput")
    return env


def _run_manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        pytest.fail(
            f"manage.py {' '.join(args)} exited with {result.returncode}:\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return result


@pytest.fixture(scope="session")
def manage(production_env) -> Callable[..., subprocess.CompletedProcess]:
    """`manage("demo")`, `manage("shell", "-c", code)`: manage.py against the production
    database; fails the test with its output if it exits non-zero."""

    def run(*args: str) -> subprocess.CompletedProcess:
        return _run_manage(production_env, *args)

    return run


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/healthz", timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def daphnes(production_env, tmp_path_factory) -> Iterator[list[str]]:
    """Two daphne processes serving the app against the same PostgreSQL and Redis."""
    folder = tmp_path_factory.mktemp("daphne")
    servers: list[subprocess.Popen] = []
    urls: list[str] = []
    try:
        for number in (1, 2):
            port = free_port()
            log = folder / f"daphne-{number}.log"
            with open(log, "wb") as log_file:
                servers.append(
                    subprocess.Popen(
                        [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
                        + ["portal.asgi:application"],
                        cwd=BASE_DIR,
                        env=production_env,
                        stdin=subprocess.DEVNULL,
                        stdout=log_file,
                        stderr=subprocess.STDOUT,
                        preexec_fn=_die_with_parent(signal.SIGTERM),
                    )
                )
            urls.append(f"http://127.0.0.1:{port}")
        for number, (server, url) in enumerate(zip(servers, urls, strict=True), start=1):
            log = folder / f"daphne-{number}.log"
            _wait_until(lambda url=url: _healthy(url), server, f"daphne {number} ({url})", log)
        yield urls
    finally:
        for server in servers:
            _stop(server)


# The whole production profile, as `make prod` runs it (scripts/prod.sh).


@dataclass
class Profile:
    """scripts/prod.sh's production profile in a folder of its own: PostgreSQL, Redis,
    two daphne processes, the job worker and nginx, on free loopback ports, with the demo
    accounts (DEMO=1). `url` is nginx's https address; `tls` trusts its certificate."""

    root: Path
    url: str
    env: dict[str, str]  # the app's settings (DATABASE_URL, REDIS_URL, PRIVATE_MEDIA_ROOT...)
    script_env: dict[str, str]  # what scripts/prod.sh was started with
    tls: ssl.SSLContext

    @property
    def database_url(self) -> str:
        return self.env["DATABASE_URL"]

    @property
    def media(self) -> Path:
        return Path(self.env["PRIVATE_MEDIA_ROOT"])

    def prod(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        """scripts/prod.sh <args>, e.g. prod("stop", "redis"); fails the test if it fails."""
        result = subprocess.run(
            ["bash", "scripts/prod.sh", *args],
            cwd=BASE_DIR,
            env=self.script_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            pytest.fail(
                f"scripts/prod.sh {' '.join(args)} exited with {result.returncode}:\n"
                f"{result.stdout}\n{result.stderr}\n"
                f"{_log_tail(self.root / 'log' / 'supervisor.log')}"
            )
        return result

    def state(self) -> dict:
        return json.loads((self.root / "run" / "state.json").read_text())

    def pid(self, service: str) -> int:
        pid = self.state()["services"][service]["pid"]
        assert pid, f"{service} is not running: {self.state()}"
        return pid

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return _run_manage({**self.script_env, **self.env}, *args)

    def log(self, name: str, lines: int = 60) -> str:
        return _log_tail(self.root / "log" / f"{name}.log", lines)


@pytest.fixture(scope="session")
def profile() -> Iterator[Profile]:
    folder = Path(tempfile.mkdtemp(prefix="brobyggare-prod-"))
    folder.chmod(0o711)  # as root: the postgres user and nginx's workers pass through
    root = folder / "prod"
    port = free_port()
    script_env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
        and not name.startswith("PYTEST_")
    }
    script_env.update(
        PROD_DIR=str(root),
        PROD_PORT=str(port),
        PROD_PG_PORT=str(free_port()),
        PROD_REDIS_PORT=str(free_port()),
        PROD_DAPHNES="2",
        # A killed daphne stays away long enough for its sockets to find the other one.
        PROD_RESTART_DELAY="8",
        PROD_WATCH_PID=str(os.getpid()),  # everything stops if this test run dies
        DEMO="1",
        PYTHON=PYTHON,
    )
    started = subprocess.run(
        ["bash", "scripts/prod.sh", "start"],
        cwd=BASE_DIR,
        env=script_env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        if started.returncode != 0:
            pytest.fail(f"scripts/prod.sh start failed:\n{started.stdout}\n{started.stderr}")
        env = {}
        for line in (root / "env").read_text().splitlines():
            name, _, value = line.partition("=")
            env[name] = value
        tls = ssl.create_default_context(cafile=str(root / "tls" / "cert.pem"))
        yield Profile(root, f"https://localhost:{port}", env, script_env, tls)
    finally:
        subprocess.run(
            ["bash", "scripts/prod.sh", "stop"],
            cwd=BASE_DIR,
            env=script_env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=600,
        )
        shutil.rmtree(folder, ignore_errors=True)
