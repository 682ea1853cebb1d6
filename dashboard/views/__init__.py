"""Views.

One view model per page (atlas, locality, gaps, compare, presenter, workshop), the figures of
each view by name (``parts``), playlists, the dataset switcher and the page's values.

Functions take the read-only context and a view state and return plain data, ``Chart`` objects
(figure, caption, summary) and sentences. May import everything below ``dashboard.context``.
"""
