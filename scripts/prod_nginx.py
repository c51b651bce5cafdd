"""nginx in front of the production profile's daphnes: TLS and HTTP/2, the static files
with their caching, WebSockets, balancing with passive health checks, the headers the app
trusts. scripts/prod.py writes it to var/prod/nginx.conf on every start; it is also the
example for a real server (change the paths, server_name, the certificate).
docs/operations.md says why each choice; the comments say it where it is made."""

from pathlib import Path


def nginx_conf(
    *, root: Path, sockets: list[Path], host: str, bind: str, port: int, as_root: bool
) -> str:
    """The configuration for a profile in `root` (PROD_DIR) with daphnes on `sockets`."""
    run, static, log, tls = root / "run", root / "static", root / "log", root / "tls"
    servers = "\n".join(
        # Passive health checks (nginx without Plus has no active ones): a daphne that
        # fails 3 times within 2 s (refused, or closed before answering) is left alone
        # for 2 s, then tried again by one request. Each failed try goes on to the next
        # daphne (proxy_next_upstream), so the person sees nothing of it. Short, because
        # a refused Unix socket costs nothing, and not at the first failure: with only a
        # few daphnes, a storm that makes each slow once would mark every one failed, and
        # nginx answers 502 ("no live upstreams") until one is tried again.
        f"        server unix:{sock} max_fails=3 fail_timeout=2s;"
        for sock in sockets
    )
    # As root, the workers drop to nobody (they read STATIC_ROOT and open the sockets).
    user = "user nobody nogroup;\n" if as_root else ""
    proxy_headers = """
            proxy_set_header Host $http_host;
            # The edge: nginx appends the address it sees; the app reads the last entry
            # (CLIENT_IP_HEADER=X-Forwarded-For, CLIENT_IP_PROXY_COUNT=1).
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            # Always overwritten, so a client cannot claim https (TRUSTED_PROXY=true).
            proxy_set_header X-Forwarded-Proto $scheme;"""
    return f"""# Written by scripts/prod.py on every start; edit that, not this.
{user}worker_processes auto;
worker_rlimit_nofile 20000;
pid {run}/nginx.pid;
error_log {log}/nginx-error.log warn;
daemon off;

events {{
    # A live socket holds two connections (the phone's and daphne's): 8,000 per worker.
    worker_connections 16384;
}}

http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    log_format upstream '$remote_addr [$time_local] "$request" $status $body_bytes_sent '
                        '$request_time upstream=$upstream_addr/$upstream_status';
    access_log {log}/nginx-access.log upstream buffer=64k flush=5s;
    client_body_temp_path {run}/nginx-client-body;
    proxy_temp_path {run}/nginx-proxy;
    fastcgi_temp_path {run}/nginx-fastcgi;
    uwsgi_temp_path {run}/nginx-uwsgi;
    scgi_temp_path {run}/nginx-scgi;

    # The app keeps at most 10 MB of an upload; nginx refuses bigger bodies before daphne
    # has to receive them whole.
    client_max_body_size 11m;

    map $http_upgrade $connection_upgrade {{
        default upgrade;
        '' close;
    }}

    upstream brobyggare {{
        # least_conn, not ip_hash: a live socket stays open for hours, so what matters is
        # how many each daphne holds; any daphne can serve anyone (sessions in PostgreSQL,
        # events through Redis), and ip_hash would pile every phone behind one mobile
        # operator's NAT address onto one daphne.
        least_conn;
        zone brobyggare 64k;  # every nginx worker sees the same counts and failures
{servers}
        keepalive 32;
    }}

    server {{
        listen {bind}:{port} ssl http2;
        server_name {host};
        ssl_certificate {tls}/cert.pem;
        ssl_certificate_key {tls}/key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache shared:TLS:10m;
        ssl_session_timeout 1d;

        # A daphne that cannot be reached (refused, or no answer within the connect
        # timeout) is skipped: the request goes to the next one. Only before anything was
        # sent: a POST whose request reached a daphne that then died is not sent twice
        # (no non_idempotent), the phone retries with its own id instead.
        proxy_next_upstream error timeout;
        proxy_next_upstream_tries 0;
        proxy_next_upstream_timeout 10s;
        proxy_connect_timeout 2s;

        # collectstatic's output. Hashed names (app.3f2a1b9c4d5e.js) never change: a year,
        # immutable. Others (the unhashed copies, icons named in the manifest) briefly.
        location /static/ {{
            alias {static}/;
            gzip_static on;
            add_header Cache-Control "public, max-age=300";
            add_header X-Content-Type-Options nosniff;
            location ~ "\\.[0-9a-f]{{12}}\\.[A-Za-z0-9]+$" {{
                add_header Cache-Control "public, max-age=31536000, immutable";
                add_header X-Content-Type-Options nosniff;
            }}
        }}

        # Live updates. The browser's socket is HTTP/1.1 even when pages come over HTTP/2
        # (nginx does not offer WebSockets over HTTP/2). daphne pings every 20 s, so the
        # hour is only a ceiling for a socket nobody answers.
        location /ws/ {{
            proxy_pass http://brobyggare;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;{proxy_headers}
            proxy_read_timeout 1h;
            proxy_send_timeout 1h;
            proxy_buffering off;
        }}

        # The service worker (from Django, django-pwa): always asked for anew.
        location = /serviceworker.js {{
            proxy_pass http://brobyggare;
            proxy_http_version 1.1;
            proxy_set_header Connection "";{proxy_headers}
            add_header Cache-Control "no-cache" always;
        }}

        location / {{
            proxy_pass http://brobyggare;
            proxy_http_version 1.1;
            proxy_set_header Connection "";{proxy_headers}
            proxy_read_timeout 60s;
        }}
    }}
}}
"""
