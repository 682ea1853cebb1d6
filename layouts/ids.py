"""Every component id of the atlas, in one place (``<section>-<thing>-<kind>``)."""

from enum import StrEnum


class Id(StrEnum):
    """Component ids."""

    URL = "app-url-location"
    STATE = "app-state-store"
    NOTES = "app-url-notes"
    BANNER = "app-illustrative-alert"
    COPY_LINK = "app-copy-link-button"
    LINK_TEXT = "app-link-input"
    LINK_STATUS = "app-link-status"
    LINK_PANEL = "app-link-collapse"
    # The page shell (layouts/page.py): the current page's section is rendered into PAGE_CONTENT.
    PAGE_CONTENT = "app-page-div"
    SECTION_SHOWN = "app-section-store"
    DATASET_SHOWN = "app-dataset-store"
    TITLE = "app-title-store"
    PAGE_CONTROLS = "app-page-controls-store"
    NAV_TOGGLE = "nav-toggle-button"
    NAV_MENU = "nav-menu-collapse"

    CONTROL_BAR = "controls-bar-div"
    FILTERS_BUTTON = "controls-filters-button"
    FILTERS_PANEL = "controls-filters-offcanvas"
    DOMAIN = "controls-domain-dropdown"
    MEASURE = "controls-measure-radio"
    MAP_MODE = "controls-map-mode-radio"
    VALUES = "controls-values-radio"
    LOCALITY_PICKER = "controls-locality-dropdown"
    CLEAR_FILTERS = "controls-clear-filters-button"
    FILTER_TYPES = "filters-types-dropdown"
    FILTER_DETERMINANTS = "filters-determinants-dropdown"
    FILTER_POPULATIONS = "filters-populations-dropdown"
    FILTER_PROVIDER = "filters-provider-dropdown"
    FILTER_DELIVERY = "filters-delivery-dropdown"
    FILTER_EVALUATION = "filters-evaluation-dropdown"
    FILTER_CODING = "filters-coding-dropdown"

    NATIONAL_PAGE = "national-page-section"
    MAP = "national-deprivation-graph"
    MAP_SUMMARY = "national-deprivation-summary"
    MAP_MODE_SHOWN = "national-map-mode-store"
    PROVISION_SHOWN = "national-provision-key-store"
    HEATMAP = "national-determinant-type-graph"
    HEATMAP_SUMMARY = "national-determinant-type-summary"
    POP_HEATMAP = "national-population-determinant-graph"
    POP_HEATMAP_SUMMARY = "national-population-determinant-summary"
    LOC_HEATMAP = "national-locality-determinant-graph"
    LOC_HEATMAP_SUMMARY = "national-locality-determinant-summary"
    INTERSECTION = "national-intersection-graph"
    INTERSECTION_SUMMARY = "national-intersection-summary"

    LOCALITY_PAGE = "locality-page-section"
    LOCALITY_BACK = "locality-back-link"
    LOCALITY_TITLE = "locality-title-heading"
    LOCALITY_EMPTY = "locality-empty-alert"
    LOCALITY_CARDS = "locality-cards-row"
    LOCALITY_MAP = "locality-lsoa-graph"
    LOCALITY_MAP_SUMMARY = "locality-lsoa-summary"
    LOCALITY_MAP_SHOWN = "locality-map-shown-store"
    LOCALITY_PROVISION = "locality-provision-row"
    LOCALITY_HEATMAP_COLUMN = "locality-determinant-type-column"
    LOCALITY_HEATMAP = "locality-determinant-type-graph"
    LOCALITY_HEATMAP_SUMMARY = "locality-determinant-type-summary"
    LOCALITY_POP_HEATMAP = "locality-population-determinant-graph"
    LOCALITY_POP_HEATMAP_SUMMARY = "locality-population-determinant-summary"
    LOCALITY_LOC_HEATMAP = "locality-locality-determinant-graph"
    LOCALITY_LOC_HEATMAP_SUMMARY = "locality-locality-determinant-summary"
    LOCALITY_TABLE = "locality-interventions-grid"
    LOCALITY_DETAIL = "locality-intervention-detail"
    LOCALITY_KEY = "locality-rest-key-store"
    LOCALITY_LIST = "locality-interventions-list"
    LOCALITY_LIST_MORE = "locality-interventions-more-button"

    NAV_ATLAS = "nav-atlas-link"
    NAV_GAPS = "nav-gaps-link"
    NAV_COMPARE = "nav-compare-link"
    NAV_METHODS = "nav-methods-link"

    GAPS_PAGE = "gaps-page-section"
    GAP_NEED = "gaps-need-input"
    GAP_RATE = "gaps-rate-input"
    GAP_SHARE = "gaps-share-input"
    GAP_METHOD = "gaps-method-text"
    GAP_HEATMAP = "gaps-class-graph"
    GAP_HEATMAP_SUMMARY = "gaps-class-summary"
    GAP_UNINDICATED = "gaps-unindicated-table"
    GAP_PRIORITIES = "gaps-priorities-list"
    GAP_PARITY = "gaps-parity-graph"
    GAP_PARITY_SUMMARY = "gaps-parity-summary"
    GAP_EVALUATION = "gaps-evaluation-panel"

    LOCALITY_QUADRANT = "locality-quadrant-graph"
    LOCALITY_QUADRANT_SUMMARY = "locality-quadrant-summary"
    LOCALITY_PRIORITIES = "locality-priorities-list"
    LOCALITY_EVALUATION = "locality-evaluation-panel"

    COMPARE_PAGE = "compare-page-section"
    COMPARE_PICKER = "compare-localities-dropdown"
    COMPARE_CONTENT = "compare-content-div"

    METHODS_PAGE = "methods-page-section"

    DATASET_PANEL = "dataset-summary-card"
    DATASET_FACTS = "dataset-facts-list"

    EXPORT_PANEL = "export-panel-section"
    EXPORT_PART = "export-part-dropdown"
    EXPORT_PRESET = "export-preset-radio"
    EXPORT_PNG = "export-png-button"
    EXPORT_SVG = "export-svg-button"
    EXPORT_PDF = "export-pdf-button"
    EXPORT_CSV = "export-csv-button"
    EXPORT_XLSX = "export-xlsx-button"
    EXPORT_PROFILE = "export-profile-button"
    EXPORT_DOWNLOAD = "export-file-download"
    EXPORT_STATUS = "export-status-text"
    EXPORT_PROGRESS = "export-progress-text"
    EXPORT_ALT = "export-alt-textarea"
    EXPORT_CREDIT = "export-credit-input"

    # Presenter mode and its playlist (layouts/presenter.py).
    PAGE_ROOT = "app-root-div"
    NAV_PRESENT = "nav-present-link"
    PRESENT_TOTAL = "present-total-text"
    PLAYLIST = "present-playlist-store"
    PLAYLIST_ADD = "present-add-button"
    PLAYLIST_ADD_STATUS = "present-add-status"
    PRESENT_PAGE = "present-page-section"
    PRESENT_STAGE = "present-stage-div"
    PRESENT_FIRST = "present-first-button"
    PRESENT_PREVIOUS = "present-previous-button"
    PRESENT_NEXT = "present-next-button"
    PRESENT_LAST = "present-last-button"
    PRESENT_COUNTER = "present-counter-text"
    PRESENT_FULLSCREEN = "present-fullscreen-button"
    PRESENT_EDIT = "present-edit-button"
    PRESENT_EXIT = "present-exit-link"
    PRESENT_HEADING = "present-slide-heading"
    PRESENT_GRAPH = "present-slide-graph"
    PRESENT_NOTES = "present-notes-div"
    PRESENT_SUMMARY = "present-slide-summary"
    PRESENT_OUTLINE = "present-outline-list"
    PRESENT_BADGE = "present-badge-slot"
    PRESENT_ILLUSTRATIVE = "present-illustrative-slot"
    PRESENT_UPDATED = "present-updated-text"
    PRESENT_POLL = "present-poll-interval"
    PRESENT_LIVE = "present-live-store"
    PRESENT_JOIN = "present-join-div"
    PRESENT_JOIN_URL = "present-join-url-text"
    PRESENT_JOIN_QR = "present-join-img"
    BUILDER = "present-builder-div"
    BUILDER_EMPTY = "present-builder-empty"
    BUILDER_LIST = "present-slides-radio"
    BUILDER_UP = "present-up-button"
    BUILDER_DOWN = "present-down-button"
    BUILDER_REMOVE = "present-remove-button"
    BUILDER_EXAMPLE = "present-example-button"
    BUILDER_PART = "present-part-select"
    BUILDER_REVEAL = "present-reveal-checkbox"
    BUILDER_START = "present-start-link"
    BUILDER_COPY = "present-copy-button"
    BUILDER_STATUS = "present-copy-status"
    BUILDER_LINK = "present-link-input"
    BUILDER_SHOWN = "present-builder-shown-store"
    BUILDER_REFRESH = "present-builder-refresh-store"

    # Dataset switcher, live updates and the dataset named in the header (layouts/page.py).
    DATASET_PICKER = "controls-dataset-dropdown"
    DATASET_LABEL = "app-dataset-label-text"
    BANNER_SLOT = "app-banner-div"
    FOOTER_DATASET = "app-footer-dataset-text"
    LIVE_INTERVAL = "app-live-interval"

    # Your data: upload, report, preview, use, save (layouts/data.py).
    NAV_DATA = "nav-data-link"
    NAV_WORKSHOP = "nav-workshop-link"
    DATA_PAGE = "data-page-section"
    DATA_UPLOAD = "data-file-upload"
    DATA_FILE = "data-file-store"
    DATA_LIMIT = "data-limit-store"
    DATA_STATUS = "data-status-text"
    DATA_SUMMARY = "data-summary-text"
    DATA_REPORT = "data-report-store"
    DATA_ISSUES = "data-issues-grid"
    DATA_GROUP_HEADING = "data-group-heading-text"
    DATA_GROUP_ROWS = "data-group-rows-grid"
    DATA_REPORT_BUTTON = "data-report-button"
    DATA_REPORT_DOWNLOAD = "data-report-download"
    DATA_PREVIEW = "data-preview-grid"
    DATA_USE = "data-use-button"
    DATA_SAVE_NAME = "data-save-name-input"
    DATA_SAVE_NOTE = "data-save-note-input"
    DATA_SAVE = "data-save-button"
    DATA_ACTION_STATUS = "data-action-status"
    DATA_RESULT = "data-result-div"

    # Editor sign-in (layouts/data.py).
    EDITOR_PANEL = "editor-panel-section"
    EDITOR_STATUS = "editor-status-text"
    EDITOR_NAME = "editor-name-input"
    EDITOR_SECRET = "editor-secret-input"
    EDITOR_LOGIN = "editor-login-button"
    EDITOR_LOGOUT = "editor-logout-button"
    EDITOR_MESSAGE = "editor-message-text"
    EDITOR_STATE = "editor-state-store"

    # Workshop: the facilitator's page (layouts/workshop.py).
    WORKSHOP_PAGE = "workshop-page-section"
    WORKSHOP_TARGET = "workshop-target-text"
    WORKSHOP_JOIN = "workshop-join-card"
    WORKSHOP_JOIN_TEXT = "workshop-join-text"
    WORKSHOP_JOIN_LINK = "workshop-join-link"
    WORKSHOP_JOIN_QR = "workshop-join-img"
    WORKSHOP_COPY_NAME = "workshop-copy-name-input"
    WORKSHOP_COPY = "workshop-copy-button"
    WORKSHOP_QUEUE_NOTE = "workshop-queue-note-text"
    WORKSHOP_QUEUE = "workshop-queue-grid"
    WORKSHOP_EDITS = "workshop-edits-store"
    WORKSHOP_EDIT_TARGET = "workshop-edit-target-store"
    WORKSHOP_EDIT_HEADING = "workshop-edit-heading-text"
    WORKSHOP_EDIT_FORM = "workshop-edit-form-div"
    WORKSHOP_EDIT_NAME = "workshop-edit-name-input"
    WORKSHOP_EDIT_PROVIDER = "workshop-edit-provider-input"
    WORKSHOP_EDIT_LOCALITY = "workshop-edit-locality-dropdown"
    WORKSHOP_EDIT_TYPES = "workshop-edit-types-dropdown"
    WORKSHOP_EDIT_DETERMINANTS = "workshop-edit-determinants-dropdown"
    WORKSHOP_EDIT_POPULATIONS = "workshop-edit-populations-dropdown"
    WORKSHOP_EDIT_NOTE = "workshop-edit-note-textarea"
    WORKSHOP_EDIT_KEEP = "workshop-edit-keep-button"
    WORKSHOP_EDIT_UNDO = "workshop-edit-undo-button"
    WORKSHOP_APPROVE = "workshop-approve-button"
    WORKSHOP_REJECT = "workshop-reject-button"
    WORKSHOP_REASON = "workshop-reason-input"
    WORKSHOP_QUEUE_STATUS = "workshop-queue-status"
    WORKSHOP_AUDIT = "workshop-audit-grid"

    # Context (issue 16): areas and drill (layouts/areas.py), a locality's context
    # (layouts/locality_context.py), search (layouts/search.py), citation and downloads
    # (layouts/citation.py).
    AREA_PANEL = "areas-panel-section"
    AREA_LEVEL = "areas-level-radio"
    AREA_FOCUS = "areas-focus-div"
    CONTEXT_SECTION = "context-locality-section"
    CONTEXT_KEY = "context-key-store"
    HISTORY_ASKED = "context-history-asked-store"
    HISTORY_PICKED = "context-history-picked-store"
    SIMILAR_KIND = "context-similar-radio"
    SIMILAR_PANEL = "context-similar-div"
    CHANGE_PANEL = "context-change-div"
    HEALTH_PANEL = "context-health-div"
    HISTORY_PANEL = "context-history-div"
    HISTORY_FROM = "context-history-from-dropdown"
    HISTORY_TO = "context-history-to-dropdown"
    HISTORY_CHOICE = "context-history-choice-div"
    SEARCH = "search-box-dropdown"
    CITE_TEXT = "cite-text-textarea"
    CITE_COPY = "cite-copy-button"
    CITE_STATUS = "cite-copy-status"
    CITE_EXPORT_TEXT = "cite-export-textarea"
    DOWNLOAD_CSV = "data-download-csv-link"
    DOWNLOAD_XLSX = "data-download-xlsx-link"
    DOWNLOAD_HSDS = "data-download-hsds-link"
    FOOTER_API = "footer-api-link"
    # Coding workbench (layouts/code.py).
    NAV_CODE = "nav-code-link"
    CODE_PAGE = "code-page-section"
    CODE_UPLOAD = "code-file-upload"
    CODE_FILE = "code-file-store"
    CODE_LIMIT = "code-limit-store"
    CODE_FORMAT = "code-format-dropdown"
    CODE_MAPPING = "code-mapping-textarea"
    CODE_CONTEXT = "code-context-input"
    CODE_IMPORT = "code-import-button"
    CODE_REVIEW = "code-review-button"
    CODE_STATUS = "code-status-text"
    CODE_STATE = "code-state-store"
    CODE_WORKBENCH = "code-workbench-div"
    CODE_TITLE = "code-title-heading"
    CODE_PROGRESS = "code-progress-bar"
    CODE_PROGRESS_TEXT = "code-progress-text"
    CODE_COUNTS = "code-counts-text"
    CODE_REPORT = "code-report-div"
    CODE_THRESHOLD = "code-threshold-dropdown"
    CODE_ACCEPT_ABOVE = "code-accept-above-button"
    CODE_LIST = "code-list-div"
    CODE_PAGE_TEXT = "code-page-text"
    CODE_PAGE_PREVIOUS = "code-page-previous-button"
    CODE_PAGE_NEXT = "code-page-next-button"
    CODE_EDITOR = "code-editor-div"
    CODE_PREVIOUS = "code-previous-button"
    CODE_NEXT = "code-next-button"
    CODE_ACCEPT = "code-accept-button"
    CODE_EDIT = "code-edit-button"
    CODE_SAVE_ROW = "code-save-row-button"
    CODE_PICK_TYPES = "code-pick-types-dropdown"
    CODE_PICK_DETERMINANTS = "code-pick-determinants-dropdown"
    CODE_PICK_POPULATIONS = "code-pick-populations-dropdown"
    CODE_PICK_DELIVERY = "code-pick-delivery-dropdown"
    CODE_PICK_PROVIDER = "code-pick-provider-dropdown"
    CODE_ROW_STATUS = "code-row-status"
    CODE_CHECK = "code-check-button"
    CODE_CHECK_RESULT = "code-check-result-div"
    CODE_DOWNLOAD_BUTTON = "code-download-button"
    CODE_DOWNLOAD = "code-file-download"
    CODE_SAVE_NAME = "code-save-name-input"
    CODE_SAVE_NOTE = "code-save-note-input"
    CODE_SAVE = "code-save-button"
    CODE_SAVE_STATUS = "code-save-status"


class JoinId(StrEnum):
    """Component ids of the participant page, ``/join`` (its own small app: layouts/join.py)."""

    URL = "join-url-location"
    DATASET = "join-dataset-store"
    CLIENT_ID = "join-client-id-store"
    KEPT = "join-kept-store"
    PLACE = "join-place-store"
    POLL = "join-poll-interval"
    FOCUS = "join-focus-store"
    LINE = "join-line-text"
    FORM = "join-form-div"
    BY = "join-by-input"
    NAME = "join-name-input"
    PROVIDER = "join-provider-input"
    LOCALITY = "join-locality-dropdown"
    TYPES = "join-types-dropdown"
    DETERMINANTS = "join-determinants-dropdown"
    POPULATIONS = "join-populations-dropdown"
    NOTE = "join-note-textarea"
    FEEDBACK = "join-feedback-div"
    SEND = "join-send-button"
    DONE = "join-done-div"
    DONE_TEXT = "join-done-text"
    KEEP_PLACE = "join-keep-place-button"
    FRESH = "join-fresh-button"
    MINE_SECTION = "join-mine-section"
    MINE = "join-mine-list"


# Groups of the control bar and the filters panel a page may show (``callbacks.pages.Page``).
CONTROL_GROUPS: dict[str, str] = {
    "place": "controls-place-div", "domain": "controls-domain-div",
    "measure": "controls-measure-div", "map_mode": "controls-map-mode-div",
    "filters": "controls-filters-div", "dataset": "controls-dataset-div",
}


def graph_slot(graph_id: str) -> dict[str, str]:
    """Id of the placeholder a chart's callback fills with the chart (``components.graph_card``)."""
    return {"type": "graph-slot", "graph": str(graph_id)}


def editor_only(name: str) -> dict[str, str]:
    """Id of a fieldset whose controls only a signed-in editor may use (pattern-matched)."""
    return {"type": "editor-only", "name": name}


# Export format -> its button.
EXPORT_BUTTONS: dict[str, Id] = {
    "png": Id.EXPORT_PNG,
    "svg": Id.EXPORT_SVG,
    "pdf": Id.EXPORT_PDF,
    "csv": Id.EXPORT_CSV,
    "xlsx": Id.EXPORT_XLSX,
    "profile": Id.EXPORT_PROFILE,
}


# Filter URL parameter -> its dropdown.
FILTER_IDS: dict[str, Id] = {
    "types": Id.FILTER_TYPES,
    "determinants": Id.FILTER_DETERMINANTS,
    "populations": Id.FILTER_POPULATIONS,
    "provider": Id.FILTER_PROVIDER,
    "delivery": Id.FILTER_DELIVERY,
    "evaluation": Id.FILTER_EVALUATION,
    "coding": Id.FILTER_CODING,
}


# Control name (``dashboard.core.view_state.CONTROLS``) -> its component; each shows "value".
CONTROL_IDS: dict[str, Id] = {
    "domain": Id.DOMAIN, "measure": Id.MEASURE, "map_mode": Id.MAP_MODE, "values": Id.VALUES,
    "locality": Id.LOCALITY_PICKER, **FILTER_IDS, "need": Id.GAP_NEED, "rate": Id.GAP_RATE,
    "share": Id.GAP_SHARE, "compare": Id.COMPARE_PICKER,
    "areas": Id.AREA_LEVEL, "similar": Id.SIMILAR_KIND,
}


# Coding workbench: a code field -> its picker, and the pattern-matching ids of its lists.
CODE_PICKERS: dict[str, Id] = {
    "types": Id.CODE_PICK_TYPES, "determinants": Id.CODE_PICK_DETERMINANTS,
    "populations": Id.CODE_PICK_POPULATIONS, "delivery_mode": Id.CODE_PICK_DELIVERY,
    "provider_type": Id.CODE_PICK_PROVIDER,
}
CODE_ROW_TYPE = "code-row-button"
CODE_FILTER_TYPE = "code-filter-button"
PATTERN_TYPES = (CODE_ROW_TYPE, CODE_FILTER_TYPE)  # "type" of every pattern-matching id


def code_row(position: int) -> dict[str, object]:
    """Id of the button that selects one service of the workbench's list."""
    return {"type": CODE_ROW_TYPE, "index": position}


def code_filter(name: str) -> dict[str, object]:
    """Id of the button that shows one filter of the workbench's list."""
    return {"type": CODE_FILTER_TYPE, "index": name}
