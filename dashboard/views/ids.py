"""Component ids and clientside function names, used everywhere instead of strings.

``MAP``, ``TIMELINE`` and ``DETAIL`` are public: tests and embedding pages rely on them.
"""

MAP = "map"  # drawn before Dash boots (dashboard/web/boot.py), then moved into MAP_SLOT
MAP_SLOT = "map-slot"  # the map's place in Dash's layout
MAP_PLOT = "map-plot"  # Plotly's graph div inside MAP
MAP_FIGURE = "map-figure"  # the first figure, JSON in the page
MAP_CONFIG = "map-config"  # Plotly's config for it, JSON in the page
MAP_VIEW = "map-view"  # the map's last relayout (zoom, pan), set by assets/client/85-map-events.js
MAP_CAMERA = "map-camera"  # a camera a shared link asks for, applied by the browser
BOOT_PAGE = "boot-page"  # the page's first frame: header and map until Dash renders
TIMELINE = "timeline"
DETAIL = "detail"
DETAIL_HEAD = "detail-head"  # what the selection is (Dash components)
DETAIL_EVENTS = "detail-events"  # its event cards, drawn by the browser from DETAIL_CARDS
DETAIL_CARDS = "detail-cards"  # the cards as data (detail.card_row)
DETAIL_RENDERED = "detail-rendered"  # how many cards the browser drew (callback output)

RANGE_TEXT = "range-text"
EVENT_COUNT = "event-count"
LAYER_TOGGLES = "layer-toggles"
PRECISION_FILTER = "precision-filter"
NAME_CONVENTION = "name-convention"
EVENT_LIST = "event-list"
EVENT_LIST_SUMMARY = "event-list-summary"
EVENT_LIST_ROWS = "event-list-rows"  # the chronology's rows, rendered by the browser
EVENT_LIST_RENDERED = "event-list-rendered"  # how many rows the browser drew (callback output)
SELECTION = "selection"
STORIES = "stories"  # every story as data (views/stories.py client_stories)
STORY = "story"  # the open story and step: {"id", "step"} (step from 1), or "" for none
STORY_MENU = "story-menu"
STORY_CARD = "story-card"  # the step card, drawn by assets/client/75-stories.js
DENSITY = "density"
TIMELINE_MODE = "timeline-mode"
WINDOW_LENGTH = "window-length"
PLAY = "play"
PLAY_INTERVAL = "play-interval"
PLAY_SPEED = "play-speed"
PLAY_LOOP = "play-loop"
STEP_PREV = "step-prev"
STEP_NEXT = "step-next"
KEY_DATE = "key-date"  # pattern-matching type: {"type": KEY_DATE, "index": day offset}
SITUATION = "situation"
FILTER_CATEGORY = "filter-category"
FILTER_ACTOR = "filter-actor"
FILTER_CONFIDENCE = "filter-confidence"
FILTER_TEXT = "filter-text"
SINCE = "since"  # the release a link's ?since= names: events changed after it are marked
FILTER_CLAIMED_BY = "filter-claimed-by"
FILTER_CORROBORATED = "filter-corroborated"
FILTER_REPORTED_WITHIN = "filter-reported-within"
FILTER_STATE = "filter-state"
FILTER_MASK = "filter-mask"
FILTER_SUMMARY = "filter-summary"
FILTER_CLEAR = "filter-clear"
URL = "url"
LINK_QUERY = "link-query"  # the page address's query, when it has one (restore_view's input)
URL_NOTICE = "url-notice"
DATA_VERSION = (
    "data-version"  # the data version the page was built from (server callbacks check it)
)
DATA_NOTICE = "data-notice"  # "the data changed", shown by a callback of a page older than the data
RELOAD_PAGE = "reload-page"  # its button
SHARE_URL = "share-url"
COPY_LINK = "copy-link"
EXPORT_CSV = "export-csv"
EXPORT_GEOJSON = "export-geojson"
EXPORT_LAYERS = "export-layers"  # the layers in force on the end date (GeoJSON)
PAGE = "page"
URL_SYNC = "url-sync"
HIGHLIGHT = "highlight"
SETTLED_RANGE = "settled-range"  # the slider value once it has rested (feeds the server)
CLIENT_DATA = "client-data"
CLEAR_SELECTION = "clear-selection"
ABOUT = "about"

CLIENT_CONTRACT = "client-contract"  # the schema's rules as JSON in the first frame (boot.py)
CLIENT_LOCALE = "client-locale"  # the page language's messages and CLDR formats, JSON (boot.py)
LANGUAGE = "page-language"  # Store: the language the page was built in; callbacks state it
LANGUAGE_SWITCH = "language-switch"

# Clientside functions: assets/client/*.js registers them under this namespace
# (90-register.js); dashboard/web/clientside.py wires them to their components.
CLIENTSIDE_NAMESPACE = "karabakh"
CLIENTSIDE_UPDATE_VIEW = "updateView"
CLIENTSIDE_STEER = "steer"
CLIENTSIDE_TOGGLE_PLAY = "togglePlay"
CLIENTSIDE_PLAY_LABEL = "playLabel"
CLIENTSIDE_LINK_QUERY = "linkQuery"
CLIENTSIDE_SYNC_URL = "syncUrl"
CLIENTSIDE_APPLY_CAMERA = "applyCamera"
CLIENTSIDE_HIGHLIGHT = "highlight"
CLIENTSIDE_SETTLE = "settle"
CLIENTSIDE_RESET_FILTERS = "resetFilters"
CLIENTSIDE_CLEAR_SELECTION = "clearSelection"
CLIENTSIDE_RELOAD_PAGE = "reloadPage"
CLIENTSIDE_RENDER_CARDS = "renderCards"
CLIENTSIDE_RENDER_LIST = "renderList"
CLIENTSIDE_APPLY_STORY = "applyStory"
SLIDER_TOOLTIP_FUNCTION = "karabakh.dayLabel"  # under window.dccFunctions (dcc's lookup)
