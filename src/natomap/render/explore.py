"""The map of one date as a folium map, in the manner of geopandas' ``explore()``.

Users who come from geopandas expect a ``folium.Map`` they can add their own layers to; this
is that map, drawn from a film's frame (its territories, categories, story and border pairs)
in natomap's palette, with the shapes the animated map draws. Held territory is hatched by
an SVG pattern the page defines (folium's StripePattern needs a plugin from a CDN).
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import folium
import numpy as np
import shapely
import shapely.geometry
from branca.element import Element, MacroElement
from jinja2 import Template

from natomap.atlas import Atlas, View
from natomap.borders import border_line, geodesic_km
from natomap.dates import long_date
from natomap.film import Film, Frame
from natomap.memberships import MembershipTable
from natomap.render import style
from natomap.render.html import VIEW_BOUNDS
from natomap.render.mapdata import (
    SCALE,
    _force_lines,
    encoded_polygons,
    simplified_atoms,
    status_lines,
)
from natomap.render.webmap import root, standalone, walk
from natomap.words import words

__all__ = ["explore"]

ATTRIBUTION = (
    'Borders: <a href="https://www.naturalearthdata.com/">Natural Earth</a>; '
    "facts: natomap's geodata tables, each row with its source"
)
_CSS = """
.nm-fl { padding: 5px 8px; border-radius: 4px; background: rgba(255, 255, 255, 0.92);
  color: #1a1a1a; font: 12px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.nm-fl-legend { max-width: 16em; }
.nm-fl-legend summary { cursor: pointer; font-weight: 600; }
.nm-fl-legend ul { margin: 2px 0 0; padding: 0; list-style: none; }
.nm-fl-legend li { display: flex; align-items: center; gap: 6px; }
.nm-fl-legend .nm-fl-note { margin: 4px 0 0; font-style: italic; }
.nm-fl-swatch { flex: 0 0 auto; width: 14px; height: 11px; border: 1px solid #fff;
  outline: 1px solid #9a9a9a; background: var(--nm-fill); }
.nm-fl-swatch.nm-fl-hatch { background: repeating-linear-gradient(45deg, var(--nm-hatch) 0 2px,
  var(--nm-fill) 2px 5px); }
.nm-fl-swatch.nm-fl-dashed { border: 2px dashed var(--nm-line); outline: none; }
.nm-fl-swatch.nm-fl-outline { border: 2px solid var(--nm-line); outline: none;
  background: transparent; }
.nm-fl-swatch.nm-fl-line { height: 5px; border: 0; outline: none; box-shadow: 0 0 0 1px #000;
  background: repeating-linear-gradient(90deg, #000 0 3px, #fff 3px 6px); }
.nm-fl-symbol { display: inline-flex; flex: 0 0 auto; width: 14px; height: 14px; }
.nm-fl-caption { max-width: 28em; }
.nm-fl-caption p { margin: 0 0 2px; }
.nm-fl-caption .nm-fl-what { font-weight: 600; }
.nm-force { background: none; border: 0; }
.nm-tip div { font-size: 0.95em; }
"""


class _Chrome(MacroElement):
    """What one date's map adds around its layers: the hatch patterns, the sea, the legend
    and the caption, scoped to its own map."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var SVG = "http://www.w3.org/2000/svg";
  var make = function (tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  };
  var holder = make("svg", {width: "0", height: "0", "aria-hidden": "true"});
  holder.style.position = "absolute";
  var defs = make("defs", {});
  {{ this.patterns|tojson }}.forEach(function (p) {
    var pattern = make("pattern", {id: p[0], patternUnits: "userSpaceOnUse", width: "6",
      height: "6", patternTransform: "rotate(45)"});
    pattern.appendChild(make("rect", {width: "6", height: "6", fill: p[1]}));
    pattern.appendChild(make("rect", {width: "2.5", height: "6", fill: p[2]}));
    defs.appendChild(pattern);
  });
  holder.appendChild(defs);
  map.getContainer().appendChild(holder);
  {%- if this.sea %}
  map.getContainer().style.background = {{ this.sea|tojson }};
  {%- endif %}
  {%- if this.fit %}
  map.fitBounds({{ this.fit|tojson }}, {animate: false});  // drawn at once, not zoomed into
  {%- endif %}
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  var control = function (position, cls, content) {
    var c = L.control({position: position});
    c.onAdd = function () {
      var div = L.DomUtil.create("div", "nm-fl " + cls);
      div.innerHTML = content;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    c.addTo(map);
  };
  {%- if this.legend %}
  control("topright", "nm-fl-legend", {{ this.legend|tojson }});
  {%- endif %}
  {%- if this.caption %}
  control("bottomleft", "nm-fl-caption", {{ this.caption|tojson }});
  {%- endif %}
})();
{% endmacro %}
"""
    )

    def __init__(
        self,
        fit: list[list[float]] | None,
        sea: bool,
        legend: str,
        caption: str,
        hatched: list[tuple[str, str]],
    ):
        super().__init__()
        self._name = "NatomapFrame"
        self.fit = fit
        self.sea = style.SEA if sea else None
        self.legend = legend
        self.caption = caption
        self.hatched = hatched

    def pattern_id(self, key: str) -> str:
        """The page id of the hatch pattern of category ``key`` (read when the page is
        rendered, after natomap's ``save`` has numbered the elements)."""
        return f"{self.get_name()}-{key}"

    @property
    def patterns(self) -> list[tuple[str, str, str]]:
        return [(self.pattern_id(key), fill, style.HATCH) for key, fill in self.hatched]

    def render(self, **kwargs: Any) -> Any:
        root(self).header.add_child(Element(f"<style>{_CSS}</style>"), name="natomap_explore_css")
        return super().render(**kwargs)


class _Territories(folium.map.Layer):
    """The territories of one frame as one Leaflet layer: shapes stored once as
    delta-encoded integers (as the animated map stores them, a third of GeoJSON's size),
    styles by reference, tooltips built as text (never parsed as HTML)."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
  var data = {{ this.data|tojson }};
  var decode = function (flat) {
    var out = [], x = 0, y = 0;
    for (var i = 0; i < flat.length; i += 2) {
      x += flat[i];
      y += flat[i + 1];
      out.push([y / data.scale, x / data.scale]);
    }
    return out;
  };
  var text = function (tag, value) {
    var e = document.createElement(tag);
    e.textContent = value;
    return e;
  };
  var layer = L.featureGroup([], {attribution: data.attribution});
  data.features.forEach(function (f) {
    var look = data.styles[f.style];
    var shape = L.polygon(
      f.polygons.map(function (rings) { return rings.map(decode); }),
      L.extend({className: "nm-shape nm-code-" + f.code, noClip: true}, look)
    );
    shape.feature = {type: "Feature", properties: {code: f.code, name: f.name,
      category: f.category}};
    if (data.tooltip) {
      shape.bindTooltip(function () {
        var div = document.createElement("div");
        div.className = "nm-tip";
        div.appendChild(text("strong", f.name));
        f.tip.forEach(function (line) { div.appendChild(text("div", line)); });
        return div;
      }, {sticky: true});
    }
    if (data.highlight) {
      shape.on("mouseover", function () { shape.setStyle(data.highlight); });
      shape.on("mouseout", function () { shape.setStyle(look); });
    }
    layer.addLayer(shape);
  });
  return layer;
})();
{% endmacro %}
"""
    )

    def __init__(
        self,
        frame: Frame,
        look: Any,
        name: str,
        tooltip: bool,
        highlight: dict[str, Any] | None,
    ) -> None:
        super().__init__(name=name, overlay=True)
        self._name = "NatomapTerritories"
        self.frame = frame
        self.look = look
        self.tooltip = tooltip
        self.highlight = highlight

    @property
    def data(self) -> dict[str, Any]:
        """Read at render time: the hatch's pattern id is the page's, after numbering."""
        frame = self.frame
        atlas = Atlas.of(frame.film.geodata, "50m")
        names, simple = simplified_atoms(atlas)
        position = {n: i for i, n in enumerate(names)}
        label = {c.key: c.label for c in style.categories(frame.film)}
        styles: list[dict[str, Any]] = []
        features = []
        for row in frame.territories.itertuples():
            ids = sorted(position[a] for a in row.atoms if a in position)
            polygons = encoded_polygons(shapely.union_all(simple[ids])) if ids else []
            if not polygons:
                continue
            look = self.look(row.category, bool(row.russia_held))
            if look not in styles:
                styles.append(look)
            features.append(
                {
                    "code": row.code,
                    "name": row.name,
                    "category": row.category,
                    "russia_held": bool(row.russia_held),
                    "style": styles.index(look),
                    "tip": [label[row.category], *status_lines(frame, row)],
                    "polygons": polygons,
                }
            )
        # Russia's territory last, so its dark outline is drawn over its neighbours' edges.
        features.sort(key=lambda f: f["russia_held"])
        return {
            "scale": SCALE,
            "attribution": ATTRIBUTION,
            "tooltip": self.tooltip,
            "highlight": self.highlight,
            "styles": styles,
            "features": features,
        }


def _border_name(frame: Frame) -> str:
    holder = "USSR" if any(p.russia == "SUN" for p in frame.border) else "Russia"
    return f"{frame.film.name}–{holder} land border"


def _border_lines(frame: Frame) -> tuple[list[dict[str, Any]], float, str]:
    """The frame's border pairs as GeoJSON lines, and the border's length with its note."""
    atlas = Atlas.of(frame.film.geodata, "50m")
    atoms = dict(zip(frame.territories.code, frame.territories.atoms, strict=True))
    features, measured = [], 0.0
    for pair in frame.border:
        line = border_line(atlas, atoms[pair.member], atoms[pair.russia])
        measured += geodesic_km(line)
        features.append(
            {
                "type": "Feature",
                "properties": {"member": pair.member, "russia": pair.russia},
                "geometry": shapely.geometry.mapping(
                    shapely.transform(line, lambda xy: np.round(xy, 2))
                ),
            }
        )
    official = frame.border_official_km
    if official is not None:
        return features, official, "official lengths, CIA World Factbook"
    return features, measured, "measured at 1:50m"


def _swatch(cls: str, **colours: str) -> str:
    css = ";".join(f"--nm-{k}:{v}" for k, v in colours.items())
    return f'<span class="nm-fl-swatch {cls}" style="{css}"></span>'


def _legend_html(frame: Frame, forces: bool) -> str:
    shown = set(frame.territories.category)
    items = []
    for c in style.categories(frame.film):
        if c.key not in shown:
            continue
        cls = "nm-fl-hatch" if c.hatch else "nm-fl-dashed" if c.outline else ""
        swatch = _swatch(cls, fill=c.fill, hatch=style.HATCH, line=style.CLAIMED_LINE)
        items.append(f"<li>{swatch}{html.escape(c.label)}</li>")
    if frame.territories.russia_held.any():
        outline = _swatch("nm-fl-outline", line=style.RUSSIA_OUTLINE)
        items.append(f"<li>{outline}Border of the USSR / Russia</li>")
    if frame.film.border and frame.border:
        items.append(f"<li>{_swatch('nm-fl-line')}{html.escape(_border_name(frame))}</li>")
    if forces and frame.forces:
        from natomap.deployments import KINDS

        present = {(d.kind, d.side) for d in frame.forces}
        for kind, text in KINDS.items():
            for side in ("nato", "russia"):
                if (kind, side) in present:
                    symbol = _symbol(kind, side, 14)
                    items.append(f'<li><span class="nm-fl-symbol">{symbol}</span>{text}</li>')
    notes = "".join(f'<p class="nm-fl-note">{html.escape(n)}</p>' for n in style.notes(frame.film))
    return f"<details open><summary>Legend</summary><ul>{''.join(items)}</ul>{notes}</details>"


def _caption_html(frame: Frame, km: float, note: str) -> str:
    told = frame.story
    parts = [
        f'<p><time datetime="{frame.date.isoformat()}">{long_date(frame.date)}</time>: '
        f'<span class="nm-fl-what">{html.escape(told.title)}</span></p>'
    ]
    if told.description:
        parts.append(f"<p>{html.escape(told.description)}</p>")
    if frame.film.border and frame.border:
        parts.append(f"<p>{html.escape(_border_name(frame))}: {km:,.0f} km ({note})</p>")
    return "".join(parts)


def _symbol(kind: str, side: str, size: int) -> str:
    path = style.FORCE_SYMBOLS[kind][0]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="{size}" '
        f'height="{size}" aria-hidden="true"><path d="{path}" fill="{style.FORCE_COLOURS[side]}" '
        'stroke="#ffffff" stroke-width="1.4" stroke-linejoin="round"/></svg>'
    )


def _forces_layer(frame: Frame) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Forces")
    for d in frame.forces:
        lines = [html.escape(line) for line in _force_lines(d, frame.film, words("en"))]
        folium.Marker(
            [round(d.lat, 4), round(d.lon, 4)],
            icon=folium.DivIcon(
                html=_symbol(d.kind, d.side, 18),
                icon_size=(18, 18),
                icon_anchor=(9, 9),
                class_name=f"nm-force nm-force-{d.kind} nm-side-{d.side}",
            ),
            tooltip=folium.Tooltip(
                "<br>".join([f"<strong>{html.escape(d.name)}</strong>", *lines])
            ),
        ).add_to(group)
    return group


def explore(
    date: dt.date | str | None = None,
    m: folium.Map | None = None,
    *,
    org: str = "nato",
    memberships: MembershipTable | None = None,
    view: View = "de-jure",
    border: bool | None = None,
    tiles: Any = None,
    attr: str | None = None,
    tooltip: bool = True,
    highlight: bool = True,
    legend: bool = True,
    caption: bool = True,
    forces: bool = False,
    name: str | None = None,
    width: str | int = "100%",
    height: str | int = "100%",
    cdn: bool = False,
    map_kwds: dict[str, Any] | None = None,
    highlight_kwds: dict[str, Any] | None = None,
    film: Film | None = None,
    **style_kwds: Any,
) -> folium.Map:
    """The map of ``date`` (default today) as a ``folium.Map``, or drawn onto ``m``.

    Territories in natomap's colours (held territory hatched, Russia outlined, claimed areas
    dashed), each with the tooltip of the animated map; the land border with Russia; a
    legend of what the map shows; the frame's caption; with ``forces=True``, the deployments
    in place. Add your own layers to the result as to any folium map; save it with
    ``natomap.folium.save(m, path)`` for a self-contained page that is the same every time.

    Parameters follow geopandas' ``explore``: ``tiles`` (a folium or xyzservices name; None
    draws the sea in natomap's colour and needs no network), ``attr``, ``width``,
    ``height`` and ``map_kwds`` make the map when ``m`` is None (they are ignored for a
    map you pass); ``tooltip``, ``highlight`` and ``legend`` switch those off; ``name`` is
    the territories' name in a ``folium.LayerControl``. Other keywords are Leaflet path
    options (``fillOpacity=0.6``, ``weight=1``) applied over natomap's style. ``cdn=True``
    loads Leaflet from unpkg: a smaller page that needs the network.

    >>> m = natomap.explore("2004-03-29")  # doctest: +SKIP
    >>> folium.Marker([54.69, 25.28], tooltip="Vilnius").add_to(m)  # doctest: +SKIP
    >>> natomap.folium.save(m, "nato-2004.html")  # doctest: +SKIP
    """
    film = film or Film.of(org, memberships=memberships, view=view, border=border)
    frame = film.frame(date if date is not None else dt.date.today())
    if m is None:
        m = folium.Map(
            tiles=tiles, attr=attr, width=width, height=height, zoom_snap=0.25, **(map_kwds or {})
        )
        placed = {"location", "zoom_start"} & set(map_kwds or {})
        fit = None if placed else VIEW_BOUNDS  # Europe, unless map_kwds places the view
        sea = tiles is None
    else:
        fit, sea = None, False
    standalone(m, cdn=cdn)
    features, km, note = _border_lines(frame) if film.border else ([], 0.0, "")
    chrome = _Chrome(
        fit,
        sea,
        _legend_html(frame, forces) if legend else "",
        _caption_html(frame, km, note) if caption else "",
        [(c.key, c.fill) for c in style.categories(film) if c.hatch],
    )
    fills = {c.key: c for c in style.categories(film)}
    opacity = 0.7 if _has_tiles(m) else 1.0  # tiles show through the land as well as the sea

    def look(key: str, russian: bool) -> dict[str, Any]:
        c = fills[key]
        out = {
            "fillColor": f"url(#{chrome.pattern_id(c.key)})" if c.hatch else c.fill,
            "fillOpacity": opacity,
            "color": style.RUSSIA_OUTLINE if russian else style.EDGE,
            "weight": 1.8 if russian else 0.6,
            "opacity": 1,
            "dashArray": None,
        }
        if c.outline:
            out.update(color=style.CLAIMED_LINE, weight=1.6, dashArray="5 3")
        return {**out, **style_kwds}

    _Territories(
        frame,
        look,
        name or f"{film.name}, {long_date(frame.date)}",
        tooltip,
        {"weight": 2.5, "color": style.INK, **(highlight_kwds or {})} if highlight else None,
    ).add_to(m)
    if features:
        lines = folium.FeatureGroup(name=_border_name(frame))
        collection = {"type": "FeatureCollection", "features": features}
        for colour, weight, dash in ((style.BORDER, 6, None), (style.BORDER_CASING, 3, "7 5")):
            line_style = {"color": colour, "weight": weight, "dashArray": dash, "lineCap": "butt"}
            folium.GeoJson(
                collection, style_function=lambda f, s=line_style: s, interactive=False
            ).add_to(lines)
        lines.add_to(m)
    if forces and frame.forces:
        _forces_layer(frame).add_to(m)
    m.add_child(chrome)
    return m


def _has_tiles(m: folium.Map) -> bool:
    return any(isinstance(e, folium.TileLayer) for e in walk(m))
