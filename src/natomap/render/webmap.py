"""folium pages as natomap writes them: offline, lean and the same bytes every time.

folium's page loads Leaflet, jQuery, Bootstrap, Font Awesome and the awesome-markers plugin
from five CDNs: blank offline, and most of it unused by a map of polygons and markers (folium
#351, #1368, #1985 ask for self-contained pages). ``standalone(m)`` swaps Leaflet's links for
the copy ``xstatic-leaflet`` ships (its marker and layer-control images inlined too, so a
user's ``folium.Marker`` and ``LayerControl`` work offline) and drops what the map does not
use, at render time, so elements added later are seen. folium names every element with a
random id; ``to_html`` numbers them in tree order instead, so the same map gives the same
bytes.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.elements import ElementAddToElement, JSCSSMixin

from natomap._io import write_atomic
from natomap.render.html import leaflet_assets

__all__ = ["save", "standalone", "to_html", "walk"]

ASSETS = "natomap_assets"
"""The child name of the assets element on a map: one per map."""
# folium's default links that a page of natomap's layers never uses.
_AWESOME = (
    "awesome_markers",
    "bootstrap_css",
    "glyphicons_css",
    "awesome_markers_font_css",
    "awesome_markers_css",
    "awesome_rotate_css",
)
_UNUSED = ("jquery", "bootstrap", *_AWESOME)


def walk(element: Element) -> Iterator[Element]:
    """``element`` and everything under it, depth first, in the order they were added."""
    yield element
    for child in element._children.values():
        yield from walk(child)


def _leaflet_images() -> dict[str, str]:
    """Leaflet's images (markers, the layer switch) as data: URIs."""
    import xstatic.pkg.leaflet as xleaflet

    folder = Path(xleaflet.BASE_DIR) / "images"
    return {
        p.name: "data:image/png;base64," + base64.b64encode(p.read_bytes()).decode()
        for p in sorted(folder.glob("*.png"))
    }


def leaflet_offline() -> tuple[str, str]:
    """Leaflet's CSS and JS inlined, with its images as data: URIs: without them a default
    marker or the layer switch would ask for ``images/*.png`` beside the page."""
    css, js = leaflet_assets(cdn=False)
    images = _leaflet_images()
    css = re.sub(r"url\(images/([\w-]+\.png)\)", lambda m: f"url({images[m.group(1)]})", css)
    # L.Icon.Default reads imagePath once; a string stops it guessing a folder from the CSS.
    icons = (
        "<script>\nL.Icon.Default.imagePath = '';\nL.Icon.Default.mergeOptions("
        f"{{iconUrl: '{images['marker-icon.png']}', "
        f"iconRetinaUrl: '{images['marker-icon-2x.png']}', "
        f"shadowUrl: '{images['marker-shadow.png']}'}});\n</script>"
    )
    return css, js + "\n" + icons


class _Assets(MacroElement):
    """Puts natomap's Leaflet in the page's head in place of folium's links, at render time
    (after the map has added its links, before any child's), and drops the unused ones."""

    def __init__(self, cdn: bool = False) -> None:
        super().__init__()
        self._name = "NatomapAssets"
        self.cdn = cdn

    def render(self, **kwargs: Any) -> Any:
        header = root(self).header
        elements = list(walk(root(self)))
        keep: set[str] = set()
        if any(isinstance(e, folium.Icon) for e in elements):
            keep.update(_AWESOME)  # folium.Icon is the awesome-markers plugin, from its CDN
        if any(getattr(e, "objects_to_stay_in_front", None) for e in elements) or any(
            getattr(e, "embed", True) is False for e in elements
        ):
            keep.add("jquery")  # keep_in_front and GeoJson(embed=False) use jQuery
        for name in _UNUSED:
            if name not in keep:
                header._children.pop(name, None)
        css, js = leaflet_assets(cdn=True) if self.cdn else leaflet_offline()
        _put(header, "leaflet_css", Element(css))
        _put(header, "leaflet", Element(js))
        return super().render(**kwargs)


def _put(header: Element, name: str, element: Element) -> None:
    """Replace ``name`` in the head where it is, or add it first (after the charset)."""
    if name in header._children:
        header._children[name] = element
        element._parent = header
    else:
        header.add_child(element, name=name, index=1)


def standalone(m: folium.Map, *, cdn: bool = False) -> folium.Map:
    """Make ``m``'s page load only what it uses: Leaflet inlined (or from unpkg with
    Subresource Integrity, ``cdn=True``), no jQuery, Bootstrap or Font Awesome.

    folium.Icon markers keep the awesome-markers plugin and its fonts from their CDNs (a
    ``folium.DivIcon`` or the default marker needs nothing). Returns ``m``.
    """
    m.add_child(_Assets(cdn), name=ASSETS)
    return m


def root(element: Element) -> Figure:
    """The figure ``element`` renders into (branca's ``get_root`` is typed as any element)."""
    figure = element.get_root()
    if not isinstance(figure, Figure):
        raise TypeError(f"{element!r} is not in a folium map's figure")
    return figure


def _figure(m: Element) -> Figure:
    root = m.get_root()
    if not isinstance(root, Figure):
        root = Figure()
        root.add_child(m)
    return root


_RANDOM = re.compile(r"(\w+)_([0-9a-f]{32})")  # folium's names: a class and 16 random bytes
# Children folium adds to the tree each time it renders (``Layer.addTo``, a marker's icon).
_RENDERED = tuple(
    c for c in (ElementAddToElement, getattr(folium.Marker, "SetIcon", None)) if c is not None
)


def _number_elements(figure: Figure) -> None:
    """Give every element an id from its place in the tree, in every attribute that holds
    its name (a layer's label, a method call's target), and clear what an earlier render (a
    notebook's display) put in the page, so that this render writes it in the same order
    as a first one."""
    made = {e.get_name() for e in walk(figure)}  # what renders put in the page, by name
    for element in list(walk(figure)):
        if isinstance(element, JSCSSMixin):
            made.update(name for name, _ in [*element.default_js, *element.default_css])
        for key, child in list(element._children.items()):
            if isinstance(child, _RENDERED):  # made again by every render
                del element._children[key]
    for part in (figure.header, figure.html, figure.script):
        for name, entry in list(part._children.items()):
            # An entry a render made is named for its element (or is an orphan of an element
            # that render replaced); one a user added keeps the name of its own.
            product = _RANDOM.fullmatch(name) is not None and entry.get_name() != name
            if name in made or name.startswith("natomap_") or product:
                del part._children[name]
    elements = list(walk(figure))
    old = [(e.get_name(), e._id) for e in elements]
    for i, element in enumerate(elements):
        element._id = f"{i:x}"
    names = {name: e.get_name() for (name, _), e in zip(old, elements, strict=True)}
    ids = {id_: e._id for (_, id_), e in zip(old, elements, strict=True)}

    def renamed(value: str) -> str:
        if value in names:
            return names[value]
        # A name taken before the element had its class name (a layer's default label).
        match = _RANDOM.fullmatch(value)
        return (
            f"{match.group(1)}_{ids[match.group(2)]}" if match and match.group(2) in ids else value
        )

    for element in elements:
        for key, value in list(vars(element).items()):
            if key != "_id" and isinstance(value, str):
                setattr(element, key, renamed(value))


def to_html(m: Element, *, cdn: bool | None = None) -> str:
    """The page of ``m`` (a folium map or figure), self-contained unless ``cdn``, with ids
    numbered so that the same map gives the same text every time.

    ``cdn=None`` keeps what ``standalone`` chose (natomap's maps are offline) and makes any
    other map offline.
    """
    if ASSETS not in m._children or cdn is not None:
        m.add_child(_Assets(bool(cdn)), name=ASSETS)
    figure = _figure(m)
    _number_elements(figure)
    return figure.render()


def save(m: Element, path: str | Path, *, cdn: bool | None = None) -> Path:
    """Write ``to_html(m)`` to ``path`` atomically (no half-written page on an error)."""
    return write_atomic(path, to_html(m, cdn=cdn))
