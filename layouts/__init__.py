"""Layouts.

Component trees only (no callbacks, no pandas work), built from values the domain computed;
``ids.py`` holds every component id.

May import ``dashboard``.
"""
