"""Which network addresses a URL may be fetched from: no SSRF into the server's own network.

A workspace server fetches URLs that its users paste. Left alone, such a fetch could reach
what only the server can reach: its loopback services, the cloud metadata endpoint at
``169.254.169.254``, the office's private network. So a guarded fetch resolves each host
itself, refuses loopback, link-local, private, multicast, reserved, unspecified and other
non-public addresses (IPv4 and IPv6, an IPv4-mapped IPv6 address judged as the IPv4 one it
carries), and then connects to the very address it checked, so a DNS answer that changes
between the check and the connection (DNS rebinding) gains nothing. Every redirect hop
opens a new connection and is checked the same way.

The guard is off unless a caller turns it on, so ``crossroads analyze URL`` fetches what
its user names, a local server included::

    with guarded(allow_private=False):
        doc = read("https://example.org/report.html")
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Iterator
from contextvars import ContextVar
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# True (the default) lets every address through; a workspace sets it from its setting.
_ALLOW_PRIVATE: ContextVar[bool] = ContextVar("crossroads_allow_private_urls", default=True)
# Networks let through although not public, under a guard that refuses the others.
_EXCEPTIONS: ContextVar[tuple[Network, ...]] = ContextVar("crossroads_url_exceptions", default=())
HINT = "private addresses are not allowed here"


class AddressRefused(OSError):
    """A host resolves to an address the guard refuses; the message says which and why."""


@contextlib.contextmanager
def guarded(allow_private: bool = False, exceptions: tuple[str, ...] = ()) -> Iterator[None]:
    """Fetch URLs in this block (this thread or task) under the address guard.

    Args:
        allow_private: Let private, loopback and link-local addresses through, as a
            workspace whose admin allows them does.
        exceptions: Networks (``"192.0.2.10/32"``) let through although not public,
            such as one known intranet server.

    Yields:
        Nothing; the previous setting comes back at the end of the block.
    """
    allowed = tuple(ipaddress.ip_network(net, strict=False) for net in exceptions)
    token = _ALLOW_PRIVATE.set(allow_private)
    token_exceptions = _EXCEPTIONS.set(allowed)
    try:
        yield
    finally:
        _EXCEPTIONS.reset(token_exceptions)
        _ALLOW_PRIVATE.reset(token)


def private_allowed() -> bool:
    """Tell whether fetches here may reach non-public addresses (outside a guard: yes)."""
    return _ALLOW_PRIVATE.get()


def refusal(address: str | IPAddress) -> str | None:
    """Why an address is not public, or ``None`` when it is.

    Args:
        address: An IPv4 or IPv6 address (text or parsed); a zone (``%eth0``) is ignored.

    Returns:
        ``"a loopback address"``, ``"a link-local address"``, ``"a private address"``,
        ``"a multicast address"``, ``"a reserved address"``, ``"an unspecified address"``,
        ``"not a public address"`` (shared, documentation and other special ranges), or
        ``None`` for a public address.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0]) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 reaches 127.0.0.1
    for test, reason in (
        (ip.is_unspecified, "an unspecified address"),
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "not a public address"),
    ):
        if test:
            return reason
    return None


def _addresses(host: str, port: int) -> list[tuple[socket.AddressFamily, IPAddress]]:
    """Every address a host resolves to, in the resolver's order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OSError(f"cannot resolve {host}: {exc.strerror or exc}") from exc
    seen: list[tuple[socket.AddressFamily, IPAddress]] = []
    for family, _type, _proto, _name, sockaddr in infos:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if (family, ip) not in seen:
            seen.append((family, ip))
    return seen


def checked_addresses(host: str, port: int) -> list[tuple[socket.AddressFamily, IPAddress]]:
    """The addresses a host resolves to, once each is known to be allowed.

    Args:
        host: A host name or an address literal (IPv6 with or without brackets).
        port: The port, for the resolver.

    Returns:
        ``(family, address)`` pairs to connect to.

    Raises:
        AddressRefused: Some address of the host is refused (one bad address is enough:
            a resolver may hand out either).
        OSError: The host cannot be resolved.
    """
    host = host.strip("[]")
    found = _addresses(host, port)
    if not private_allowed():
        exceptions = _EXCEPTIONS.get()
        for _family, ip in found:
            reason = refusal(ip)
            if reason and not any(ip in net for net in exceptions):
                where = host if _is_literal(host) else f"{host} resolves to {ip}"
                raise AddressRefused(f"{where}, {reason} ({HINT})")
    return found


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def check_url(url: str) -> None:
    """Refuse a URL whose host resolves to a refused address (nothing when unguarded).

    Args:
        url: An http(s) URL.

    Raises:
        AddressRefused: The host is, or resolves to, an address the guard refuses.
        OSError: The host cannot be resolved.
    """
    if private_allowed():
        return
    parts = urlsplit(url)
    if not parts.hostname:
        raise AddressRefused("the URL names no host")
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    checked_addresses(parts.hostname, port)


def connect(
    address: tuple[str, int],
    timeout: float | None = None,
    source_address: tuple[str, int] | None = None,
) -> socket.socket:
    """Open a TCP connection to a host, to one of the addresses that were checked.

    A drop-in for :func:`socket.create_connection` (what ``http.client`` calls): the host
    is resolved once, its addresses checked, and the socket connects to a checked address,
    never to a name that might resolve anew.

    Args:
        address: ``(host, port)``.
        timeout: The socket timeout.
        source_address: The local address to bind to, if any.

    Returns:
        The connected socket.

    Raises:
        AddressRefused: An address of the host is refused.
        OSError: No checked address could be connected to.
    """
    host, port = address
    error: OSError | None = None
    for family, ip in checked_addresses(host, port):
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            if timeout is not None:
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect((str(ip), port))
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    raise error or OSError(f"cannot resolve {host}")
