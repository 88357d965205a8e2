"""Which URLs a webhook may be sent to, and which addresses a delivery may connect to.

Always: ``http`` or ``https``, a host, no user name or password in the URL (they would be kept and
logged in clear), no fragment, and a host that is either a name or a valid address (a host whose last
label is a number is read as an IPv4 address, as browsers and resolvers do, and must be one).

In production also: ``https`` only, and never an internal address — loopback, private, shared,
link-local, multicast, reserved or unspecified, or an IPv6 address that carries one of these IPv4
addresses (``::ffff:127.0.0.1``). A partner must not make the service call into its own network.

The address is what the host stands for, not how it is spelled: a numeric host is read the way the
system resolver reads it (``inet_aton``: one to four parts, each decimal, ``0x`` hexadecimal or
``0``-led octal, the last part filling the remaining bytes), so ``2130706433``, ``0x7f000001``,
``127.1`` and ``0177.0.0.1`` are all 127.0.0.1, and ``012.0.0.1`` is 10.0.0.1. ``localhost`` and the
``.localhost`` and ``.internal`` names are refused by name.

Subscribing checks the URL as written (``url_problem``), so the plain mistakes are refused at once.
A host name is only resolved when a delivery connects: every address it resolves to is checked then
(``resolution_problem``), and the connection goes to a checked address (``services.membership.egress``).
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Sequence
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2048
INTERNAL_NAMES = ("localhost",)
INTERNAL_SUFFIXES = (".localhost", ".internal")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

_NUMBER = re.compile(r"0[xX][0-9a-fA-F]*|[0-9]+")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class NotAnAddress(ValueError):
    """A host that must be an IPv4 address (its last label is a number) and is not a valid one."""


def _part(text: str) -> int:
    if text[:2].lower() == "0x":
        return int(text[2:] or "0", 16)
    if len(text) > 1 and text.startswith("0"):
        return int(text[1:], 8)
    return int(text)


def _ipv4(name: str) -> ipaddress.IPv4Address:
    parts = name.split(".")
    if len(parts) > 4 or not all(_NUMBER.fullmatch(p) for p in parts):
        raise NotAnAddress(name)
    try:
        values = [_part(p) for p in parts]
    except ValueError:  # an octal part with an 8 or a 9
        raise NotAnAddress(name) from None
    *leading, last = values
    if any(v > 255 for v in leading) or last >= 256 ** (5 - len(values)):
        raise NotAnAddress(name)
    number = last
    for index, value in enumerate(leading):
        number |= value << (8 * (3 - index))
    return ipaddress.IPv4Address(number)


def _plain(host: str) -> str:
    """The host as a resolver gets it: full-width digits and ideographic full stops read as ASCII."""
    return unicodedata.normalize("NFKC", host).replace("\u3002", ".").strip("[]").lower().rstrip(".")


def host_address(host: str) -> Address | None:
    """The address a URL's host stands for, or None when the host is a name.

    Raises ``NotAnAddress`` for a host that reads as a number but is no valid address."""
    name = _plain(host)
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        pass
    if not _NUMBER.fullmatch(name.rsplit(".", 1)[-1]):
        return None
    return _ipv4(name)


def _carried_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address leads to (mapped, 6to4 or NAT64), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_internal(address: Address) -> bool:
    """Whether an address is one no partner's endpoint may have."""
    if isinstance(address, ipaddress.IPv6Address):
        carried = _carried_ipv4(address)
        if carried is not None and is_internal(carried):
            return True
    return (not address.is_global or address.is_private or address.is_loopback or address.is_link_local
            or address.is_multicast or address.is_reserved or address.is_unspecified)


def _internal_name(name: str) -> bool:
    name = _plain(name)
    return name in INTERNAL_NAMES or name.endswith(INTERNAL_SUFFIXES)


def _written_as_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _host_problem(host: str, *, production: bool) -> str | None:
    try:
        address = host_address(host)
    except NotAnAddress:
        return f"the URL's host {host} is neither a name nor a valid address"
    if not production:
        return None
    if address is None:
        return "the URL points at an internal address" if _internal_name(host) else None
    if not is_internal(address):
        return None
    if _written_as_address(host):
        return "the URL points at an internal address"
    return f"the URL points at an internal address: its host {host} is the address {address}"


def url_problem(url: str, *, production: bool) -> str | None:
    """Why ``url`` may not receive webhooks, or None when it may."""
    if len(url) > MAX_URL_LENGTH:
        return f"the URL is longer than {MAX_URL_LENGTH} characters"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "the URL is not well formed"
    if parts.scheme not in ("http", "https"):
        return "the URL must start with https:// (or http:// outside production)"
    if not parts.hostname:
        return "the URL has no host"
    if parts.username is not None or parts.password is not None:
        return "the URL must not carry a user name or password; authenticate deliveries by their signature"
    if parts.fragment:
        return "the URL must not have a fragment"
    if port == 0:
        return "the URL's port is not valid"
    if production and parts.scheme != "https":
        return "in production, webhooks are sent over https only"
    return _host_problem(parts.hostname, production=production)


def resolution_problem(host: str, addresses: Sequence[str], *, production: bool) -> str | None:
    """Why a delivery may not connect to ``host`` resolved to ``addresses``, or None when it may.

    One internal address refuses them all: a name that answers with both is how rebinding is tried."""
    if not addresses:
        return f"{host} resolves to no address"
    if not production:
        return None
    if _internal_name(host):
        return f"{host} is an internal name"
    for text in addresses:
        address = ipaddress.ip_address(text)
        if is_internal(address):
            return f"{host} resolves to {address}, an internal address"
    return None
