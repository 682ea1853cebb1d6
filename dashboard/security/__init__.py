"""Security rules without a web framework.

The same-origin check and response headers, the editor secret and session-signing key, and how
sign-in guessing is limited.

May import ``dashboard.core``; the Flask side that applies them is ``server/``.
"""
