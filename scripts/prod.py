"""The production profile on this machine, started by one command.

    scripts/prod.sh run            # everything, in the foreground; Ctrl-C stops it all
    scripts/prod.sh start          # the same in the background; returns when it answers
    scripts/prod.sh stop           # stop everything
    scripts/prod.sh stop NAME      # stop one service and keep it down (postgres, redis,
    scripts/prod.sh start NAME     #   daphne-1, daphne-2, ..., worker, nginx); start it again
    scripts/prod.sh status         # what runs, and each daphne's /healthz
    scripts/prod.sh env            # the app's environment: eval "$(scripts/prod.sh env)"

(`make prod`, `make prod DEMO=1`, `make prod-start`, `make prod-stop`; scripts/prod.sh checks
the Debian packages first and runs this file with the project's Python.)

Everything lives in one private folder, PROD_DIR (default var/prod/, not committed):

    tls/cert.pem, tls/key.pem   a self-signed certificate for PROD_HOST (openssl, made once)
    secret-key                  the app's SECRET_KEY (SECRET_KEY_FILE; 0600, made once)
    secrets/                    the PostgreSQL and Redis passwords (0600, made once)
    vapid-private.pem           the Web Push key (made by the app on first use)
    postgres/                   the database cluster (initdb once)
    media/                      PRIVATE_MEDIA_ROOT: attachments and letter pages
    static/                     STATIC_ROOT (collectstatic on every start)
    env                         the app's environment, KEY=value (systemd EnvironmentFile)
    nginx.conf, redis.conf      written on every start
    run/                        daphne's sockets, pids, state.json, nginx's temporary files
    log/                        one log per service, and this supervisor's

The services, started in this order and stopped in the reverse one:

    postgres     127.0.0.1:PROD_PG_PORT, password auth, no Unix socket
    redis        127.0.0.1:PROD_REDIS_PORT, password, no persistence (the channel layer
                 carries only numbers; the database is the truth)
    migrate, collectstatic, and with DEMO=1 the demo (ALLOW_DEMO_ACCOUNTS=true)
    daphne-1..N  PROD_DAPHNES (default 2) processes on Unix sockets in run/
    worker       manage.py db_worker (reads photographed letters)
    nginx        https://PROD_HOST:PROD_PORT: TLS, HTTP/2, static files with long cache
                 headers for hashed names, /ws/ proxied as WebSockets, least_conn over the
                 daphnes with passive health checks (scripts/prod_nginx.py says why)

This process supervises them: a service that exits on its own (a crash, a SIGKILL) is
started again after PROD_RESTART_DELAY seconds (default 2), as systemd's Restart=always
would; one stopped with `stop NAME` stays down until `start NAME`. With PROD_WATCH_PID
set (tests, benchmarks), everything stops when that process is gone.

The app runs exactly as the README's production profile documents: DEBUG off, PUBLIC_URL,
TRUSTED_PROXY=true, CLIENT_IP_HEADER=X-Forwarded-For with CLIENT_IP_PROXY_COUNT=1,
DATABASE_URL, REDIS_URL, the secret key from a file. Demo accounts are refused (migrate
and daphne stop) unless DEMO=1, which is for trying it out, never for real use. HSTS is
off here (HSTS_SECONDS=0): a browser told to use https only for "localhost" would refuse
`make run`'s http://localhost:8000 for a year.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import http.client
import json
import os
import pwd
import resource
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import serve  # scripts/serve.py, beside this file: how daphne is started
from prod_nginx import nginx_conf  # scripts/prod_nginx.py, beside this file

BASE_DIR = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60.0  # seconds for a service to answer
DATABASE = "brobyggare"


class ProdError(Exception):
    """Something is in the way; the message says what and how to fix it."""


def say(message: str) -> None:
    print(f"prod: {message}", flush=True)


# Configuration, from the environment.


@dataclasses.dataclass
class Config:
    root: Path
    host: str
    port: int
    bind: str
    daphnes: int
    pg_port: int
    redis_port: int
    demo: bool
    restart_delay: float
    watch_pid: int | None
    python: str

    @classmethod
    def from_env(cls) -> Config:
        def number(name: str, default: int) -> int:
            raw = os.environ.get(name, "")
            try:
                return int(raw) if raw else default
            except ValueError:
                raise ProdError(f"{name} must be a whole number, not {raw!r}") from None

        demo = os.environ.get("DEMO", "0").lower() in ("1", "true", "yes")
        daphnes = number("PROD_DAPHNES", 2)
        if not 1 <= daphnes <= 16:
            raise ProdError("PROD_DAPHNES must be between 1 and 16")
        watch = number("PROD_WATCH_PID", 0)
        root = Path(os.environ.get("PROD_DIR", "") or BASE_DIR / "var" / "prod").resolve()
        return cls(
            root=root,
            host=os.environ.get("PROD_HOST", "") or "localhost",
            port=number("PROD_PORT", 8443),
            bind=os.environ.get("PROD_BIND", "") or "127.0.0.1",
            daphnes=daphnes,
            pg_port=number("PROD_PG_PORT", 55432),
            redis_port=number("PROD_REDIS_PORT", 56379),
            demo=demo,
            restart_delay=float(os.environ.get("PROD_RESTART_DELAY", "") or 2),
            watch_pid=watch or None,
            python=os.environ.get("PYTHON", "") or sys.executable,
        )

    # Where things are.
    def path(self, *parts: str) -> Path:
        return self.root.joinpath(*parts)

    @property
    def public_url(self) -> str:
        return f"https://{self.host}:{self.port}" if self.port != 443 else f"https://{self.host}"

    def daphne_socket(self, number: int) -> Path:
        return self.path("run", f"daphne-{number}.sock")


def secret(config: Config, name: str) -> str:
    """A password kept in secrets/<name> (0600), made on first use."""
    path = config.path("secrets", name)
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(32) + "\n")
    return path.read_text().strip()


def app_env(config: Config) -> dict[str, str]:
    """The app's settings for this profile, as the README's table documents them."""
    env = {
        "DEBUG": "false",
        "DATABASE_URL": (
            f"postgres://{DATABASE}:{secret(config, 'postgres-app')}"
            f"@127.0.0.1:{config.pg_port}/{DATABASE}"
        ),
        "REDIS_URL": f"redis://:{secret(config, 'redis')}@127.0.0.1:{config.redis_port}/0",
        "SECRET_KEY_FILE": str(config.path("secret-key")),
        "PUBLIC_URL": config.public_url,
        "TRUSTED_PROXY": "true",
        "CLIENT_IP_HEADER": "X-Forwarded-For",
        "CLIENT_IP_PROXY_COUNT": "1",
        "HSTS_SECONDS": "0",
        "WEBAUTHN_RP_ID": config.host,
        "WEBAUTHN_ORIGIN": config.public_url,
        "PRIVATE_MEDIA_ROOT": str(config.path("media")),
        "STATIC_ROOT": str(config.path("static")),
        "VAPID_PRIVATE_KEY_FILE": str(config.path("vapid-private.pem")),
        "LOG_LEVEL": "WARNING",
    }
    if config.demo:
        env["ALLOW_DEMO_ACCOUNTS"] = "true"
    return env


def process_env(config: Config) -> dict[str, str]:
    """This process's environment, minus anything that would select another profile, plus
    the app's settings."""
    drop = {"SECRET_KEY", "SQLITE_PATH", "SQLITE_TEST_PATH", "ALLOWED_HOSTS", "PRODUCTION"}
    drop |= {"DJANGO_ALLOW_ASYNC_UNSAFE", "ALLOW_DEMO_ACCOUNTS", "SSL_REDIRECT"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("PYTEST_")}
    env.update(app_env(config), DJANGO_SETTINGS_MODULE="portal.settings", PYTHONUNBUFFERED="1")
    return env


# Running as root: PostgreSQL refuses it, so its processes run as the `postgres` user.


def postgres_user() -> dict:
    if os.geteuid() != 0:
        return {}
    try:
        entry = pwd.getpwnam("postgres")
    except KeyError:
        raise ProdError(
            "Running as root needs a `postgres` system user (Debian's postgresql)."
        ) from None
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[4]))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if not initdb:
        raise ProdError("PostgreSQL is missing: run scripts/install-prod-deps.sh")
    return Path(initdb).parent


def raise_open_files_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


# Preparing the folder: made once, or on every start.


def prepare(config: Config) -> None:
    root = config.root
    root.mkdir(parents=True, exist_ok=True)
    # Others may pass through (the postgres user, nginx's workers) but not list it.
    root.chmod(0o711)
    if os.geteuid() == 0:
        make_reachable(root)
    for name, mode in (("run", 0o711), ("log", 0o700), ("tls", 0o700), ("media", 0o700)):
        folder = config.path(name)
        folder.mkdir(exist_ok=True)
        folder.chmod(mode)
    config.path("run", "requests").mkdir(exist_ok=True)
    make_certificate(config)
    secret(config, "postgres-superuser")
    secret(config, "postgres-app")
    secret(config, "redis")
    write_env_file(config)
    init_postgres(config)
    write_redis_conf(config)
    write_nginx_conf(config)


def make_reachable(root: Path) -> None:
    """As root, PostgreSQL runs as `postgres` and nginx's workers as `nobody`: each folder
    above PROD_DIR must let them pass. Our own var/ (0700, made by the app for its secret
    key) gets o+x, which lists nothing and opens no file (those are 0600); anything else
    is the operator's to decide."""
    ours = BASE_DIR / "var"
    for folder in root.parents:
        mode = folder.stat().st_mode
        if mode & 0o001:
            continue
        if folder == ours:
            folder.chmod((mode & 0o7777) | 0o001)
            continue
        raise ProdError(
            f"{folder} does not let other users pass (the postgres user, nginx's workers): "
            "choose another PROD_DIR, or `chmod o+x` it"
        )


def make_certificate(config: Config) -> None:
    cert, key = config.path("tls", "cert.pem"), config.path("tls", "key.pem")
    if cert.exists() and key.exists():
        return
    openssl = shutil.which("openssl")
    if not openssl:
        raise ProdError("openssl is missing: run scripts/install-prod-deps.sh")
    names = f"DNS:{config.host},DNS:localhost,IP:127.0.0.1,IP:::1"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        + ["-nodes", "-days", "825", "-subj", f"/CN={config.host}"]
        + ["-addext", f"subjectAltName={names}", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    key.chmod(0o600)
    say(f"made a self-signed certificate for {config.host} in {cert.parent}")


def write_env_file(config: Config) -> None:
    """The app's environment as KEY=value lines: for `manage.py` by hand
    (`set -a; . var/prod/env; set +a`), scripts/backup.sh, or systemd's EnvironmentFile."""
    path = config.path("env")
    lines = [f"{name}={value}" for name, value in app_env(config).items()]
    write_private(path, "\n".join(lines) + "\n")


def write_private(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    with os.fdopen(fd, "w") as file:
        file.write(text)
    os.replace(tmp, path)  # mkstemp made it 0600


def init_postgres(config: Config) -> None:
    data = config.path("postgres")
    if (data / "PG_VERSION").exists():
        return
    as_postgres = postgres_user()
    data.mkdir(mode=0o700, exist_ok=True)
    # initdb reads the superuser's password from a file it can open.
    fd, pwfile = tempfile.mkstemp(prefix="brobyggare-pw-")
    try:
        with os.fdopen(fd, "w") as file:
            file.write(secret(config, "postgres-superuser") + "\n")
        if as_postgres:
            os.chown(data, as_postgres["user"], as_postgres["group"])
            os.chown(pwfile, as_postgres["user"], as_postgres["group"])
        result = subprocess.run(
            [postgres_bin() / "initdb", "-D", str(data), "-U", "postgres"]
            + ["--auth=scram-sha-256", f"--pwfile={pwfile}", "-E", "UTF8", "--locale=C"]
            + ["--no-instructions"],
            cwd="/",
            capture_output=True,
            text=True,
            **as_postgres,
        )
    finally:
        os.unlink(pwfile)
    if result.returncode != 0:
        raise ProdError(f"initdb failed:\n{result.stdout}{result.stderr}")
    say(f"made a PostgreSQL cluster in {data}")


def write_redis_conf(config: Config) -> None:
    # In a file (0600), not on the command line, where `ps` would show the password.
    write_private(
        config.path("redis.conf"),
        "\n".join(
            [
                "bind 127.0.0.1",
                f"port {config.redis_port}",
                f"requirepass {secret(config, 'redis')}",
                'save ""',
                "appendonly no",
                f"dir {config.path('run')}",
                "daemonize no",
                "protected-mode yes",
                f"logfile {config.path('log', 'redis.log')}",
                "",
            ]
        ),
    )


def write_nginx_conf(config: Config) -> None:
    sockets = [config.daphne_socket(n) for n in range(1, config.daphnes + 1)]
    text = nginx_conf(
        root=config.root,
        sockets=sockets,
        host=config.host,
        bind=config.bind,
        port=config.port,
        as_root=os.geteuid() == 0,
    )
    config.path("nginx.conf").write_text(text)


# Talking to the services.


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path: Path, timeout: float = 5.0):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = str(path)

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self.unix_path)
        self.sock = sock


def healthz(connection: http.client.HTTPConnection, host: str) -> tuple[int, str]:
    try:
        connection.request("GET", "/healthz", headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace")
    except (OSError, http.client.HTTPException) as error:
        return 0, str(error)
    finally:
        connection.close()


def daphne_health(config: Config, number: int) -> tuple[int, str]:
    return healthz(UnixHTTPConnection(config.daphne_socket(number)), config.host)


def nginx_health(config: Config) -> tuple[int, str]:
    context = ssl.create_default_context(cafile=str(config.path("tls", "cert.pem")))
    address = "127.0.0.1" if config.bind in ("0.0.0.0", "::") else config.bind
    connection = http.client.HTTPSConnection(address, config.port, timeout=5, context=context)
    # The certificate names PROD_HOST and 127.0.0.1; Host must be an allowed host.
    return healthz(connection, f"{config.host}:{config.port}")


def postgres_answers(config: Config) -> bool:
    import psycopg

    try:
        with psycopg.connect(
            host="127.0.0.1",
            port=config.pg_port,
            user="postgres",
            password=secret(config, "postgres-superuser"),
            dbname="postgres",
            connect_timeout=2,
        ):
            return True
    except psycopg.OperationalError:
        return False


def ensure_database(config: Config) -> None:
    """The app's role and database, made once."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host="127.0.0.1",
        port=config.pg_port,
        user="postgres",
        password=secret(config, "postgres-superuser"),
        dbname="postgres",
        autocommit=True,
    ) as connection:
        role = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [DATABASE])
        if role.fetchone() is None:
            connection.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(DATABASE), sql.Literal(secret(config, "postgres-app"))
                )
            )
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE])
        if exists.fetchone() is None:
            connection.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(DATABASE), sql.Identifier(DATABASE)
                )
            )


def redis_answers(config: Config) -> bool:
    password = secret(config, "redis")
    try:
        with socket.create_connection(("127.0.0.1", config.redis_port), timeout=1) as sock:
            sock.sendall(f"AUTH {password}\r\nPING\r\n".encode())
            answer = b""
            while answer.count(b"\r\n") < 2:
                chunk = sock.recv(256)
                if not chunk:
                    return False
                answer += chunk
            return answer.endswith(b"+PONG\r\n")
    except OSError:
        return False


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # As the servers bind: a port with connections in TIME_WAIT is free to them.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return False
            raise
    return True


# The services.


@dataclasses.dataclass
class Service:
    name: str
    argv: list[str]
    ready: Callable[[], bool]
    stop_signal: int = signal.SIGTERM
    stop_timeout: float = 15.0
    env: dict[str, str] | None = None
    cwd: Path = BASE_DIR
    run_as: dict = dataclasses.field(default_factory=dict)
    before: Callable[[], None] | None = None  # just before each start
    process: subprocess.Popen | None = None
    held: bool = False  # stopped on purpose: not started again until asked
    restart_at: float | None = None
    restarts: int = 0

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


def services(config: Config) -> list[Service]:
    env = process_env(config)
    log = config.path("log")
    bindir = postgres_bin()

    def daphne(number: int) -> Service:
        sock = config.daphne_socket(number)

        def before() -> None:
            with contextlib.suppress(FileNotFoundError):
                sock.unlink()  # left behind by a daphne that was killed

        return Service(
            f"daphne-{number}",
            # The backlog and the handshake timeout every run of daphne has (scripts/serve.py
            # says why): a storm of reconnecting phones is queued, not refused, and a
            # handshake that waits for its accept longer than daphne's default 5 s is not
            # dropped (nginx would count that as a failure).
            [config.python, "-m", "daphne", *serve.flags(["-u", str(sock)])]
            # nginx keeps the access log; daphne logs warnings and errors.
            + ["-v", "0", "portal.asgi:application"],
            ready=lambda: daphne_health(config, number)[0] == 200,
            env=env,
            before=before,
        )

    return [
        Service(
            "postgres",
            [str(bindir / "postgres"), "-D", str(config.path("postgres"))]
            + ["-p", str(config.pg_port), "-c", "listen_addresses=127.0.0.1"]
            + ["-c", "unix_socket_directories="]
            # Each process pools at most DATABASE_POOL_SIZE (10) connections.
            + ["-c", f"max_connections={max(100, 10 * (config.daphnes + 3))}"],
            ready=lambda: postgres_answers(config),
            stop_signal=signal.SIGINT,  # "fast": disconnect clients, stop cleanly
            stop_timeout=60.0,
            cwd=config.path("postgres"),
            run_as=postgres_user(),
        ),
        Service(
            "redis",
            [shutil.which("redis-server") or "/usr/bin/redis-server"]
            + [str(config.path("redis.conf"))],
            ready=lambda: redis_answers(config),
        ),
        *(daphne(n) for n in range(1, config.daphnes + 1)),
        Service(
            "worker",
            [config.python, "manage.py", "db_worker", "--no-reload", "--interval", "2"],
            ready=lambda: True,
            env=env,
            # SIGTERM: the worker finishes the letter it is reading first.
            stop_timeout=180.0,
        ),
        Service(
            "nginx",
            [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(config.path("nginx.conf"))]
            + ["-p", str(config.root), "-e", str(log / "nginx-error.log")],
            ready=lambda: nginx_health(config)[0] == 200,
        ),
    ]


def _child_setup() -> None:
    raise_open_files_limit()


class Supervisor:
    def __init__(self, config: Config):
        self.config = config
        self.services = {s.name: s for s in services(config)}
        self.stopping = False
        self.ready = False

    # One service.

    def start(self, service: Service) -> None:
        if service.before:
            service.before()
        log = self.config.path("log", f"{service.name}.log")
        with open(log, "ab") as out:
            service.process = subprocess.Popen(
                service.argv,
                cwd=service.cwd,
                env=service.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                # Its own session: Ctrl-C in the terminal reaches this supervisor only,
                # which stops the services in order.
                start_new_session=True,
                # Not after dropping root: the postgres user cannot read this Python.
                preexec_fn=None if service.run_as else _child_setup,
                **service.run_as,
            )
        service.held = False
        service.restart_at = None
        deadline = time.monotonic() + START_TIMEOUT
        while not service.ready():
            if self.stopping:
                raise ProdError(f"asked to stop while {service.name} was starting")
            if service.process.poll() is not None:
                raise ProdError(
                    f"{service.name} exited with {service.process.returncode}:\n" + log_tail(log)
                )
            if time.monotonic() > deadline:
                raise ProdError(f"{service.name} did not answer within {START_TIMEOUT:.0f} s")
            time.sleep(0.1)
        say(f"{service.name} is up (pid {service.process.pid})")
        self.write_state()

    def stop(self, service: Service, *, hold: bool = False) -> None:
        service.held = hold
        service.restart_at = None
        process = service.process
        if process is None or process.poll() is not None:
            self.write_state()
            return
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(service.stop_signal)
        try:
            process.wait(timeout=service.stop_timeout)
        except subprocess.TimeoutExpired:
            say(f"{service.name} did not stop within {service.stop_timeout:.0f} s: killing it")
            process.kill()
            process.wait()
        say(f"{service.name} stopped")
        self.write_state()

    # Everything.

    def start_all(self) -> None:
        busy = [p for p in (self.config.pg_port, self.config.redis_port) if not port_free(p)]
        if busy:
            raise ProdError(
                f"port {busy[0]} on 127.0.0.1 is taken (another `make prod`?). Stop it with "
                "`make prod-stop`, or choose PROD_PG_PORT / PROD_REDIS_PORT / PROD_PORT."
            )
        names = iter(self.services.values())
        for service in names:
            if service.name.startswith("daphne-"):
                self.setup_app()
                self.start(service)
                break
            self.start(service)
            if service.name == "postgres":
                ensure_database(self.config)
        for service in names:
            self.start(service)
        self.ready = True
        self.write_state()

    def setup_app(self) -> None:
        """Before the first daphne: the schema, the static files, and the demo if asked."""
        env = process_env(self.config)

        def manage(*args: str) -> None:
            say("manage.py " + " ".join(args))
            result = subprocess.run(
                [self.config.python, "manage.py", *args],
                cwd=BASE_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                hint = ""
                if "brobyggare.E001" in result.stderr:
                    hint = (
                        "\nThis database has the demo accounts of an earlier DEMO=1 start. "
                        "Start with DEMO=1 again, or remove them: `DEMO=1 scripts/prod.sh "
                        'start`, `eval "$(scripts/prod.sh env)"`, `.venv/bin/python manage.py '
                        "demo --remove`, `scripts/prod.sh stop`; or start afresh without the "
                        f"data: `rm -rf {self.config.root}`."
                    )
                raise ProdError(
                    f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}{hint}"
                )

        manage("migrate", "--noinput", "-v", "0")
        manage("collectstatic", "--noinput", "-v", "0")
        if self.config.demo:
            manage("demo")

    def stop_all(self) -> None:
        self.stopping = True
        for service in reversed(list(self.services.values())):
            self.stop(service)

    # State for `status`, `start NAME` and the tests.

    def write_state(self) -> None:
        state = {
            "supervisor": os.getpid(),
            "ready": self.ready,
            "url": self.config.public_url,
            "services": {
                s.name: {
                    "pid": s.process.pid if s.running and s.process else None,
                    "state": "up" if s.running else "held" if s.held else "down",
                    "restarts": s.restarts,
                }
                for s in self.services.values()
            },
        }
        write_private(self.config.path("run", "state.json"), json.dumps(state, indent=2))

    # The loop.

    def supervise(self) -> None:
        while not self.stopping:
            self.handle_requests()
            now = time.monotonic()
            for service in self.services.values():
                if service.held or service.process is None or service.running:
                    continue
                if service.restart_at is None:
                    code = service.process.returncode
                    say(
                        f"{service.name} exited with {code}; starting it again in "
                        f"{self.config.restart_delay:g} s"
                    )
                    service.restart_at = now + self.config.restart_delay
                    self.write_state()
                elif now >= service.restart_at:
                    service.restarts += 1
                    try:
                        self.start(service)
                    except ProdError as error:
                        say(f"{service.name} did not start again: {error}")
                        service.restart_at = time.monotonic() + self.config.restart_delay
            if self.config.watch_pid and not pid_alive(self.config.watch_pid):
                say(f"process {self.config.watch_pid} is gone: stopping")
                return
            time.sleep(0.2)

    def handle_requests(self) -> None:
        """`prod.sh stop NAME` / `start NAME` leave a file in run/requests/."""
        folder = self.config.path("run", "requests")
        for request in sorted(folder.iterdir()):
            try:
                action, name = request.read_text().split()
            except (OSError, ValueError):
                action, name = "", ""
            request.unlink(missing_ok=True)
            service = self.services.get(name)
            if service is None:
                continue
            try:
                if action == "stop":
                    self.stop(service, hold=True)
                elif action == "start" and not service.running:
                    self.start(service)
            except ProdError as error:
                say(f"{action} {name}: {error}")
                service.held = True
                self.write_state()


def log_tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no log at {path})"


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_state(config: Config) -> dict | None:
    try:
        state = json.loads(config.path("run", "state.json").read_text())
    except (OSError, ValueError):
        return None
    return state if pid_alive(state.get("supervisor", 0)) else None


# Commands.


def run(config: Config) -> int:
    if (state := read_state(config)) is not None:
        raise ProdError(
            f"already running (supervisor pid {state['supervisor']}): `make prod-stop` first"
        )
    prepare(config)
    supervisor = Supervisor(config)

    def on_signal(signum: int, frame: object) -> None:
        supervisor.stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        supervisor.start_all()
        if config.demo:
            say("DEMO=1: demo accounts with published passwords. For trying it out only,")
            say("never for real use (README: Demo logins).")
        say(f"ready: {config.public_url}  (Ctrl-C stops everything)")
        supervisor.supervise()
    except ProdError as error:
        say(str(error))
        supervisor.stop_all()
        return 1
    supervisor.stop_all()
    config.path("run", "state.json").unlink(missing_ok=True)
    say("everything stopped")
    return 0


def start_background(config: Config) -> int:
    if (state := read_state(config)) is not None:
        say(f"already running: {state['url']}")
        return 0
    config.root.mkdir(parents=True, exist_ok=True)
    config.path("log").mkdir(mode=0o700, exist_ok=True)
    log = config.path("log", "supervisor.log")
    with open(log, "ab") as out:
        supervisor = subprocess.Popen(
            [sys.executable, __file__, "run"],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 10 * START_TIMEOUT
    while time.monotonic() < deadline:
        if supervisor.poll() is not None:
            say(f"the start failed:\n{log_tail(log)}")
            return 1
        state = read_state(config)
        if state and state.get("ready"):
            say(f"ready: {state['url']} (supervisor pid {supervisor.pid}; log in {log})")
            return 0
        time.sleep(0.2)
    say(f"not ready in time:\n{log_tail(log)}")
    return 1


def stop(config: Config, name: str | None) -> int:
    state = read_state(config)
    if name is not None:
        return request(config, "stop", name, want="held")
    if state is None:
        return stop_orphans(config)
    os.kill(state["supervisor"], signal.SIGTERM)
    while pid_alive(state["supervisor"]):
        time.sleep(0.2)
    say("stopped")
    return 0


def stop_orphans(config: Config) -> int:
    """No supervisor: it was killed, leaving its services running. Stop what it listed."""
    try:
        state = json.loads(config.path("run", "state.json").read_text())
    except (OSError, ValueError):
        say("not running")
        return 0
    for name, service in reversed(list(state["services"].items())):
        pid = service.get("pid")
        if pid and pid_alive(pid):
            say(f"{name} (pid {pid}) was left running: stopping it")
            os.kill(pid, signal.SIGINT if name == "postgres" else signal.SIGTERM)
            deadline = time.monotonic() + 60
            while pid_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.2)
    config.path("run", "state.json").unlink(missing_ok=True)
    say("stopped")
    return 0


def request(config: Config, action: str, name: str, *, want: str) -> int:
    """Ask the running supervisor to stop or start one service; wait until it has."""
    state = read_state(config)
    if state is None:
        raise ProdError("not running: `make prod` or `scripts/prod.sh start` first")
    if name not in state["services"]:
        raise ProdError(f"no service {name!r}; there are: {', '.join(state['services'])}")
    folder = config.path("run", "requests")
    write_private(folder / f"{time.time_ns()}-{action}-{name}", f"{action} {name}\n")
    deadline = time.monotonic() + 4 * START_TIMEOUT
    while time.monotonic() < deadline:
        state = read_state(config)
        if state is None:
            raise ProdError("the supervisor stopped")
        if state["services"][name]["state"] == want and not any(folder.iterdir()):
            say(f"{name}: {want}")
            return 0
        time.sleep(0.1)
    raise ProdError(f"{name} is not {want} in time")


def status(config: Config) -> int:
    state = read_state(config)
    if state is None:
        say("not running")
        return 3
    print(f"{state['url']}  (supervisor pid {state['supervisor']})")
    for name, service in state["services"].items():
        line = f"  {name:<10} {service['state']:<5} pid {service['pid'] or '-':<8}"
        if service["restarts"]:
            line += f" restarted {service['restarts']}x"
        if name.startswith("daphne-") and service["state"] == "up":
            code, body = daphne_health(config, int(name.split("-")[1]))
            line += f" /healthz {code} {body.strip()}"
        print(line)
    return 0


def print_env(config: Config) -> int:
    for name, value in app_env(config).items():
        print(f"export {name}={shlex.quote(value)}")
    return 0


USAGE = """usage: scripts/prod.sh run | start [NAME] | stop [NAME] | status | env
  run           everything in the foreground; Ctrl-C stops it all (make prod)
  start         everything in the background (make prod-start)
  stop          stop everything (make prod-stop)
  stop NAME     stop one service and keep it down; start NAME starts it again
                (NAME: postgres, redis, daphne-1, daphne-2, ..., worker, nginx)
  status        each service's state and each daphne's /healthz
  env           export lines for manage.py by hand: eval "$(scripts/prod.sh env)"
"""


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(USAGE, end="")
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    os.chdir(BASE_DIR)
    try:
        config = Config.from_env()
        if command == "run" and not rest:
            return run(config)
        if command == "start":
            return (
                request(config, "start", rest[0], want="up") if rest else start_background(config)
            )
        if command == "stop" and len(rest) <= 1:
            return stop(config, rest[0] if rest else None)
        if command == "status" and not rest:
            return status(config)
        if command == "env" and not rest:
            return print_env(config)
    except ProdError as error:
        say(str(error))
        return 1
    print(USAGE, end="", file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # `scripts/prod.sh status | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
