"""Component ids and clientside function names, used everywhere instead of strings.

``MAP``, ``TIMELINE`` and ``DETAIL`` are public: tests and embedding pages rely on them.
"""

MAP = "map"
TIMELINE = "timeline"
DETAIL = "detail"

RANGE_TEXT = "range-text"
EVENT_COUNT = "event-count"
LAYER_TOGGLES = "layer-toggles"
PRECISION_FILTER = "precision-filter"
NAME_CONVENTION = "name-convention"
EVENT_LIST = "event-list"
EVENT_LIST_SUMMARY = "event-list-summary"
EVENT_ITEM = "event-item"  # pattern-matching type: {"type": EVENT_ITEM, "index": event id}
SELECTION = "selection"
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
CLIENT_DATA = "client-data"
CLEAR_SELECTION = "clear-selection"
ABOUT = "about"

CLIENTSIDE_NAMESPACE = "karabakh"
CLIENTSIDE_UPDATE_VIEW = "updateView"
CLIENTSIDE_SELECT_FROM_MAP = "selectFromMap"
CLIENTSIDE_STEER = "steer"
CLIENTSIDE_TOGGLE_PLAY = "togglePlay"
SLIDER_TOOLTIP_FUNCTION = "karabakhDayLabel"
