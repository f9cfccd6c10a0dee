"""The animated HTML map: one self-contained page that plays a film frame by frame.

The page is Leaflet (inlined from the ``xstatic-leaflet`` package, so it works offline, from
a USB stick or an e-mail), natomap's small player (``player/*.js``, ``player.css``) and the
map data from :mod:`natomap.render.mapdata`. Nothing is fetched at run time unless the user
asks for ``cdn`` (Leaflet from unpkg) or ``tiles`` (an xyzservices basemap).

Why not folium's page: its template loads jQuery, Bootstrap and Font Awesome from CDNs (blank
offline), ``TimeSliderChoropleth`` restyles every ``path`` on the page and has no player, and
``TimestampedGeoJson`` sorts times as text. The player draws on one Leaflet map, scoped to its
container; it can adopt a map someone else made (``natomap.folium`` puts it on a folium map).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import re
from importlib import metadata, resources
from pathlib import Path
from string import Template
from typing import Any

from natomap._io import write_atomic
from natomap.atlas import View
from natomap.errors import DateError, OptionError
from natomap.film import Film
from natomap.geodata import Geodata
from natomap.memberships import MembershipTable
from natomap.render import style
from natomap.words import Words, words

__all__ = ["AnimatedMap", "animated_map", "page_parts", "render_page", "tile_layer", "write_html"]

SPEED_MS = 1500  # a frame's caption can be read in a second and a half
# The first view: Europe with Turkey and the Caucasus; North America is a pan away.
VIEW_BOUNDS = [[34.0, -12.0], [71.0, 50.0]]
PLAYER_JS = ("controller.js", "view.js", "controls.js", "export.js", "mount.js")
"""The player's parts, in the order the page loads them."""
_URL = re.compile(r"https?://[^\s<>\"')]+")


def _asset(name: str) -> str:
    return resources.files("natomap.render").joinpath(name).read_text(encoding="utf-8")


def player_js() -> str:
    """The player's JavaScript, its parts in load order, minified (rjsmin drops comments and
    spaces only: a phone parses a third less). It is inlined in a <script> element, so it
    must not hold the text that would end one. tests/js runs the readable sources."""
    import rjsmin

    text = rjsmin.jsmin("\n".join(_asset(f"player/{name}") for name in PLAYER_JS))
    if re.search(r"</script", text, re.I):
        raise AssertionError("the player's JavaScript would end its <script> element early")
    return text


def player_css() -> str:
    """The player's stylesheet, minified (rcssmin: comments and spaces)."""
    import rcssmin

    return rcssmin.cssmin(_asset("player.css"))


def _leaflet_files() -> tuple[str, str, str]:
    try:
        import xstatic.pkg.leaflet as xleaflet
    except ImportError as err:
        raise ImportError("the HTML map needs Leaflet: pip install xstatic-leaflet") from err
    folder = Path(xleaflet.BASE_DIR)
    css = (folder / "leaflet.css").read_text(encoding="utf-8")
    js = (folder / "leaflet.js").read_text(encoding="utf-8")
    return xleaflet.VERSION, css, js


def _digest(text: str, algorithm: str = "sha256") -> str:
    """A CSP or Subresource Integrity hash of ``text``: ``sha256-<base64>``."""
    value = hashlib.new(algorithm, text.encode("utf-8")).digest()
    return f"{algorithm}-{base64.b64encode(value).decode()}"


def leaflet_assets(cdn: bool) -> tuple[str, str]:
    """Leaflet's CSS and JS elements: inlined from xstatic-leaflet, or linked from unpkg with
    Subresource Integrity (xstatic-leaflet carries the same files as the npm package, so
    their hashes are those of the files unpkg serves)."""
    version, css, js = _leaflet_files()
    if cdn:
        base = f"https://unpkg.com/leaflet@{version}/dist"
        return (
            f'<link rel="stylesheet" href="{base}/leaflet.css" '
            f'integrity="{_digest(css, "sha384")}" crossorigin="anonymous">',
            f'<script src="{base}/leaflet.js" '
            f'integrity="{_digest(js, "sha384")}" crossorigin="anonymous"></script>',
        )
    import rcssmin

    # The source-map comment would make developer tools ask for a file that is not there.
    js = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", js)
    # leaflet.js comes minified; its stylesheet does not (the licence is in the script).
    return f"<style>\n{rcssmin.cssmin(css)}</style>", f"<script>\n{js}</script>"


def _inline(element: str) -> str | None:
    """The text of an inline <style> or <script> element (None for a linked one)."""
    match = re.fullmatch(r"<(style|script)>(.*)</\1>", element, re.S)
    return match.group(2) if match else None


def content_security_policy(parts: dict[str, str], tiles: bool = False, cdn: bool = False) -> str:
    """The page's Content-Security-Policy: nothing loads or runs but its own inline scripts
    and styles (by hash), Leaflet from unpkg with ``cdn``, images from tile servers with
    ``tiles``. There are no inline event handlers to allow."""
    scripts = [_inline(parts["leaflet_js"]), parts["player_js"]]
    styles = [_inline(parts["leaflet_css"]), parts["page_css"]]
    script_src = " ".join(f"'{_digest(s)}'" for s in scripts if s is not None)
    style_src = " ".join(f"'{_digest(s)}'" for s in styles if s is not None)
    if cdn:
        script_src += " https://unpkg.com"
        style_src += " https://unpkg.com"
    images = "data: blob:" + (" https:" if tiles else "")
    return (
        f"default-src 'none'; script-src {script_src}; style-src {style_src}; "
        f"img-src {images}; base-uri 'none'; form-action 'none'; object-src 'none'"
    )


_leaflet = leaflet_assets


def tile_layer(name: str | None) -> dict[str, Any] | None:
    """The xyzservices provider ``name`` as the page needs it; OptionError for an unknown one."""
    if name is None:
        return None
    import xyzservices

    try:
        provider = xyzservices.providers.query_name(name)
    except ValueError:
        raise OptionError(
            f"--tiles: unknown tile provider '{name}' (an xyzservices name, "
            "e.g. OpenStreetMap.Mapnik or Esri.WorldGrayCanvas)"
        ) from None
    if provider.requires_token():
        raise OptionError(f"--tiles: the provider '{name}' needs an API key; choose another")
    return {
        "url": provider.build_url(),
        "attribution": provider.html_attribution,
        "max_zoom": provider.get("max_zoom", 18),
    }


def _link(url: str, geodata: Geodata) -> str:
    return (
        f'<a href="{html.escape(url)}" rel="noopener">{html.escape(geodata.source_title(url))}</a>'
    )


def _linkify(text: str, geodata: Geodata) -> str:
    """Escape ``text`` and turn the URLs in it into links."""
    parts = _URL.split(text)
    urls = _URL.findall(text)
    out = [html.escape(parts[0])]
    for url, rest in zip(urls, parts[1:], strict=True):
        out.append(_link(url, geodata) + html.escape(rest))
    return "".join(out)


def _sources_html(film: Film, frames: list[dict[str, Any]], w: Words) -> str:
    """The sources panel: each frame's facts with their sources, then the geometry's (in
    English, as the data has them, whatever the page's language)."""
    geodata = film.geodata
    rows = []
    for i, (data, frame) in enumerate(zip(frames, film.frames, strict=True)):
        links = "; ".join(_link(u, geodata) for u in frame.story.sources)
        rows.append(
            f'<li data-frame="{i}"><strong>{html.escape(data["label"])}</strong> '
            f"{html.escape(data['title'])}: {links}</li>"
        )
    atlas_file = geodata.manifest["files"]["world-atlas/countries-50m.json"]
    geometry = [
        f"<li>{_linkify(atlas_file['description'], geodata)} "
        f"{_linkify(atlas_file['attribution'], geodata)}. "
        f"Licence: {_linkify(atlas_file['licence'], geodata)}. "
        f"Upstream: {_linkify(atlas_file['upstream'], geodata)}; "
        f"package: {_link(atlas_file['url'], geodata)}.</li>"
    ]
    for _, row in geodata.raw_rows("pieces.csv", ("name", "cut_from", "source")):
        geometry.append(
            f"<li>{html.escape(row['name'])}: cut by natomap from the Natural Earth outline of "
            f"{html.escape(row['cut_from'])}; {_link(row['source'], geodata)}</li>"
        )
    from natomap.atlas import Atlas

    for region in Atlas.of(geodata, "50m").regions().values():
        accuracy = (
            f" Approximate: within about {region.accuracy_km:g} km."
            if region.approximate and region.accuracy_km
            else ""
        )
        geometry.append(
            f"<li>{html.escape(region.name)}: {html.escape(region.note)}{accuracy} "
            f"{_link(region.source, geodata)}</li>"
        )
    geometry.append(
        "<li>Outlines simplified together (shared borders kept) and rounded to 0.01°; "
        "border lengths are the official (CIA World Factbook) figures for the pairs that touch "
        "on the outlines.</li>"
    )
    english = "" if w.lang == "en" else ' lang="en"'
    return (
        f"<p>{html.escape(w('Events and memberships, by frame:'))}</p>\n<ol{english}>\n"
        + "\n".join(rows)
        + f"\n</ol>\n<p>{html.escape(w('Geometry:'))}</p>\n<ul{english}>\n"
        + "\n".join(geometry)
        + "\n</ul>"
    )


def _json_for_script(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Inside <script>, "</" could end the element early and "<!--" could start a comment
    # that swallows the rest of the page; a user's note may hold either.
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")


def _as_changes(frames: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Frames as the page stores them: the first lists every shape it shows, each later one
    only what changed (``set``: shapes shown in a new style or added, ``drop``: shapes gone),
    so the page grows with the film's changes, not with its length times the world."""
    out: list[dict[str, Any]] = []
    before: dict[int, int] = {}
    for frame in frames:
        now = dict(map(tuple, frame["shown"]))
        entry = {k: v for k, v in frame.items() if k != "shown"}
        if not out:
            entry["shown"] = frame["shown"]
        else:
            entry["set"] = sorted([s, st] for s, st in now.items() if before.get(s) != st)
            entry["drop"] = sorted(s for s in before if s not in now)
        out.append(entry)
        before = now
    return out


def payload(film: Film, tiles: str | None = None, lang: str = "en") -> dict[str, Any]:
    """The map data and the palette, as the player reads them (frames stored as changes:
    see :func:`_as_changes`)."""
    from natomap.render.mapdata import map_data

    data = map_data(film, lang)
    return {
        **data,
        "frames": _as_changes(data["frames"]),
        "speed": SPEED_MS,
        "stem": film.organisation.stem,
        "view_bounds": VIEW_BOUNDS,
        "tiles": tile_layer(tiles),
        "colors": {
            "hatch": style.HATCH,
            "outline": style.RUSSIA_OUTLINE,
            "border": style.BORDER,
            "border_casing": style.BORDER_CASING,
            "claimed": style.CLAIMED_LINE,
            "edge": style.EDGE,
            "sea": style.SEA,
        },
        "force_colors": style.FORCE_COLOURS,
    }


WORDS = {
    "map_word": "map",
    "map_label": "Map",
    "keys": (
        "Left and right arrow keys change the date, up and down arrow keys go from country "
        "to country, plus and minus zoom, shift with an arrow key pans the map."
    ),
    "prev": "Previous frame",
    "next": "Next frame",
    "play": "Play",
    "pause": "Pause",
    "date_of_map": "Date of the map",
    "sources_word": "Sources",
    "table_word": "Table",
    "share_word": "Share",
    "download_word": "Download",
    "png_word": "Map (PNG)",
    "svg_word": "Map (SVG)",
    "csv_word": "This date's data (CSV)",
    "timeline_word": "Timeline (CSV)",
    "copy_link_word": "Copy link to this date",
    "embed_word": "Embed code (an iframe; the script sizes it to its content)",
    "copy_embed_word": "Copy embed code",
    "legend": "Legend",
    "caption_word": "Caption",
    "forces": "Forces",
    "russia_outline": "Border of the USSR / Russia",
    "copied": "Copied to the clipboard.",
    "copy_failed": "Could not copy: select the text and copy it.",
    "saved": "Downloaded {name}.",
    "table_caption": "Territories on {date}",
    "territory": "Territory",
    "shown_as": "Shown as",
    "status": "Status",
    "held_by": "Held by",
    "since": "Since",
    "source": "Source",
    "date": "Date",
    "event": "Event",
    "description": "Description",
    "credit": "natomap; borders: Natural Earth; facts: see Sources",
}
"""The page's words (English). The player reads them from the page's data, not its code."""


def fragment(
    film: Film,
    tiles: str | None = None,
    title: str | None = None,
    date: str | None = None,
    lang: str = "en",
) -> tuple[str, str]:
    """The map's container element (embeddable in any page) and the page title.

    ``date`` is the frame the map opens on when the address names none (``YYYY``,
    ``YYYY-MM`` or ``YYYY-MM-DD``: the map as it stands at the end of that period); it is
    written into the container's ``data-natomap-date``, so an embed that loses the address's
    hash still opens there.
    """
    w = words(lang)  # a bad language or tile name fails before the slow part
    data = payload(film, tiles, lang)
    frames = data["frames"]
    opening = ""
    if date is not None:
        opening = f' data-natomap-date="{opening_frame(film, date).isoformat()}"'
    span = f"{frames[0]['date'][:4]}–{frames[-1]['date'][:4]}"
    if title is None:
        title = (
            w("NATO's enlargement and Russia's borders, {span}", span=span)
            if film.organisation.waves
            else w("Members of {org}, {span}", org=w.data(film.name), span=span)
        )
    subtitle = w(
        "Internationally recognised borders; territory Russia holds without recognition is hatched"
        if film.view == "de-jure"
        else "Lines of control: territory held by Russia is drawn in Russia's colour"
    )
    attribution = (
        "natomap · "
        '<a href="https://leafletjs.com">Leaflet</a> · '
        + html.escape(w("borders:"))
        + ' <a href="https://www.naturalearthdata.com/">Natural Earth</a> · '
        + html.escape(w("facts: see Sources"))
    )
    if data["tiles"]:
        attribution += " · " + html.escape(w("basemap:")) + " " + data["tiles"]["attribution"]
    ui = {key: w(text) for key, text in WORDS.items()}
    head = ("territory", "shown_as", "status", "held_by", "since", "source")
    data["ui"] = ui
    data["title"] = title
    data["subtitle"] = subtitle
    data["credit"] = ui["credit"]
    data["lang"] = lang
    english = "" if lang == "en" else ' lang="en"'
    untranslated = any(f["caption_lang"] != lang for f in frames)
    note = (
        f'<p class="nm-lang-note">{html.escape(w("Captions and sources are in English."))}</p>'
        if untranslated and lang != "en"
        else ""
    )
    text = Template(_asset("fragment.html")).substitute(
        {key: html.escape(value) for key, value in ui.items()},
        title=html.escape(title),
        subtitle=html.escape(subtitle),
        lang=lang,
        en=english,
        lang_note=note,
        opening=opening,
        last=len(frames) - 1,
        first_label=html.escape(frames[0]["label"]),
        sources=_sources_html(film, frames, w),
        attribution=attribution,
        table_head="".join(f'<th scope="col">{html.escape(ui[k])}</th>' for k in head),
        data=_json_for_script(data),
    )
    return text, title


def opening_frame(film: Film, date: str | dt.date) -> dt.date:
    """The frame the map shows at ``date`` (a day, or the end of a year or month named by
    ``YYYY`` or ``YYYY-MM``; a period not over yet means today)."""
    day = date if isinstance(date, dt.date) else min(end_of_period(date), dt.date.today())
    day = film.frame_date(day)
    return max(d for d in film.dates if d <= day)


def end_of_period(text: str) -> dt.date:
    """The last day of the period ``text`` names (``2004`` -> 2004-12-31, ``2004-02`` ->
    2004-02-29, a full date -> itself): how the page reads ``#2004`` too. DateError if it
    is none of these."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", str(text).strip())
    try:
        if match is None:
            raise ValueError
        year, month, day = match.groups()
        if day is not None:
            return dt.date(int(year), int(month), int(day))
        if month is not None:
            first_of_next = dt.date(int(year) + int(month) // 12, int(month) % 12 + 1, 1)
            dt.date(int(year), int(month), 1)  # a month 13 is refused here
            return first_of_next - dt.timedelta(days=1)
        return dt.date(int(year), 12, 31)
    except ValueError:
        raise DateError(
            f"'{text}' is not a date: give YYYY-MM-DD, YYYY-MM (the end of that month) or "
            "YYYY (the end of that year)"
        ) from None


def page_parts(cdn: bool = False) -> dict[str, str]:
    """Leaflet's and the player's CSS and JS, as the page inlines them."""
    css, js = leaflet_assets(cdn)
    return {
        "leaflet_css": css,
        "leaflet_js": js,
        "page_css": "\nhtml,body{height:100%;margin:0}\n" + player_css(),
        "player_js": "\n" + player_js() + "\n",
    }


def render_page(
    film: Film,
    tiles: str | None = None,
    cdn: bool = False,
    title: str | None = None,
    date: str | None = None,
    lang: str = "en",
) -> str:
    """The whole page as a string: self-contained unless ``cdn`` or ``tiles`` is given;
    opening on ``date`` when the address names none, in language ``lang`` (see
    :func:`fragment`).

    Every text from the table (the organisation, notes, sources) and ``title`` is escaped.
    """
    body, title = fragment(film, tiles, title, date, lang)
    parts = page_parts(cdn)
    return Template(_asset("page.html")).substitute(
        version=metadata.version("natomap"),
        title=html.escape(title),
        lang=lang,
        fragment=body,
        csp=content_security_policy(parts, tiles=tiles is not None, cdn=cdn),
        **parts,
    )


def write_html(
    film: Film,
    folder: str | Path,
    tiles: str | None = None,
    cdn: bool = False,
    title: str | None = None,
    date: str | None = None,
    lang: str = "en",
) -> list[Path]:
    """Write the film's page into ``folder`` under its output name."""
    from natomap.outputs import Outputs

    page = render_page(film, tiles, cdn, title, date, lang)
    return [write_atomic(Outputs(Path(folder), film.organisation.stem).html, page)]


class AnimatedMap:
    """The animated map for notebooks: displays inline and saves to a file.

    Inline display embeds the page in an iframe's ``srcdoc``, so its scripts run without the
    notebook's "trust" step and its CSS cannot leak into the notebook. ``film`` is the film
    it plays; ``natomap.folium.AnimatedLayer(film)`` puts the same player on a folium map.
    """

    def __init__(self, page: str, height: int = 620, film: Film | None = None) -> None:
        self.html = page
        self.height = height
        self.film = film

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width:100%;height:{self.height}px;border:0" '
            'title="Animated map" loading="lazy"></iframe>'
        )

    def save(self, path: str | Path) -> Path:
        """Write the page to ``path`` (atomically)."""
        return write_atomic(path, self.html)

    def to_folium(self, **map_kwds: Any) -> Any:
        """The same film on a new ``folium.Map`` (no tiles unless ``tiles=`` is given), to add
        your own markers, tiles and layers to: ``natomap.folium.AnimatedLayer(self.film)``
        on ``folium.Map(**map_kwds)``. Save it with ``natomap.folium.save(m, path)``."""
        import folium

        from natomap.render.layer import AnimatedLayer

        if self.film is None:
            raise ValueError("this map was made from a page, not a film: use animated_map()")
        m = folium.Map(**{"tiles": None, **map_kwds})
        AnimatedLayer(self.film).add_to(m)
        return m


def animated_map(
    view: View = "de-jure",
    tiles: str | None = None,
    cdn: bool = False,
    height: int = 620,
    org: str = "nato",
    border: bool | None = None,
    *,
    memberships: MembershipTable | None = None,
    title: str | None = None,
    geodata: Geodata | None = None,
    date: str | None = None,
    lang: str = "en",
) -> AnimatedMap:
    """The animated map of NATO's enlargement (or of ``org``: another organisation of the
    bundled data, or of ``memberships=natomap.read_table(path)``), for a notebook or to save.
    ``date`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) is the frame it opens on; ``lang`` the
    language of its words (see :data:`natomap.words.LANGUAGES`).

    >>> m = animated_map()  # doctest: +SKIP
    >>> m.save("nato-expansion.html")  # doctest: +SKIP
    """
    film = Film.of(org, memberships=memberships, view=view, border=border, geodata=geodata)
    return AnimatedMap(render_page(film, tiles, cdn, title, date, lang), height, film)
