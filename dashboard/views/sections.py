"""The page's sections that say what the map is: share and export, about, footer, notices."""

from __future__ import annotations

from dash import dcc, html

from dashboard.data.loading import Dataset
from dashboard.i18n import DEFAULT_LANGUAGE, _, current_language, format_number
from dashboard.views import ids
from dashboard.views.releases import release_section


def share_panel(dataset: Dataset) -> html.Section:
    layers_href = f"/export/layers.geojson?at={dataset.span[1].isoformat()}"
    return html.Section(
        [
            html.H2(_("Share, cite, export")),
            html.Label(_("Link to this view"), htmlFor=ids.SHARE_URL, className="control-title"),
            html.Div(
                [
                    dcc.Input(id=ids.SHARE_URL, type="text", readOnly=True, className="share-url"),
                    dcc.Clipboard(
                        id=ids.COPY_LINK,
                        target_id=ids.SHARE_URL,
                        title=_("Copy link"),
                        className="copy-link",
                    ),
                ],
                className="share-row",
            ),
            html.P(
                [
                    _("Download the events in view, with their sources and a citation line:") + " ",
                    html.A("CSV", id=ids.EXPORT_CSV, href="/export/events.csv", download=""),
                    " · ",
                    html.A(
                        "GeoJSON", id=ids.EXPORT_GEOJSON, href="/export/events.geojson", download=""
                    ),
                    ". " + _("The map's layers in force on the end date:") + " ",
                    html.A("GeoJSON", id=ids.EXPORT_LAYERS, href=layers_href, download=""),
                    "; " + _("every dated feature with its validity:") + " ",
                    html.A("CSV", href="/export/layers.csv", download=""),
                    ". " + _("The map's camera button saves it as an image."),
                ],
                className="export-links",
            ),
        ],
        className="panel share-panel",
    )


def about_panel(dataset: Dataset) -> html.Details:
    return html.Details(
        [
            html.Summary(_("About this map: data, method, caveats")),
            html.P(
                _(
                    "The map shows the Russian peacekeeping contingent's area of deployment "
                    "in Nagorno-Karabakh under the trilateral statement of 10 November 2020, "
                    "the Lachin corridor and the line of contact, with a chronology of {n} "
                    "sourced events up to the withdrawal of 2024."
                ).format(n=format_number(len(dataset.events)))
            ),
            html.P(
                _(
                    "Events were compiled from stored copies of public news and official "
                    "pages; each has a primary source and a confidence level (high: reputable "
                    "outlet or official statement not contradicted on the core fact; medium: "
                    "single or partisan source, or a contested claim; low: unverified). Notes "
                    "record each side's conflicting claims. Names are given as each side uses "
                    "them."
                )
            ),
            html.P(
                _(
                    "Geometry is approximate or schematic and labelled as such: the 2020 line "
                    "of contact and the zone are Natural Earth 1:10m generalisations (the line "
                    "runs about 4 km south of Shusha/Shushi, which was Azerbaijani-held from 8 "
                    "Nov 2020); the corridor roads are straight lines between settlements, not "
                    "road traces; the Hakari bridge point is derived where the bypass meets "
                    "the border."
                )
            ),
            *release_section(dataset),
            *_data_language_note(),
            html.P(
                _("Dataset version {version}.").format(version=dataset.version), className="muted"
            ),
        ],
        id=ids.ABOUT,
        className="about",
    )


def _data_language_note() -> list[html.P]:
    """Outside English, say which texts stay in the data's language."""
    if current_language() == DEFAULT_LANGUAGE:
        return []
    note = _(
        "Event titles, summaries and notes, site notes and layer descriptions are in "
        "English, the language of the record; names are given in every script the "
        "sources use."
    )
    return [html.P(note, className="muted")]


def footer() -> html.Footer:
    return html.Footer(
        [
            html.P(
                [
                    _(
                        "Borders, rivers, lakes, line of contact and zone: Made with Natural "
                        "Earth (public domain). Site coordinates: Wikipedia infoboxes, cited "
                        "per site (CC BY-SA). Corridor waypoints: GeoNames"
                    )
                    + " (",
                    html.A(
                        "www.geonames.org",
                        href="https://www.geonames.org/",
                        target="_blank",
                        rel="noopener noreferrer",
                    ),
                    "), CC BY 4.0. "
                    + _(
                        "Events: sources cited per event. No map tiles: the basemap is "
                        "bundled. No OpenStreetMap data."
                    ),
                ]
            )
        ],
        className="page-footer",
    )


def data_notice() -> html.Div:
    """Shown instead of new panels when the server's data changed after this page was opened."""
    return html.Div(
        [
            html.Strong(_("The data changed since this page was opened.") + " "),
            _("The panels no longer match the map: reload the page to see the new data.") + " ",
            html.Button(_("Reload"), id=ids.RELOAD_PAGE, className="notice-button", n_clicks=0),
        ],
        id=ids.DATA_NOTICE,
        className="url-notice data-notice",
        role="alert",
        hidden=True,
    )
