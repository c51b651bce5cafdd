"""Start daphne the way every run of the app does (make run, scripts/prod.py, the benchmarks).

    scripts/serve.py -b 127.0.0.1 -p 8000          # TCP, as make run
    scripts/serve.py -u run/daphne-1.sock          # a Unix socket, as scripts/prod.py
    scripts/serve.py --print -b 127.0.0.1 -p 8000  # the daphne flags, as JSON

What is set, and why (docs/decisions.md, "A reconnect storm every phone survives"):
- BACKLOG: connections waiting for daphne to accept them. Twisted's default, 50, refuses
  a storm of reconnecting phones at once (a Unix socket refuses as soon as its queue is
  full; TCP drops the SYN and the phone waits a second before it tries again).
- HANDSHAKE_TIMEOUT: how long a socket may take from its first byte to the consumer's
  accept. Daphne's default, 5 s, failed 30-34 % of 1,000 phones connecting at once: they
  are accepted one after another (the session, the user and the contacts are read for
  each), and the last ones waited longer than 5 s. 30 s covers 2,000 at once on one
  process with room to spare; a phone that gives up earlier tries again by itself.
"""

import json
import os
import sys

BACKLOG = 4096
HANDSHAKE_TIMEOUT = 30  # seconds


def flags(argv: list[str]) -> list[str]:
    """daphne's command-line flags for an endpoint given as -b/-p or -u."""
    host, port, unix = "127.0.0.1", "8000", None
    rest = list(argv)
    while rest:
        flag = rest.pop(0)
        if flag in ("-b", "--bind"):
            host = rest.pop(0)
        elif flag in ("-p", "--port"):
            port = rest.pop(0)
        elif flag in ("-u", "--unix-socket"):
            unix = rest.pop(0)
        else:
            raise SystemExit(f"scripts/serve.py: unknown argument {flag!r}")
    if unix:
        endpoint = f"unix:{unix}:backlog={BACKLOG}"
    else:
        # An IPv6 address has colons, which Twisted's endpoint strings escape.
        endpoint = f"tcp:port={int(port)}:interface={host.replace(':', chr(92) + ':')}"
        endpoint += f":backlog={BACKLOG}"
    # daphne's CLI calls it websocket_connect_timeout and passes it as both the time to
    # connect and the time for the opening handshake.
    return ["-e", endpoint, "--websocket_connect_timeout", str(HANDSHAKE_TIMEOUT)]


def main(argv: list[str]) -> None:
    if argv and argv[0] == "--print":
        print(json.dumps(flags(argv[1:])))
        return
    command = [sys.executable, "-m", "daphne", *flags(argv), "portal.asgi:application"]
    os.execv(sys.executable, command)


if __name__ == "__main__":
    main(sys.argv[1:])
