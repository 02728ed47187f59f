"""Build the project's geodata/ from the research folder (run by hand, not at run time).

Usage::

    python tools/build_geodata.py ../shared geodata [--force]

Reads ``research/chronology.csv``, ``research/places.csv`` and the layers in
``geodata-sources/`` and writes one RFC 7946 GeoJSON file per layer into the
output folder. Every derived value (the Hakari bridge point, the validity
dates of each layer) is stated here with its method and source, so the output
can be rebuilt and audited. The dashboard itself never reads the research folder.

Since then, events and sites have been added to geodata/ itself (events through
``karabakh-map import``): a rebuild that would drop any of them stops with their ids and
writes nothing, unless ``--force``.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

from shapely.geometry import Point, mapping, shape
from shapely.ops import unary_union

from dashboard.data import csv_format

NE_CREDIT = "Natural Earth (public domain)"
GEONAMES_CREDIT = "GeoNames (www.geonames.org), CC BY 4.0"
ROUTE_CREDIT = (
    "Waypoints: GeoNames (www.geonames.org), CC BY 4.0; Aghavno/Zabukh and Mets Shen from "
    "Wikipedia infoboxes (CC BY-SA 4.0)"
)

# Common Latin-script names in each side's usage, for the default map labels.
# (Armenian usage, Azerbaijani usage). Spellings are those in places.csv's
# alt_names or the English name; where both sides use the same name it is repeated.
USAGE_NAMES: dict[str, tuple[str, str]] = {
    "stepanakert": ("Stepanakert", "Khankendi"),
    "shusha": ("Shushi", "Shusha"),
    "lachin": ("Berdzor", "Lachin"),
    "zabukh": ("Aghavno", "Zabukh"),
    "sus": ("Sus", "Sus"),
    "aghdam": ("Akna", "Aghdam"),
    "kalbajar": ("Karvachar", "Kalbajar"),
    "dadivank": ("Dadivank", "Khudavang"),
    "chankatagh": ("Chankatagh", "Janyatag"),
    "khojaly_airport": ("Stepanakert airport", "Khojaly airport"),
    "rtjmc": ("Joint Monitoring Centre", "Joint Monitoring Centre"),
    "hakari_bridge": ("Hakari bridge", "Hakari bridge"),
    "kornidzor": ("Kornidzor", "Kornidzor"),
    "goris": ("Goris", "Goris"),
    "lisagor": ("Lisagor", "Turshsu"),
    "mets_shen": ("Mets Shen", "Boyuk Galadarasi"),
    "yeghtsahogh": ("Yeghtsahogh", "Saribaba"),
    "parukh": ("Parukh", "Farrukh"),
    "khtsaberd": ("Khtsaberd", "Chaylaggala"),
    "hin_tagher": ("Hin Tagher", "Kohne Taghlar"),
    "mataghis": ("Mataghis", "Suqovuşan"),
    "martakert": ("Martakert", "Aghdara"),
    "martuni": ("Martuni", "Khojavend"),
    "askeran": ("Askeran", "Əsgəran"),
    "amaras": ("Amaras", "Amaras"),
    "yevlakh": ("Yevlakh", "Yevlakh"),
    "dukyanlar": ("Dukyanlar", "Dukyanlar"),
    "lachin_corridor": ("Berdzor corridor", "Lachin corridor"),
    "nagorno_karabakh": ("Artsakh", "Karabakh"),
    "armenia_az_border": ("Armenia–Azerbaijan border", "Armenia–Azerbaijan border"),
}

# Rows outside the peacekeeping zone or its remit, kept for context (research README).
CONTEXT_EVENTS = {"E036"}

# Contested facts: each side's claim with the source the research notes give for it.
# (source_url None = the notes name the source without a link.)
CONTESTED: dict[str, list[dict]] = {
    "E061": [
        {
            "claim": "2 peacekeepers killed",
            "by": "Russian MoD, as reported by AFP (Defence Redefined)",
            "source_url": None,
            "source_name": "AFP via defenceredefined.com.cy (22 Sep 2023)",
        },
        {
            "claim": "4 killed",
            "by": "a source quoted by The Moscow Times",
            "source_url": "https://themoscowtimes.com/2023/09/21/azerbaijans-aliyev-apologizes-for-russian-peacekeeper-deaths-in-karabakh-a82533",
            "source_name": "The Moscow Times",
        },
        {
            "claim": "5 killed in the vehicle (a sixth soldier in a separate attack blamed on Armenian fighters)",
            "by": "Azerbaijan's Prosecutor General",
            "source_url": "https://korrespondent.net/amp/4625670-azerbaidzhan-pidtverdyv-zahybel-shesty-rosiiskykh-myrotvortsiv",
            "source_name": "Korrespondent.net",
        },
        {
            "claim": "6 servicemen died in September",
            "by": "Russian Deputy Foreign Minister Galuzin",
            "source_url": "https://tass.com/politics/1686915",
            "source_name": "TASS",
        },
        {
            "claim": "at least 7 killed",
            "by": "Massis Post (Armenian diaspora outlet)",
            "source_url": None,
            "source_name": "Massis Post",
        },
    ],
    "E028": [
        {
            "claim": "Azerbaijani units withdrew from Farukh/Parukh",
            "by": "Russian MoD",
            "source_url": "https://thefrontierpost.com/azerbaijan-withdrew-units-from-furukh/?utm_source=rss&utm_medium=rss&utm_campaign=azerbaijan-withdrew-units-from-furukh",
            "source_name": "The Frontier Post",
        },
        {
            "claim": "there was no withdrawal",
            "by": "Azerbaijani MoD",
            "source_url": "https://france.pravda.ru/news/europe/1304345-armenia_azerbaijan/",
            "source_name": "Pravda (France)",
        },
    ],
    "E070": [
        {
            "claim": "decree signed on 28 Sep 2023",
            "by": "OC Media, Mediamax, Reuters",
            "source_url": "https://oc-media.org/nagorno-karabakh-republic-to-dissolve-by-january-2024/",
            "source_name": "OC Media",
        },
        {
            "claim": "decree dated 26 Sep 2023",
            "by": "some later Armenian sources",
            "source_url": None,
            "source_name": "westernarmeniatv; caucasuswatch",
        },
    ],
    "E038": [
        {
            "claim": "the corridor was blockaded, cutting off the population",
            "by": "Armenian sources",
            "source_url": "https://news.am/eng/news/734702.html",
            "source_name": "News.am",
        },
        {
            "claim": "Azerbaijan must ensure unimpeded movement through the corridor in both directions",
            "by": "International Court of Justice (order of 22 Feb 2023)",
            "source_url": "https://karabakhspace.commonspace.eu/news/icj-obliges-azerbaijan-ensure-unimpeded-movement-lachin-corridor",
            "source_name": "commonspace.eu",
        },
        {
            "claim": "the road stayed open for peacekeeping and ICRC vehicles",
            "by": "Azerbaijani side",
            "source_url": None,
            "source_name": "Vestnik Kavkaza (article 158000)",
        },
    ],
}

URL_RE = re.compile(r"https?://[^\s,;)]+")


def parse_alt_names(raw: str) -> list[dict[str, str]]:
    """Turn ``hy:Ստեփանակերտ;az-lat:Khankendi`` into tagged name records."""
    names = []
    for part in raw.split(";"):
        part = part.strip()
        if not part or ":" not in part:
            continue
        tag, name = part.split(":", 1)
        names.append({"tag": tag.strip(), "name": name.strip()})
    return names


def feature(fid: str, geometry, properties: dict) -> dict:
    return {
        "type": "Feature",
        "id": fid,
        "geometry": None if geometry is None else _round(mapping(geometry)),
        "properties": {"id": fid, **properties},
    }


def _round(geom: dict) -> dict:
    def rnd(c):
        if isinstance(c[0], (int, float)):
            return [round(c[0], 6), round(c[1], 6)]
        return [rnd(x) for x in c]

    return {"type": geom["type"], "coordinates": rnd(geom["coordinates"])}


def write(path: Path, name: str, features: list[dict], about: str) -> None:
    doc = {"type": "FeatureCollection", "name": name, "about": about, "features": features}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def hakari_bridge_point(src: Path) -> Point:
    """Where the schematic 2022 bypass route crosses the NE Armenia border.

    The bridge is on the border (today.az, Feb 2023) on the bypass road; no
    sourced coordinate exists, so this is an approximation by construction.
    """
    routes = load(src / "lachin_corridor_schematic.geojson")["features"]
    bypass = next(
        shape(f["geometry"])
        for f in routes
        if f["properties"]["kind"] == "route_schematic" and "bypass" in f["properties"]["name"]
    )
    armenia = next(
        shape(f["geometry"])
        for f in load(src / "countries.geojson")["features"]
        if f["properties"]["ADM0_A3"] == "ARM"
    )
    crossing = bypass.intersection(armenia.boundary)
    points = [crossing] if crossing.geom_type == "Point" else list(crossing.geoms)
    # The bypass leaves Armenia once: take the crossing nearest Kornidzor.
    kornidzor = Point(46.53111, 39.54806)
    return min(points, key=kornidzor.distance)


def build_sites(research: Path, src: Path) -> list[dict]:
    bridge = hakari_bridge_point(src)
    out = []
    with (research / "places.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            pid = row["place_id"]
            hy_usage, az_usage = USAGE_NAMES[pid]
            props = {
                "name_en": row["name_en"],
                "name_hy_usage": hy_usage,
                "name_az_usage": az_usage,
                "names": parse_alt_names(row["alt_names"]),
                "kind": row["kind"],
                "location_precision": "exact" if row["lon"] else "none",
                "coord_source": row["coord_source_url"] or None,
                "coord_method": "from source" if row["lon"] else None,
                "notes": row["notes"],
            }
            geometry = Point(float(row["lon"]), float(row["lat"])) if row["lon"] else None
            if pid == "hakari_bridge":
                geometry = bridge
                props["location_precision"] = "approximate"
                props["coord_method"] = (
                    "Derived: where the schematic 2022 bypass route crosses the Natural Earth "
                    "1:10m Armenia border (on the Tegh-Kornidzor leg, about 0.5 km west of "
                    "Kornidzor, because the generalised border puts Kornidzor inside Azerbaijan). "
                    "No sourced coordinate exists; the bridge is on the border on the bypass road "
                    "(today.az, Feb 2023; Turan, 21 Apr 2022), about 10 km south of Lachin town. "
                    "Error of a few km possible."
                )
            if pid == "rtjmc":
                props["location_precision"] = "approximate"
                props["coord_method"] = (
                    "Coordinates of Marzili village; the centre's own site is not sourced "
                    "(it was 'near Marzili in Aghdam district')."
                )
            if row["kind"] in ("settlement", "city") and geometry is not None:
                props["location_precision"] = "settlement"
            out.append(feature(pid, geometry, props))
    return out


def chronology_row(row: dict[str, str]) -> dict[str, str]:
    """A research chronology row as a row of the events CSV (``dashboard.data.csv_format``).

    The chronology names the site ``place`` and gives one ``source_url``/``source_name``;
    every other http(s) URL in its notes becomes a further source ("cited in notes").
    """
    sources = [{"url": row["source_url"], "name": row["source_name"], "role": "primary"}]
    for url in URL_RE.findall(row["notes"]):
        url = url.rstrip(".")
        if all(s["url"] != url for s in sources):
            sources.append({"url": url, "name": None, "role": "cited in notes"})
    out = {name: row[name] for name in csv_format.EVENT_COLUMNS if name in row}
    out["site"] = row["place"]
    out["sources"] = json.dumps(sources, ensure_ascii=False)
    out["context"] = "true" if row["id"] in CONTEXT_EVENTS else "false"
    out["contested"] = json.dumps(CONTESTED.get(row["id"], []), ensure_ascii=False)
    return out


def build_events(research: Path, sites: dict[str, dict]) -> list[dict]:
    """The events, through the importer's own row-to-event mapping."""
    out = []
    with (research / "chronology.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            event, reasons = csv_format.row_feature(chronology_row(row), sites, {})
            if event is None:
                raise SystemExit(f"chronology.csv, event {row['id']}: {'; '.join(reasons)}")
            out.append(event)
    return out


def layer_props(name, kind, valid_from, valid_to, accuracy, description, source, licence):
    return {
        "name": name,
        "kind": kind,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "accuracy": accuracy,
        "description": description,
        "source": source,
        "licence": licence,
    }


def build_layers(src: Path, site_features: list[dict]) -> dict[str, list[dict]]:
    layers: dict[str, list[dict]] = {}

    countries = []
    for f in load(src / "countries.geojson")["features"]:
        p = f["properties"]
        countries.append(
            feature(
                p["ISO_A3"].lower(),
                shape(f["geometry"]),
                layer_props(
                    p["NAME"],
                    "country_" + p["role"],
                    None,
                    None,
                    "approximate",
                    "International border as drawn by Natural Earth 1:10m (de jure view: "
                    "Nagorno-Karabakh inside Azerbaijan). Generalised: villages near the border "
                    "may appear on the wrong side.",
                    p["source"],
                    NE_CREDIT,
                ),
            )
        )
    layers["countries"] = countries

    for name in ("rivers", "lakes"):
        feats = []
        for i, f in enumerate(load(src / f"{name}.geojson")["features"], 1):
            p = f["properties"]
            feats.append(
                feature(
                    f"{name[:-1]}_{i:02d}",
                    shape(f["geometry"]),
                    layer_props(
                        p["name"] or "unnamed",
                        p["featurecla"].lower().replace(" ", "_"),
                        None,
                        None,
                        "approximate",
                        f"{p['featurecla']} from Natural Earth 1:10m ({p['ne_layer']}).",
                        p["source"],
                        NE_CREDIT,
                    ),
                )
            )
        layers[name] = feats

    loc = load(src / "line_of_contact_2020_2023.geojson")["features"][0]
    loc94 = load(src / "line_of_contact_1994_2020.geojson")["features"]
    loc94_geom = unary_union([shape(f["geometry"]) for f in loc94])
    layers["line_of_contact"] = [
        feature(
            "loc_2020",
            shape(loc["geometry"]),
            layer_props(
                "Line of contact, 10 Nov 2020 – Sep 2023",
                "line_of_contact",
                "2020-11-10",
                "2023-09-20",
                "approximate",
                "Ceasefire line set by the trilateral statement of 10 Nov 2020, along which the "
                "Russian contingent deployed; it ceased to exist with Azerbaijan's operation of "
                "19–20 Sep 2023. APPROXIMATE: Natural Earth 1:10m 'Ceasefire Line 2020' "
                "(vertex spacing 1–7 km). South of Stepanakert the line is uncertain: it runs "
                "north of Shusha/Shushi in reality (Azerbaijani-held from 8 Nov 2020), but about "
                "4 km south of it as drawn. Later local changes (Hin Tagher/Khtsaberd Dec 2020, "
                "Parukh Mar 2022, Aug 2022 handovers) are not reflected.",
                loc["properties"]["derivation"][:600],
                NE_CREDIT,
            ),
        ),
        feature(
            "loc_1994",
            loc94_geom,
            layer_props(
                "Line of contact 1994 – 2020 (historical)",
                "line_of_contact_historical",
                None,
                "2020-11-10",
                "approximate",
                "The 1994 ceasefire line, before the 2020 war. Natural Earth 1:10m "
                "'Ceasefire Line 1994'; in NE its northern part coincides with the former NKAO line.",
                loc94[0]["properties"]["source"],
                NE_CREDIT,
            ),
        ),
    ]

    zone = load(src / "nk_zone_2020_2023.geojson")["features"]
    nk = next(f for f in zone if f["properties"]["part"] == "nk")
    ne_corridor = next(f for f in zone if f["properties"]["part"] == "lachin_corridor")
    layers["peacekeeping_zone"] = [
        feature(
            "zone_2020",
            shape(nk["geometry"]),
            layer_props(
                "Peacekeeping zone (Armenian-held Nagorno-Karabakh), Nov 2020 – Sep 2023",
                "peacekeeping_zone",
                "2020-11-10",
                "2023-09-20",
                "approximate",
                "Area enclosed by the 2020 line of contact: the part of Nagorno-Karabakh left "
                "under Armenian control, where the Russian contingent operated. APPROXIMATE "
                f"(about {nk['properties']['area_km2']:.0f} km² as drawn by Natural Earth "
                "1:10m). Shusha/Shushi was under Azerbaijani control from 8 Nov 2020 but falls "
                "inside this polygon.",
                nk["properties"]["derivation"][:600],
                NE_CREDIT,
            ),
        )
    ]

    schematic = load(src / "lachin_corridor_schematic.geojson")["features"]

    def pick(kind: str, bypass: bool) -> dict:
        return next(
            f
            for f in schematic
            if f["properties"]["kind"] == kind and ("bypass" in f["properties"]["name"]) == bypass
        )

    route_old, route_new = pick("route_schematic", False), pick("route_schematic", True)
    buffer_new = pick("corridor_buffer_5km_schematic", True)
    schematic_source = route_old["properties"]["source"]
    layers["lachin_corridor"] = [
        feature(
            "corridor_2020_area",
            shape(ne_corridor["geometry"]),
            layer_props(
                "Lachin corridor via Lachin/Berdzor, Dec 2020 – Aug 2022 (approximate area)",
                "corridor_area",
                "2020-12-01",
                "2022-08-30",
                "approximate",
                "The 5 km wide corridor of point 6 of the 10 Nov 2020 statement, under Russian "
                "peacekeeping control after the Lachin district handover of 1 Dec 2020. Traffic "
                "moved to the new route on 30 Aug 2022; Lachin/Berdzor, Aghavno/Zabukh and Sus "
                "passed to Azerbaijan on 26 Aug 2022. APPROXIMATE: Natural Earth's depiction "
                "(about 70 km²); Lachin town itself lies about 1 km outside it as drawn.",
                ne_corridor["properties"]["derivation"][:600],
                NE_CREDIT,
            ),
        ),
        feature(
            "corridor_2020_route",
            shape(route_old["geometry"]),
            layer_props(
                "Lachin corridor road via Lachin/Berdzor, Dec 2020 – Aug 2022 (schematic)",
                "corridor_route",
                "2020-12-01",
                "2022-08-30",
                "schematic",
                "Goris – Tegh – Aghavno/Zabukh – Lachin/Berdzor – Lisagor – Stepanakert. "
                "SCHEMATIC: straight lines between settlements, not the road's alignment; the "
                "real road passed close to Shusha.",
                schematic_source,
                ROUTE_CREDIT,
            ),
        ),
        feature(
            "corridor_2022_area",
            shape(buffer_new["geometry"]),
            layer_props(
                "Lachin corridor bypass, Aug 2022 – Sep 2023 (schematic 5 km zone)",
                "corridor_area",
                "2022-08-30",
                "2023-09-20",
                "schematic",
                "The new route avoiding Lachin/Berdzor, via Kornidzor, the Hakari bridge and "
                "Mets Shen, used from 30 Aug 2022. SCHEMATIC: 2.5 km either side of a schematic "
                "route (statement point 6: 5 km wide); no road trace was available.",
                buffer_new["properties"]["source"],
                ROUTE_CREDIT,
            ),
        ),
        feature(
            "corridor_2022_route",
            shape(route_new["geometry"]),
            layer_props(
                "Lachin corridor bypass road, Aug 2022 – Sep 2023 (schematic)",
                "corridor_route",
                "2022-08-30",
                "2023-09-20",
                "schematic",
                "Goris – Tegh – Kornidzor – (Hakari bridge) – Mets Shen – Lisagor – Stepanakert. "
                "SCHEMATIC: straight lines between settlements, not the road's alignment.",
                route_new["properties"]["source"],
                ROUTE_CREDIT,
            ),
        ),
    ]
    sites = {f["id"]: f for f in site_features}
    layers["lachin_corridor"].append(
        feature(
            "blockade_2022",
            shape(route_new["geometry"]),
            dict(
                layer_props(
                    "Lachin corridor blockade, 12 Dec 2022 – 24 Sep 2023 (framing contested)",
                    "blockade",
                    "2022-12-12",
                    "2023-09-24",
                    "schematic",
                    "From 12 Dec 2022 Azerbaijani 'eco-activists' blocked the corridor road near "
                    "Shusha (E038) until 28 Apr 2023 (E046); from 23 Apr 2023 an Azerbaijani "
                    "checkpoint stood at the Hakari bridge (E044). The road opened for the exodus "
                    "of late September 2023 (E067). Armenian sources and the ICJ (E041) describe "
                    "the movement as cut or impeded; Azerbaijani sources say the road stayed open "
                    "for peacekeeping and ICRC vehicles. Drawn on the schematic bypass road.",
                    route_new["properties"]["source"],
                    ROUTE_CREDIT,
                ),
                events=["E037", "E038", "E041", "E044", "E046", "E051", "E052", "E067"],
            ),
        )
    )

    def point_feature(fid, site_id, name, kind, valid_from, valid_to, accuracy, text, events):
        site = sites[site_id]
        return feature(
            fid,
            shape(site["geometry"]),
            dict(
                layer_props(
                    name,
                    kind,
                    valid_from,
                    valid_to,
                    accuracy,
                    text,
                    f"Point of site '{site_id}' (sites.geojson): {site['properties']['coord_source'] or site['properties']['coord_method']}",
                    "See the site's coordinate source",
                ),
                events=events,
            ),
        )

    district = "District-level handover: the point is the district's main town, for display only."
    layers["handovers"] = [
        point_feature(
            "handover_aghdam",
            "aghdam",
            "Aghdam district handed to Azerbaijan, 20 Nov 2020",
            "district_handover",
            "2020-11-20",
            None,
            "approximate",
            "Under the 10 Nov 2020 statement Armenia returned Aghdam district. " + district,
            ["E007"],
        ),
        point_feature(
            "handover_kalbajar",
            "kalbajar",
            "Kalbajar district handed to Azerbaijan, 25 Nov 2020",
            "district_handover",
            "2020-11-25",
            None,
            "approximate",
            "Originally due on 15 Nov, postponed to 25 Nov. Dadivank lies in this district. "
            + district,
            ["E010"],
        ),
        point_feature(
            "handover_lachin_district",
            "lachin",
            "Lachin district handed to Azerbaijan, 1 Dec 2020",
            "district_handover",
            "2020-12-01",
            None,
            "approximate",
            "The district passed to Azerbaijan; the 5 km corridor, including Lachin town, "
            "stayed under Russian peacekeeping control until 26 Aug 2022. " + district,
            ["E011"],
        ),
        point_feature(
            "handover_lachin_town",
            "lachin",
            "Lachin/Berdzor town taken by Azerbaijan, 26 Aug 2022",
            "town_handover",
            "2022-08-26",
            None,
            "exact",
            "Residents had to leave by 25 Aug 2022 as the corridor moved to the bypass.",
            ["E031", "E032"],
        ),
        point_feature(
            "handover_zabukh",
            "zabukh",
            "Aghavno/Zabukh taken by Azerbaijan, 26 Aug 2022",
            "town_handover",
            "2022-08-26",
            None,
            "exact",
            "Village on the original corridor road.",
            ["E033"],
        ),
        point_feature(
            "handover_sus",
            "sus",
            "Sus taken by Azerbaijan, 26 Aug 2022",
            "town_handover",
            "2022-08-26",
            None,
            "exact",
            "Village on the Hakari river near Lachin.",
            ["E034"],
        ),
    ]
    layers["installations"] = [
        point_feature(
            "rtjmc_2021",
            "rtjmc",
            "Russian–Turkish Joint Monitoring Centre, 30 Jan 2021 – 26 Apr 2024",
            "monitoring_centre",
            "2021-01-30",
            "2024-04-26",
            "approximate",
            "Ceasefire monitoring centre near Marzili, Aghdam district (memorandum of "
            "11 Nov 2020). The point is Marzili village; the centre's own site is not sourced.",
            ["E003", "E017", "E082", "E084"],
        ),
        point_feature(
            "rpkf_base_khojaly",
            "khojaly_airport",
            "Russian contingent's main base, Khojaly/Stepanakert airport (until 15 May 2024)",
            "base",
            None,
            "2024-05-15",
            "exact",
            "Described as the contingent's main base and headquarters in 2023–24; when it "
            "became the main base is not sourced (in Nov 2020 the command centre was "
            "reported in Stepanakert). Closing ceremony on 15 May 2024. The point is the "
            "airport's, not a surveyed perimeter.",
            ["E005", "E063", "E085"],
        ),
        point_feature(
            "hakari_checkpoint",
            "hakari_bridge",
            "Azerbaijani checkpoint at the Hakari bridge, from 23 Apr 2023",
            "checkpoint",
            "2023-04-23",
            None,
            "approximate",
            "Set up by Azerbaijan at the entrance of the corridor, in the area of Russian "
            "observation post No. 1. APPROXIMATE: the bridge point is derived where the "
            "schematic bypass meets the border.",
            ["E044", "E048", "E050", "E052", "E054", "E069"],
        ),
    ]
    return layers


def dropped_ids(path: Path, features: list[dict]) -> list[str]:
    """Ids of the features ``path`` holds that ``features`` would not write again.

    Events and sites added since the first build (``karabakh-map import``, sites added by
    hand with their sources) live only in geodata/: a rebuild from the research folder
    must not silently delete them.
    """
    if not path.exists():
        return []
    kept = {f["id"] for f in features}
    return [f["id"] for f in load(path)["features"] if f["id"] not in kept]


def main(argv: list[str]) -> int:
    force = "--force" in argv
    argv = [a for a in argv if a != "--force"]
    shared = Path(argv[1] if len(argv) > 1 else "../shared")
    out = Path(argv[2] if len(argv) > 2 else "geodata")
    research, src = shared / "research", shared / "geodata-sources"
    out.mkdir(parents=True, exist_ok=True)

    sites = build_sites(research, src)
    events = build_events(research, {s["id"]: s for s in sites})
    lost = dropped_ids(out / "sites.geojson", sites) + dropped_ids(out / "events.geojson", events)
    if lost and not force:
        print(
            f"error: {out} holds {len(lost)} sites/events the research folder does not "
            f"({', '.join(lost[:8])}{'...' if len(lost) > 8 else ''}); nothing was written. "
            "Add them to the research files first, or pass --force to drop them.",
            file=sys.stderr,
        )
        return 1
    write(
        out / "sites.geojson",
        "sites",
        sites,
        "Places named in the chronology. Null geometry = no sourced coordinate.",
    )
    write(
        out / "events.geojson",
        "events",
        events,
        "Sourced chronology of the Russian peacekeeping mission, geometry from the event's site.",
    )
    for name, feats in build_layers(src, sites).items():
        write(out / f"{name}.geojson", name, feats, f"Layer '{name}'; see geodata/README.md.")
    print(f"wrote {len(sites)} sites, {len(events)} events and layers to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
