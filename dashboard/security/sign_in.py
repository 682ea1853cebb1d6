"""Guessing the editor secret is rate limited per client.

After ``SIGN_IN_LIMIT`` wrong secrets from one client within ``SIGN_IN_WINDOW``, sign-in from
that client is refused, without checking, until the oldest of them is older than the window. A
client is an IPv4 address or an IPv6 /64 network (one household or device gets a whole /64).
Attempts are counted in the database, which every worker shares, before the guess is checked
(``dashboard.store.sign_in``).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math

SIGN_IN_LIMIT = 10
SIGN_IN_WINDOW = dt.timedelta(minutes=15)
UNLOCK_COMMAND = "python -m dashboard unlock"


def client_key(address: str | None) -> str:
    """Who a sign-in attempt is counted against: the IPv4 address, or the IPv6 /64 network."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return "unknown"
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def sign_in_refusal(wait: dt.timedelta) -> str:
    """The sentence for a client that must wait ``wait`` before trying the secret again.

    It says what to do now: at a venue everyone may share one address, so the facilitator's
    way through is the ``unlock`` command on the server, which forgets the counted guesses.
    """
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return (f"Too many wrong secrets from your address in the last "
            f"{int(SIGN_IN_WINDOW.total_seconds() // 60)} minutes. Try again in {minutes} {unit}, "
            f"or ask whoever runs the server to run `{UNLOCK_COMMAND}` there: it clears the "
            "count at once (at a venue everyone may share one address).")
