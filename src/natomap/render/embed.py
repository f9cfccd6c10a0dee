"""The animated map as an HTML snippet for documentation pages: Sphinx, MkDocs, any site.

An iframe keeps the map apart from its page (its own scroll, its own height, no search,
no theme); a snippet is part of the page. The snippet is natomap's fragment (the box with
the film's data) with the CSS and JavaScript it needs, inline (or Leaflet from unpkg with
``cdn``), so it is one file to include, wherever the page sits in the site. It is written
to survive a documentation theme: no blank lines (Markdown would end a raw HTML block at
one), Leaflet loaded once however many maps the page has and never as an AMD module
(Sphinx pages that load RequireJS would otherwise hide ``L``), and the map mounted as soon
as its script runs, also when a theme swaps pages in without reloading.
"""

from __future__ import annotations

from pathlib import Path

from natomap._io import write_atomic
from natomap.atlas import View
from natomap.errors import OptionError
from natomap.film import Film
from natomap.memberships import MembershipTable
from natomap.render.html import _inline, fragment, leaflet_assets, player_css, player_js

__all__ = ["html_fragment", "write_fragment"]


def _compact(text: str) -> str:
    """``text`` without blank lines (inside CSS and ES5 JavaScript they mean nothing)."""
    return "\n".join(line for line in text.splitlines() if line.strip())


def _leaflet_once(element: str) -> str:
    """Leaflet's inline script, run only if no Leaflet is loaded yet, and with ``define``
    hidden so that a page's AMD loader does not swallow it."""
    code = _inline(element)
    if code is None:  # linked from unpkg: the browser loads it once
        return element
    return f"<script>if (!window.L) (function (define) {{\n{code}\n}}).call(window);</script>"


def html_fragment(
    org: str = "nato",
    *,
    memberships: MembershipTable | None = None,
    view: View = "de-jure",
    border: bool | None = None,
    title: str | None = None,
    height: int = 620,
    cdn: bool = False,
    film: Film | None = None,
) -> str:
    """The animated map as one HTML snippet to paste into a documentation page.

    Everything the map needs is in the snippet (Leaflet from unpkg with ``cdn=True``); it
    works offline, and several snippets can share a page. ``height`` is in CSS pixels.

    In Sphinx: ``.. raw:: html`` with ``:file: _static/nato-map.html``; in MkDocs, with
    the ``pymdownx.snippets`` extension: ``--8<-- "docs/snippets/nato-map.html"``. See
    docs/embedding.md.
    """
    if height < 300:
        raise OptionError(f"--height: the map needs at least 300 pixels, not {height}")
    film = film or Film.of(org, memberships=memberships, view=view, border=border)
    box, _ = fragment(film, title=title)
    leaflet_css, leaflet_js = leaflet_assets(cdn)
    parts = [
        "<!-- natomap: the animated map, offline; docs/embedding.md -->",
        f'<div class="natomap-embed" style="height:{height}px">',
        _compact(leaflet_css),
        "<style>\n" + _compact(player_css()) + "\n</style>",
        _compact(box),
        _compact(_leaflet_once(leaflet_js)),
        "<script>\n" + _compact(player_js()) + "\nwindow.natomap.mountAll();\n</script>",
        "</div>",
    ]
    return "\n".join(parts) + "\n"


def write_fragment(path: str | Path, **options: object) -> Path:
    """Write ``html_fragment(**options)`` to ``path`` atomically."""
    return write_atomic(path, html_fragment(**options))  # type: ignore[arg-type]
