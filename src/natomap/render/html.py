"""The animated HTML map: one self-contained page that plays NATO's enlargement frame by frame.

The page is Leaflet (inlined from the ``xstatic-leaflet`` package, so it works offline, from
a USB stick or an e-mail), natomap's small player (``player.js``, ``player.css``) and the map
data from :mod:`natomap.render.mapdata`. Nothing is fetched at run time unless the user asks
for ``cdn`` (Leaflet from unpkg) or ``tiles`` (an xyzservices basemap).

Why not folium's page: its template loads jQuery, Bootstrap and Font Awesome from CDNs (blank
offline), ``TimeSliderChoropleth`` restyles every ``path`` on the page and has no player, and
``TimestampedGeoJson`` sorts times as text. The player needs one Leaflet map it owns, scoped
to its container; Leaflet itself is what folium would have put on the page.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from string import Template
from typing import Any

from natomap._io import write_atomic
from natomap.atlas import View
from natomap.data import geodata_path, read_rows
from natomap.membership import Table, display_name, in_use, is_bundled_nato, output_stem
from natomap.render.mapdata import map_data
from natomap.render.style import HATCH_FILL

__all__ = ["AnimatedMap", "animated_map", "html_name", "render_page", "tile_layer", "write_html"]

FILENAME = "nato-expansion.html"
"""The file NATO's map is written to (another organisation's: ``html_name(org)``)."""
SPEED_MS = 1500  # a frame's caption can be read in a second and a half
# The first view: Europe with Turkey and the Caucasus; North America is a pan away.
VIEW_BOUNDS = [[34.0, -12.0], [71.0, 50.0]]
_BORDER_COLOR = "#ffffff"  # white dashes on a black casing: unlike any fill in the palette
_OUTLINE_COLOR = "#3b0f00"
_URL = re.compile(r"https?://[^\s<>\"')]+")


def _asset(name: str) -> str:
    return resources.files("natomap.render").joinpath(name).read_text(encoding="utf-8")


def _leaflet(cdn: bool) -> tuple[str, str]:
    """Leaflet's CSS and JS elements: inlined from xstatic-leaflet, or linked from unpkg."""
    try:
        import xstatic.pkg.leaflet as xleaflet
    except ImportError as err:
        raise ImportError("the HTML map needs Leaflet: pip install xstatic-leaflet") from err
    if cdn:
        base = f"https://unpkg.com/leaflet@{xleaflet.VERSION}/dist"
        return (
            f'<link rel="stylesheet" href="{base}/leaflet.css">',
            f'<script src="{base}/leaflet.js"></script>',
        )
    folder = Path(xleaflet.BASE_DIR)
    css = (folder / "leaflet.css").read_text(encoding="utf-8")
    js = (folder / "leaflet.js").read_text(encoding="utf-8")
    # The source-map comment would make developer tools ask for a file that is not there.
    js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", js)
    return f"<style>\n{css}</style>", f"<script>\n{js}</script>"


def tile_layer(name: str | None) -> dict[str, Any] | None:
    """The xyzservices provider ``name`` as the page needs it; ValueError for an unknown one."""
    if name is None:
        return None
    import xyzservices

    try:
        provider = xyzservices.providers.query_name(name)
    except ValueError:
        raise ValueError(
            f"--tiles: unknown tile provider '{name}' (an xyzservices name, "
            "e.g. OpenStreetMap.Mapnik or Esri.WorldGrayCanvas)"
        ) from None
    if provider.requires_token():
        raise ValueError(f"--tiles: the provider '{name}' needs an API key; choose another")
    return {
        "url": provider.build_url(),
        "attribution": provider.html_attribution,
        "max_zoom": provider.get("max_zoom", 18),
    }


def _link(url: str) -> str:
    host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0]
    return f'<a href="{html.escape(url)}" rel="noopener">{html.escape(host)}</a>'


def _linkify(text: str) -> str:
    """Escape ``text`` and turn the URLs in it into links."""
    parts = _URL.split(text)
    urls = _URL.findall(text)
    out = [html.escape(parts[0])]
    for url, rest in zip(urls, parts[1:], strict=True):
        out.append(_link(url) + html.escape(rest))
    return "".join(out)


def _sources_html(frames: list[dict[str, Any]], sources: list[list[str]]) -> str:
    """The sources panel: each frame's facts with their sources, then the geometry's."""
    rows = []
    for i, (frame, urls) in enumerate(zip(frames, sources, strict=True)):
        links = ", ".join(_link(u) for u in urls)
        rows.append(
            f'<li data-frame="{i}"><strong>{html.escape(frame["label"])}</strong> '
            f"{html.escape(frame['title'])}: {links}</li>"
        )
    manifest = json.loads(geodata_path("manifest.json").read_text(encoding="utf-8"))
    atlas_file = manifest["files"]["world-atlas/countries-50m.json"]
    geometry = [
        f"<li>{_linkify(atlas_file['description'])} {_linkify(atlas_file['attribution'])}. "
        f"Licence: {_linkify(atlas_file['licence'])}. "
        f"Upstream: {_linkify(atlas_file['upstream'])}; package: {_link(atlas_file['url'])}.</li>"
    ]
    path = geodata_path("pieces.csv")
    for _, row in read_rows(path, ("name", "cut_from", "source")):
        geometry.append(
            f"<li>{html.escape(row['name'])}: cut by natomap from the Natural Earth outline of "
            f"{html.escape(row['cut_from'])}; {_link(row['source'])}</li>"
        )
    geometry.append(
        "<li>Outlines simplified together (shared borders kept) and rounded to 0.01°; "
        "border lengths are the official (CIA World Factbook) figures for the pairs that touch "
        "on the 1:10m outlines.</li>"
    )
    return (
        "<p>Events and memberships, by frame:</p>\n<ol>\n"
        + "\n".join(rows)
        + "\n</ol>\n<p>Geometry:</p>\n<ul>\n"
        + "\n".join(geometry)
        + "\n</ul>"
    )


def html_name(org: str = "nato") -> str:
    """``nato-expansion.html`` for NATO, ``<org>-membership.html`` for another organisation."""
    return f"{output_stem(org)}.html"


def _data_and_sources(
    view: View, org: str = "nato", border: bool | None = None
) -> tuple[dict[str, Any], list[list[str]]]:
    return _data_and_sources_with(view, org, border, in_use())


@cache
def _data_and_sources_with(
    view: View, org: str, border: bool | None, table: Table | None
) -> tuple[dict[str, Any], list[list[str]]]:
    # ``table`` (a user's, or None) keys the cache: two tables may name the same org.
    from natomap.timeline import story

    data = map_data(view, org=org, border=border)
    sources = [list(story(f["date"], org).sources) for f in data["frames"]]
    return data, sources


def _json_for_script(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Inside <script>, "</" could end the element early and "<!--" could start a comment
    # that swallows the rest of the page; a user's note may hold either.
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")


def _fragment(
    view: View,
    tiles: str | None,
    org: str = "nato",
    border: bool | None = None,
    title: str | None = None,
) -> tuple[str, str]:
    """The map's container element (embeddable in any page) and the page title."""
    tiles_json = tile_layer(tiles)  # a bad name fails before the slow part
    data, sources = _data_and_sources(view, org, border)
    frames = data["frames"]
    span = f"{frames[0]['date'][:4]}–{frames[-1]['date'][:4]}"
    if title is None:
        title = (
            f"NATO's enlargement and Russia's borders, {span}"
            if is_bundled_nato(org)
            else f"Members of {display_name(org)}, {span}"
        )
    subtitle = (
        "Internationally recognised borders; territory Russia holds without recognition is hatched"
        if view == "de-jure"
        else "Lines of control: territory held by Russia is drawn as part of Russia"
    )
    payload = {
        **data,
        "speed": SPEED_MS,
        "view_bounds": VIEW_BOUNDS,
        "tiles": tiles_json,
        "hatch_color": HATCH_FILL,
        "outline_color": _OUTLINE_COLOR,
        "border_color": _BORDER_COLOR,
    }
    attribution = (
        'Borders: <a href="https://www.naturalearthdata.com/">Natural Earth</a>; '
        "facts: NATO, UN and others (see Sources)"
    )
    fragment = Template(_asset("fragment.html")).substitute(
        title=html.escape(title),
        subtitle=html.escape(subtitle),
        last=len(frames) - 1,
        first_label=html.escape(frames[0]["label"]),
        sources=_sources_html(frames, sources),
        attribution=attribution,
        data=_json_for_script(payload),
    )
    return fragment, title


def render_page(
    view: View = "de-jure",
    tiles: str | None = None,
    cdn: bool = False,
    org: str = "nato",
    border: bool | None = None,
    title: str | None = None,
) -> str:
    """The whole page as a string: self-contained unless ``cdn`` or ``tiles`` is given.

    ``org`` is any organisation of the membership table in use (``membership.using``);
    ``border`` draws its land border with Russia (default: on NATO's map only). Every text
    from the table (the organisation, notes, sources) and ``title`` is escaped.
    """
    if view not in ("de-jure", "de-facto"):
        raise ValueError(f"unknown view '{view}' (choose de-jure or de-facto)")
    fragment, title = _fragment(view, tiles, org, border, title)
    css, js = _leaflet(cdn)
    return Template(_asset("page.html")).substitute(
        version=metadata.version("natomap"),
        title=html.escape(title),
        leaflet_css=css,
        player_css=_asset("player.css"),
        fragment=fragment,
        leaflet_js=js,
        player_js=_asset("player.js"),
    )


def write_html(options: Any) -> list[Path]:
    """Build task: write ``nato-expansion.html`` (``<org>-membership.html``) into
    ``options.out``."""
    page = render_page(
        options.view, options.tiles, options.cdn, options.org, options.border, options.title
    )
    return [write_atomic(Path(options.out) / html_name(options.org), page)]


class AnimatedMap:
    """The animated map for notebooks: displays inline and saves to a file.

    Inline display embeds the page in an iframe's ``srcdoc``, so its scripts run without the
    notebook's "trust" step and its CSS cannot leak into the notebook.
    """

    def __init__(self, page: str, height: int = 620) -> None:
        self.html = page
        self.height = height

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width:100%;height:{self.height}px;border:0" '
            'title="Animated map of NATO enlargement" loading="lazy"></iframe>'
        )

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` (atomically)."""
        return write_atomic(path, self.html)


def animated_map(
    view: View = "de-jure",
    tiles: str | None = None,
    cdn: bool = False,
    height: int = 620,
    org: str = "nato",
    border: bool | None = None,
) -> AnimatedMap:
    """The animated map of NATO's enlargement (or of ``org`` from the membership table in
    use), for a notebook or to save.

    >>> m = animated_map()  # doctest: +SKIP
    >>> m.save("nato-expansion.html")  # doctest: +SKIP
    """
    return AnimatedMap(render_page(view, tiles, cdn, org, border), height)
