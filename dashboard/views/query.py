"""Deep links: the view as URL query parameters, parsed leniently.

Bad values are dropped with a notice naming the parameter, never an error. The
same parser serves the page (restoring a shared view) and the export endpoints,
so an export link always means exactly the view it was made from. The browser
writes the parameters back as the user works (``syncUrl`` in assets/client/60-url.js,
same names).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qs

from dashboard.data import schema
from dashboard.data.dates import DateFormatError, parse_day
from dashboard.data.filters import PRECISION_KINDS, EventFilter, parse_lag
from dashboard.data.loading import Dataset
from dashboard.i18n import LANGUAGES, N_, _
from dashboard.views.figures import TOGGLE_IDS
from dashboard.views.names import NAME_CONVENTIONS
from dashboard.views.sites_trace import cluster_sites
from dashboard.views.timeline import COMPARE, MODES, WINDOW_LENGTHS

NAMES = schema.LINK_PARAMS
"""What each parameter holds -> its name in the address: the schema's, which the browser
writes through the client contract (one source for both sides)."""
PARAMS: frozenset[str] = frozenset((*NAMES.values(), *schema.SELECTION_KINDS))
"""Every parameter a link may carry (a selection is written as ``kind=key``)."""
MAX_QUERY = 4000
NO_SUCH = {  # the notice for a selection of a key the data does not have
    "site": N_("'{param}' ignored: no such site."),
    "layer": N_("'{param}' ignored: no such layer."),
    "event": N_("'{param}' ignored: no such event."),
    "cluster": N_("'{param}' ignored: no such cluster of places."),
}


@dataclass
class ViewState:
    """A view restored from a link; None = not given (keep the default)."""

    start: date | None = None
    end: date | None = None
    mode: str | None = None
    window: int | None = None
    selection: str | None = None
    event_filter: EventFilter = field(default_factory=EventFilter)
    filter_given: bool = False
    precision: list[str] | None = None
    names: str | None = None
    layers: list[str] | None = None
    view: tuple[float, float, float] | None = None
    embed: bool = False
    since: str | None = None
    story: dict | None = None  # {"id": ..., "step": N}, N from 1
    language: str | None = None  # the page's language is chosen per request (web/languages.py)
    notices: list[str] = field(default_factory=list)


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[-1] if values else None


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _known(state: ViewState, name: str, raw: str, allowed) -> list[str]:
    """The comma-separated values of ``raw`` that are in ``allowed``, noting the others."""
    values = _list(raw)
    good = [v for v in values if v in allowed]
    for bad in sorted(set(values) - set(good)):
        state.notices.append(
            _("'{name}' value '{value}' ignored: unknown.").format(name=name, value=bad[:40])
        )
    return good


def _choice(state: ViewState, params: dict[str, list[str]], key: str, allowed) -> str | None:
    """The parameter's value if it is one of ``allowed``; else None, with a notice."""
    value = _one(params, NAMES[key])
    if value is None or value in allowed:
        return value
    state.notices.append(
        _("'{param}' ignored: use {allowed}.").format(
            param=f"{NAMES[key]}={value[:40]}", allowed=", ".join(allowed)
        )
    )
    return None


class ClusterKeys:
    """``key in ClusterKeys(dataset)``: the key names a cluster holding some place."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and bool(cluster_sites(self.dataset, key))


def parse_query(query: str | None, dataset: Dataset) -> ViewState:
    """Read a query string (with or without ``?``) into a view, noting each bad value."""
    state = ViewState()
    if not isinstance(query, str) or not query.strip("?"):
        return state
    if len(query) > MAX_QUERY:
        state.notices.append(
            _("The link's parameters are too long (over {limit} characters).").format(
                limit=MAX_QUERY
            )
        )
        return state
    try:
        params = parse_qs(query.lstrip("?"), keep_blank_values=True, max_num_fields=50)
    except ValueError:
        state.notices.append(_("The link's parameters could not be read."))
        return state
    for name in params:
        if name not in PARAMS:
            state.notices.append(_("Unknown parameter '{name}' ignored.").format(name=name))
    first, last = dataset.span
    for name in (NAMES["start"], NAMES["end"]):
        raw = _one(params, name)
        if raw is None:
            continue
        try:
            day = parse_day(raw.strip())
        except DateFormatError:
            state.notices.append(
                _("'{param}' ignored: not a date (YYYY-MM-DD).").format(param=f"{name}={raw[:40]}")
            )
            continue
        if not first <= day <= last:
            clamped = min(max(day, first), last)
            state.notices.append(
                _("'{param}' is outside the data ({first} to {last}); using {day}.").format(
                    param=f"{name}={raw}", first=first, last=last, day=clamped
                )
            )
            day = clamped
        setattr(state, "start" if name == NAMES["start"] else "end", day)
    if state.start and state.end and state.start > state.end:
        state.notices.append(
            _("'{start}' was after '{end}': the two were swapped.").format(
                start=NAMES["start"], end=NAMES["end"]
            )
        )
        state.start, state.end = state.end, state.start
    compare = _one(params, NAMES["compare"])
    if compare is not None:
        _parse_compare(compare, state, (first, last))
    mode = _one(params, NAMES["mode"])
    if mode is not None and state.mode is None:
        if mode in MODES:
            state.mode = mode
        else:
            state.notices.append(
                _("'{param}' ignored: use {allowed}.").format(
                    param=f"{NAMES['mode']}={mode[:40]}", allowed=", ".join(MODES)
                )
            )
    window = _one(params, NAMES["window"])
    if window is not None:
        if window.isdigit() and int(window) in WINDOW_LENGTHS:
            state.window = int(window)
        else:
            allowed = ", ".join(str(w) for w in WINDOW_LENGTHS)
            state.notices.append(
                _("'{param}' ignored: use {allowed} days.").format(
                    param=f"{NAMES['window']}={window[:40]}", allowed=allowed
                )
            )
    known_keys = {
        "site": dataset.sites.index,
        "layer": [fid for layer in dataset.layers.values() for fid in layer.index],
        "event": dataset.events.index,
        "cluster": ClusterKeys(dataset),
    }
    for kind in schema.SELECTION_KINDS:
        raw = _one(params, kind)
        if raw is None:
            continue
        if raw in known_keys[kind]:
            state.selection = f"{kind}:{raw}"
        else:
            state.notices.append(_(NO_SUCH[kind]).format(param=f"{kind}={raw[:40]}"))
    actors = {a for actor_list in dataset.events["actors"] for a in actor_list}
    filters = {}
    for field_name, allowed in (
        ("categories", set(schema.CATEGORIES)),
        ("actors", actors),
        ("confidence", set(schema.CONFIDENCE_LEVELS)),
    ):
        raw = _one(params, NAMES[field_name])
        if raw is not None:
            filters[field_name] = tuple(_known(state, NAMES[field_name], raw, allowed))
    by = _one(params, NAMES["claimed_by"])
    if by is not None:
        filters["claimed_by"] = tuple(_known(state, NAMES["claimed_by"], by, schema.CLAIMANTS))
    corroborated = _one(params, NAMES["corroborated"])
    if corroborated is not None:
        if corroborated in ("1", "0"):
            filters["corroborated"] = corroborated == "1"
        else:
            state.notices.append(
                _("'{param}' ignored: use 1.").format(
                    param=f"{NAMES['corroborated']}={corroborated[:40]}"
                )
            )
    lag = _one(params, NAMES["reported_within"])
    if lag is not None:
        if parse_lag(lag) is not None:
            filters["reported_within"] = parse_lag(lag)
        else:
            allowed = ", ".join(str(d) for d in schema.REPORTED_WITHIN_DAYS)
            state.notices.append(
                _("'{param}' ignored: use {allowed} days.").format(
                    param=f"{NAMES['reported_within']}={lag[:40]}", allowed=allowed
                )
            )
    text = _one(params, NAMES["text"])
    if filters or text is not None:
        state.filter_given = True
        state.event_filter = EventFilter(**filters, text=(text or "")[:200])
    prec = _one(params, NAMES["precision"])
    if prec is not None:
        state.precision = _known(state, NAMES["precision"], prec, PRECISION_KINDS)
    state.names = _choice(state, params, "names", NAME_CONVENTIONS)
    layers = _one(params, NAMES["layers"])
    if layers is not None:
        state.layers = _known(state, NAMES["layers"], layers, TOGGLE_IDS)
    view = _one(params, NAMES["view"])
    if view is not None:
        try:
            lon, lat, scale = (float(v) for v in view.split(","))
            bx0, by0, bx1, by1 = schema.REGION_BBOX
            near = bx0 - 5 <= lon <= bx1 + 5 and by0 - 5 <= lat <= by1 + 5
            if not near or not 0.1 <= scale <= 100:
                raise ValueError
            state.view = (lon, lat, scale)
        except ValueError:
            state.notices.append(
                _("'{param}' ignored: use lon,lat,scale near the region.").format(
                    param=f"{NAMES['view']}={view[:40]}"
                )
            )
    state.embed = _one(params, NAMES["embed"]) in ("1", "true", "yes")
    state.language = _choice(state, params, "language", LANGUAGES)
    since = _one(params, NAMES["since"])
    if since is not None:
        if since in dataset.releases.by_name:
            state.since = since
        else:
            known = ", ".join(r.name for r in dataset.releases.items) or _("none")
            state.notices.append(
                _("'{param}' ignored: releases are {known}.").format(
                    param=f"{NAMES['since']}={since[:40]}", known=known
                )
            )
    _parse_story(params, dataset, state)
    return state


def _parse_compare(raw: str, state: ViewState, span: tuple[date, date]) -> None:
    """``compare=A,B``: Compare mode from A to B (clamped to the data, swapped if reversed)."""
    name = NAMES["compare"]
    try:
        a, b = (parse_day(part.strip()) for part in raw.split(","))
    except (DateFormatError, ValueError):
        state.notices.append(
            _("'{param}' ignored: use two dates, YYYY-MM-DD,YYYY-MM-DD.").format(
                param=f"{name}={raw[:40]}"
            )
        )
        return
    a, b = (min(max(day, span[0]), span[1]) for day in sorted((a, b)))
    state.start, state.end, state.mode = a, b, COMPARE


def _parse_story(params: dict[str, list[str]], dataset: Dataset, state: ViewState) -> None:
    """``story=ID&step=N`` (steps count from 1; a step past the end opens the last)."""
    story_id, step = _one(params, NAMES["story"]), _one(params, NAMES["step"])
    if story_id is None:
        if step is not None:
            state.notices.append(
                _("'{step}' ignored: no '{story}' given.").format(
                    step=NAMES["step"], story=NAMES["story"]
                )
            )
        return
    story = dataset.stories.items.get(story_id)
    if story is None:
        known = ", ".join(dataset.stories.items) or _("none")
        state.notices.append(
            _("'{param}' ignored: stories are {known}.").format(
                param=f"{NAMES['story']}={story_id[:40]}", known=known
            )
        )
        return
    count = len(story["steps"])
    number = 1
    if step is not None:
        if step.isdigit() and int(step) >= 1:
            number = min(int(step), count)
        else:
            state.notices.append(
                _("'{param}' ignored: use 1 to {count}.").format(
                    param=f"{NAMES['step']}={step[:40]}", count=count
                )
            )
    state.story = {"id": story_id, "step": number}
