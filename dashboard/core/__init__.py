"""Core.

Settings, the exchange template's schema, code lists, IoD constants, prepared geography, the
view state and its URL form, dataset keys and metadata, number and text formatting.

The bottom layer: imports nothing else of the atlas.
"""
