"""Which URLs a webhook may be sent to.

Always: ``http`` or ``https``, a host, no user name or password in the URL (they would be kept and
logged in clear), no fragment. In production also: ``https`` only, and never a loopback, private,
link-local or otherwise internal address written as an IP or ``localhost`` (a partner must not make
the service call into its own network). Host names are not resolved here: a name that resolves to
an internal address is for the network's egress rules to stop.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2048


def _internal_host(host: str) -> bool:
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost") or name.endswith(".internal"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return not address.is_global


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
    if production and _internal_host(parts.hostname):
        return "the URL points at an internal address"
    return None
