"""Who may talk to newsgen's two local servers (the review page and `newsgen
serve`): the Host a request names. A page on another site that reaches
127.0.0.1 through a DNS name it rebound names that site as the Host, so
checking it keeps local drafts and pages from being read that way."""

from __future__ import annotations

import ipaddress


def host_name(host: str) -> str:
    """'127.0.0.1:8765' -> '127.0.0.1'; '[::1]:80' -> '::1'; lower case."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else ""
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
