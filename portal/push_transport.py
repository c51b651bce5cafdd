"""How a push leaves the server: one HTTP POST that cannot be turned against us.

The endpoint is a URL the user's browser gave us, so every send:
- connects only to addresses that `checked_addresses` found public, resolved in the same
  step as the connection (a name whose DNS changed since the subscription is refused);
- ignores proxy settings from the environment and follows no redirect (a 3xx is a
  failure like any other);
- gives up after CONNECT_SECONDS to connect and READ_SECONDS per read, and after
  TOTAL_SECONDS whatever the push service does (a trickle of bytes included);
- reads at most MAX_ANSWER_BYTES of the answer.

Plain http is refused except, with settings.PUSH_ALLOW_LOCAL_HTTP (tests only), to a
loopback address: the local push service the tests run.
"""

import contextlib
import socket
import threading
from typing import Any, Final

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util import connection as urllib3_connection

from portal import public_address

CONNECT_SECONDS: Final = 5.0
READ_SECONDS: Final = 5.0
TOTAL_SECONDS: Final = 10.0
MAX_ANSWER_BYTES: Final = 4096
LOCAL_HOSTS: Final = ("127.0.0.1", "localhost", "::1", "[::1]")


class AddressRefused(Exception):
    """The endpoint's host is not one we may connect to. Deliberately not an OSError, so
    neither urllib3 nor requests retries or rewraps it: the caller sees it as it is."""


def local_http_allowed(host: str) -> bool:
    return bool(settings.PUSH_ALLOW_LOCAL_HTTP) and host.lower() in LOCAL_HOSTS


def checked_addresses(scheme: str, host: str, port: int) -> list[str]:
    """The addresses a push to scheme://host:port may go to, or AddressRefused."""
    if scheme == "https":
        allow_loopback = False
    elif scheme == "http" and local_http_allowed(host):
        allow_loopback = True
    else:
        raise AddressRefused(f"{scheme} is not allowed here")
    try:
        addresses = public_address.checked_addresses(host, port, allow_loopback=allow_loopback)
    except public_address.NotPublic as error:
        raise AddressRefused(str(error)) from error
    if allow_loopback and not all(_is_loopback(address) for address in addresses):
        raise AddressRefused(f"{host} is not this machine")
    return addresses


def _is_loopback(address: str) -> bool:
    literal = public_address.parse_literal(address.split("%")[0])
    return literal is not None and literal.is_loopback


class _CheckedConnectionMixin:
    """Connect to the checked addresses of the host, and cut the socket at the deadline."""

    scheme_name: str
    _deadline: threading.Timer | None = None

    def _new_conn(self) -> socket.socket:
        conn: Any = self
        addresses = checked_addresses(self.scheme_name, conn._dns_host, conn.port)
        last_error: OSError | None = None
        for address in addresses:
            try:
                sock = urllib3_connection.create_connection(
                    (address, conn.port),
                    conn.timeout,
                    source_address=conn.source_address,
                    socket_options=conn.socket_options,
                )
            except TimeoutError as error:
                raise ConnectTimeoutError(conn, "Connection to the push service timed out.") from (
                    error
                )
            except OSError as error:
                last_error = error
                continue
            self._deadline = threading.Timer(TOTAL_SECONDS, _cut, args=(sock,))
            self._deadline.daemon = True
            self._deadline.start()
            return sock
        raise NewConnectionError(conn, f"Failed to establish a new connection: {last_error}")

    def close(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        super().close()  # type: ignore[misc]


def _cut(sock: socket.socket) -> None:
    # A blocked recv() returns at once; the request then fails like any broken connection.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


class _CheckedHTTPConnection(_CheckedConnectionMixin, HTTPConnection):
    scheme_name = "http"


class _CheckedHTTPSConnection(_CheckedConnectionMixin, HTTPSConnection):
    scheme_name = "https"


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _CheckedHTTPConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _CheckedHTTPSConnection


class _CheckedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _CheckedHTTPPool,
            "https": _CheckedHTTPSPool,
        }


class PushSession(requests.Session):
    """A requests session for one push (pywebpush's `requests_session`)."""

    def __init__(self) -> None:
        super().__init__()
        self.trust_env = False  # no proxy or .netrc from the environment
        adapter = _CheckedAdapter(max_retries=0)
        self.mount("http://", adapter)
        self.mount("https://", adapter)

    def request(
        self, method: str, url: str | bytes, *args: Any, **kwargs: Any
    ) -> requests.Response:
        kwargs.update(allow_redirects=False, stream=True, timeout=(CONNECT_SECONDS, READ_SECONDS))
        response = super().request(method, url, *args, **kwargs)
        try:
            response._content = response.raw.read(MAX_ANSWER_BYTES, decode_content=False) or b""
        finally:
            response.close()
        return response
