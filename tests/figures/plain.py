"""The figure JSON as plain Python, so tests compare it with literal dicts and lists.

``to_plotly_json()`` keeps numpy arrays (and NaN, which never equals itself); here arrays
become lists, numpy scalars Python ones and NaN becomes None (JSON's null, as plotly sends
it to the browser).
"""

import math

import numpy as np


def plain(value):
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        return plain(value.item())
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def trace_json(figure, index=0):
    return plain(figure.data[index].to_plotly_json())


def layout_json(figure):
    """The layout without its template (the template is tested once, in test_theme)."""
    layout = figure.layout.to_plotly_json()
    layout.pop("template", None)
    return plain(layout)
