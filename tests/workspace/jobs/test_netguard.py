"""URL imports: no fetch reaches a loopback, link-local or private address unless allowed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from crossroads.errors import ReadError
from crossroads.readers import netguard, read


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:8000/admin", "127.0.0.1, a loopback address"),
        ("http://localhost/", "localhost resolves to 127.0.0.1, a loopback address"),
        ("http://10.20.30.40/intranet", "10.20.30.40, a private address"),
        ("http://192.168.1.1/", "192.168.1.1, a private address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254, a link-local address"),
        ("http://[::1]:8080/", "::1, a loopback address"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1, a loopback address"),
        ("http://[fe80::1]/", "fe80::1, a link-local address"),
        ("http://0.0.0.0/", "0.0.0.0, an unspecified address"),
        ("http://224.0.0.1/", "224.0.0.1, a multicast address"),
    ],
)
def test_guard_refuses_non_public_addresses_naming_url_and_reason(url: str, reason: str) -> None:
    with netguard.guarded(allow_private=False), pytest.raises(ReadError) as caught:
        read(url)
    assert str(caught.value) == (
        f"{url}: not fetched: {reason} (private addresses are not allowed here)"
    )


def test_address_classes() -> None:
    assert netguard.refusal("93.184.215.14") is None
    assert netguard.refusal("2606:4700:4700::1111") is None
    assert netguard.refusal("::ffff:10.1.2.3") == "a private address"
    assert netguard.refusal("100.64.0.1") == "not a public address"  # carrier-grade NAT
    assert netguard.refusal("fc00::5") == "a private address"


def test_local_server_is_refused_by_default_and_served_when_allowed(
    site: Callable[[str], str],
) -> None:
    url = site("/page.txt")
    with netguard.guarded(), pytest.raises(ReadError, match="a loopback address"):
        read(url)
    with netguard.guarded(allow_private=True):
        assert "demining" in read(url).text
    assert "demining" in read(url).text  # no guard: `crossroads analyze URL` fetches it


def test_redirect_from_an_allowed_server_to_a_private_address_is_refused(
    site: Callable[[str], str],
) -> None:
    # The local site itself is let through as an exception, as an intranet host might be.
    with netguard.guarded(exceptions=("127.0.0.1/32",)):
        assert "demining" in read(site("/to?url=/page.txt")).text  # a hop to itself
        for target, reason in [
            ("http://10.0.0.7/secret", "10.0.0.7, a private address"),
            ("http://169.254.169.254/latest", "169.254.169.254, a link-local address"),
            ("http://[::1]/", "::1, a loopback address"),
        ]:
            url = site(f"/to?url={target}")
            with pytest.raises(ReadError) as caught:
                read(url)
            assert str(caught.value).startswith(
                f"{url}: could not fetch: the redirect to {target} is refused: {reason}"
            )


def test_connection_goes_to_the_checked_address(site: Callable[[str], str]) -> None:
    port = int(site("/").rsplit(":", 1)[1].strip("/"))
    with netguard.guarded(), pytest.raises(netguard.AddressRefused, match="loopback"):
        netguard.connect(("localhost", port), timeout=5)
    with netguard.guarded(exceptions=("127.0.0.0/8", "::1/128")):
        sock = netguard.connect(("localhost", port), timeout=5)
        try:
            assert sock.getpeername()[0] in ("127.0.0.1", "::1")
        finally:
            sock.close()
