"""Every component id of the atlas, in one place (``<section>-<thing>-<kind>``)."""

from enum import StrEnum


class Id(StrEnum):
    """Component ids."""

    URL = "app-url-location"
    BANNER = "app-illustrative-alert"
    DOMAIN = "national-domain-dropdown"
    MAP = "national-deprivation-graph"
    MAP_SUMMARY = "national-deprivation-summary"
    HEATMAP = "national-determinant-type-graph"
    HEATMAP_SUMMARY = "national-determinant-type-summary"
    DATASET_PANEL = "dataset-summary-card"
