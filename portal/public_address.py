"""Is a host on the public internet? The guard for every request a user can point the
server at (a Web Push endpoint), so nobody can make it talk to this machine, the local
network or a cloud's metadata service (server-side request forgery).

A host passes only if it resolves and EVERY address it resolves to is public: not
loopback, private, link-local, unique-local, carrier-grade NAT, multicast, unspecified,
reserved or documentation space, in IPv4 and IPv6, including an IPv4 address carried
inside IPv6 (IPv4-mapped, 6to4, NAT64). Names are resolved with `resolve`, the one
function tests replace; the caller connects to the addresses it got back, never to the
name again, so DNS cannot change between the check and the connection.
"""

import ipaddress
import socket

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Well-known NAT64 prefixes (RFC 6052, RFC 8215): the last 32 bits are an IPv4 address.
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
# Names that mean this machine whatever DNS says (RFC 6761).
_LOCAL_NAMES = ("localhost", "localhost.localdomain")


class NotPublic(Exception):
    """The host does not resolve, or one of its addresses is not public."""


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (DNS and /etc/hosts), in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if any(ip in network for network in _NAT64):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public(ip: IPAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address):
        ip = ipaddress.IPv6Address(int(ip))  # drop any %scope
        embedded = _embedded_ipv4(ip)
        if embedded is not None and not is_public(embedded):
            return False
    not_public = (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_unspecified
        or ip.is_reserved
        or (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local)
    )
    return ip.is_global and not not_public


def parse_literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def checked_addresses(host: str, port: int, *, allow_loopback: bool = False) -> list[str]:
    """The addresses to connect to for `host`: all of them public (or, only where the
    caller allows it, loopback). Raises NotPublic otherwise."""
    literal = parse_literal(host)
    if literal is not None:
        addresses = [str(literal)]
    else:
        name = host.lower().rstrip(".")
        if not allow_loopback and (name in _LOCAL_NAMES or name.endswith(".localhost")):
            raise NotPublic(f"{host} is this machine")
        try:
            addresses = resolve(host, port)
        except (OSError, UnicodeError) as error:
            raise NotPublic(f"{host} does not resolve") from error
    if not addresses:
        raise NotPublic(f"{host} has no address")
    for address in addresses:
        ip = parse_literal(address.split("%")[0])
        if ip is None:
            raise NotPublic(f"{host} resolved to something that is not an address")
        if not (is_public(ip) or (allow_loopback and ip.is_loopback)):
            raise NotPublic(f"{host} has an address that is not public")
    return addresses
