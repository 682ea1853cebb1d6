"""Anonymous workshop entries are rate limited per client.

Anyone may send *Add a service we missed* entries, so one address could flood a session's queue
(and every screen that shows it). Each entry a client that is not a signed-in editor sends is
counted in the store (``dashboard.store.rate_limits``), which every worker and host shares;
past ``SUBMISSION_LIMIT`` within ``SUBMISSION_WINDOW`` the entry is refused, with the time to
wait, until the oldest counted one is older than the window. A client is the address
``dashboard.security.sign_in.client_key`` gives (an IPv4 address or an IPv6 /64).
"""

from __future__ import annotations

import datetime as dt
import math

SUBMISSION_EVENT = "submission"
SUBMISSION_LIMIT = 30
SUBMISSION_WINDOW = dt.timedelta(minutes=10)


def submission_refusal(wait: dt.timedelta) -> str:
    """The sentence for a client that must wait ``wait`` before sending another entry."""
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    unit = "minute" if minutes == 1 else "minutes"
    window = int(SUBMISSION_WINDOW.total_seconds() // 60)
    return (f"Your address has sent {SUBMISSION_LIMIT} entries in the last {window} minutes, "
            f"the most the atlas takes. Try again in {minutes} {unit}; nothing you typed is lost.")
