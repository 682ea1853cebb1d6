"""Community mental-health provision atlas: the domain (no Dash imports)."""

__version__ = "0.1.0"
