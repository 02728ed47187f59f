"""What the record says about a place itself: its names in each script, who held it when."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboard.data import schema
from dashboard.data.dates import day_text, parse_day
from dashboard.i18n import N_, _
from dashboard.views.cards import safe_link

NAME_TAGS = {
    "hy": N_("Armenian"),
    "hy-lat": N_("Armenian (Latin)"),
    "az": N_("Azerbaijani"),
    "az-lat": N_("Azerbaijani (English spelling)"),
    "ru": N_("Russian"),
    "ru-lat": N_("Russian (Latin)"),
    "en": N_("English"),
    "hist": N_("Historical"),
    "alt": N_("Other spelling"),
}
# The language of a name of each tag, for screen readers (BCP 47; "und": not stated).
NAME_LANGS = {"hy": "hy", "hy-lat": "hy-Latn", "az": "az", "az-lat": "az-Latn", "ru": "ru"}
NAME_LANGS.update({"ru-lat": "ru-Latn", "en": "en"})


def label_text(text: str) -> str:
    """A label before its value (``English: ``), in the current language."""
    return _("{label}: ").format(label=text)


def names_section(site: pd.Series) -> html.Div:
    english = html.Span(site["name_en"], lang="en")
    rows = [html.Li([html.Span(label_text(_("English")), className="label"), english])]
    for name in site["names"]:
        tag = _(NAME_TAGS[name["tag"]]) if name["tag"] in NAME_TAGS else name["tag"]
        name_text = html.Span(name["name"], lang=NAME_LANGS.get(name["tag"], "und"))
        rows.append(html.Li([html.Span(label_text(tag), className="label"), name_text]))
    return html.Div([html.H4(_("Names")), html.Ul(rows, className="names")])


def held_by_items(site: pd.Series) -> list:
    """Who held the place when (its ``held_by`` periods, each with its source) and the
    caveat when the point is drawn on the other side of a line."""
    items = []
    for period in site.get("held_by") or []:
        start, end = period.get("from"), period.get("to")
        holder = _(schema.HOLDERS[period["side"]])
        if start and end:
            words = _("{holder} from {start} until {end}").format(
                holder=holder, start=day_text(parse_day(start)), end=day_text(parse_day(end))
            )
        elif start:
            words = _("{holder} from {start}").format(
                holder=holder, start=day_text(parse_day(start))
            )
        elif end:
            words = _("{holder} until {end}").format(holder=holder, end=day_text(parse_day(end)))
        else:
            words = _("{holder} throughout the mission").format(holder=holder)
        source = period.get("source_name") or period["source_url"]
        link = html.Span(safe_link(period["source_url"], source), lang="en")
        items.append(html.Li([words, " — ", link]))
    out = [
        html.Div([html.Span(_("Held by"), className="label"), html.Ul(items)], className="held-by")
    ]
    if not items:
        out = []
    if site.get("caveat"):
        caveat = html.Span(site["caveat"], lang="en")
        out.append(html.P([label_text(_("Caveat")), caveat], className="site-caveat"))
    return out
