"""natomap's animated map as a folium element: the film and its player on anyone's map.

``AnimatedLayer(film).add_to(m)`` puts the same fragment and player as natomap's own page
(``render.html.fragment``, ``player/*.js``) on a ``folium.Map``. The player adopts the
folium map (``natomap.mount(box, {map: m})``) rather than making its own, so the reader's
markers, tiles and layer switch live on the map the film plays on; the map moves into the
film's box, between its title and its controls, and takes the box's place and size.
"""

from __future__ import annotations

from typing import Any

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from natomap.atlas import View
from natomap.errors import OptionError
from natomap.film import Film
from natomap.memberships import MembershipTable
from natomap.render import style
from natomap.render.html import VIEW_BOUNDS, fragment, player_css, player_js
from natomap.render.webmap import ASSETS, root, standalone, walk

__all__ = ["AnimatedLayer"]

_HOST_CSS = """
.natomap .nm-map-host {
  flex: 1 1 auto;
  min-height: 160px;
  position: relative;
}
"""


class AnimatedLayer(MacroElement):
    """natomap's animated map on a ``folium.Map``: frames, player, legend, caption, sources.

    ``film`` is a ``natomap.Film`` or an organisation's key (``"nato"``, ``"warsaw-pact"``,
    or with ``memberships=natomap.read_table(path)``, your own). The map keeps the layers
    you add before or after; the film's shapes sit in panes of their own above them.
    ``fit`` fits the view to Europe (by default only when the map was made without a
    ``location``); ``fill_opacity`` lets tiles show through the land. ``add_to(m)`` also
    makes ``m``'s page self-contained (``cdn=True``: Leaflet from unpkg). One per map.

    >>> m = folium.Map(tiles=None)  # doctest: +SKIP
    >>> AnimatedLayer("nato").add_to(m)  # doctest: +SKIP
    >>> natomap.folium.save(m, "nato.html")  # doctest: +SKIP
    """

    _template = Template(
        """
{% macro html(this, kwargs) %}
<div id="{{ this.get_name() }}" class="nm-folium"
  style="position: relative; width: {{ this.size[0] }}; height: {{ this.size[1] }};">
{%- if this.fill_opacity is not none %}
<style>#{{ this.get_name() }} path.nm-shape { fill-opacity: {{ this.fill_opacity }}; }</style>
{%- endif %}
{{ this.fragment }}
</div>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var host = document.getElementById({{ this.get_name()|tojson }});
  var box = host.querySelector("[data-natomap]");
  var container = map.getContainer();
  var slot = box.querySelector(".nm-map");
  container.parentNode.insertBefore(host, container);
  // mount() hides a box's own .nm-map when it adopts a map: here the map moves into it.
  slot.classList.replace("nm-map", "nm-map-host");
  slot.appendChild(container);
  container.style.cssText += ";position:absolute;top:0;left:0;width:100%;height:100%";
  {%- if this.sea %}
  container.style.background = {{ this.sea|tojson }};
  {%- endif %}
  map.invalidateSize();
  {%- if this.fit_view %}
  {%- if "zoom_snap" not in this._parent.options %}
  map.options.zoomSnap = 0.25;  // as natomap's page: Europe fills the view
  {%- endif %}
  map.fitBounds({{ this.bounds|tojson }}, {animate: false});
  {%- endif %}
  natomap.mount(box, {map: map});
  if (window.ResizeObserver) {
    new ResizeObserver(function () { map.invalidateSize(); }).observe(slot);
  }
})();
{% endmacro %}
"""
    )

    def __init__(
        self,
        film: Film | str = "nato",
        *,
        memberships: MembershipTable | None = None,
        view: View = "de-jure",
        border: bool | None = None,
        title: str | None = None,
        fit: bool | None = None,
        fill_opacity: float | None = None,
        cdn: bool = False,
    ) -> None:
        super().__init__()
        self._name = "NatomapAnimatedLayer"
        self.film = (
            film
            if isinstance(film, Film)
            else Film.of(film, memberships=memberships, view=view, border=border)
        )
        if fill_opacity is not None and not 0 <= fill_opacity <= 1:
            raise OptionError(f"fill_opacity must be from 0 to 1, not {fill_opacity}")
        self.fill_opacity = fill_opacity
        self.fit = fit
        self.cdn = cdn
        self.fragment, self.title = fragment(self.film, title=title)
        self.bounds = VIEW_BOUNDS

    def add_to(self, parent: Any, name: str | None = None, index: int | None = None) -> Any:
        super().add_to(parent, name=name, index=index)
        if isinstance(parent, folium.Map) and ASSETS not in parent._children:
            standalone(parent, cdn=self.cdn)
        return self

    @property
    def map(self) -> folium.Map:
        """The folium map the layer is on."""
        if not isinstance(self._parent, folium.Map):
            raise OptionError("AnimatedLayer goes on a folium.Map (add_to(m)), not inside a layer")
        return self._parent

    @property
    def size(self) -> tuple[str, str]:
        """The map's own width and height: the film's box takes its place."""
        m = self.map
        return (f"{m.width[0]:g}{m.width[1]}", f"{m.height[0]:g}{m.height[1]}")

    @property
    def sea(self) -> str | None:
        """The sea's colour, where no tile layer draws one."""
        tiled = any(isinstance(e, folium.TileLayer) for e in walk(self.map))
        return None if tiled else style.SEA

    @property
    def fit_view(self) -> bool:
        if self.fit is not None:
            return self.fit
        m = self.map
        return list(m.location) == [0.0, 0.0] and m.options.get("zoom") == 1  # no location

    def render(self, **kwargs: Any) -> Any:
        m = self.map
        if sum(isinstance(c, AnimatedLayer) for c in m._children.values()) > 1:
            raise OptionError("a folium map holds one AnimatedLayer; make a map for each film")
        header = root(self).header
        css = "\n" + player_css() + _HOST_CSS
        header.add_child(Element(f"<style>{css}</style>"), name="natomap_player_css")
        header.add_child(Element(f"<script>\n{player_js()}\n</script>"), name="natomap_player_js")
        return super().render(**kwargs)
