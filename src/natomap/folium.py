"""natomap on folium: the maps as ``folium.Map`` objects you add your own layers to.

- ``explore(date)``: the map of one date, drawn as a folium map (or onto yours), in the
  manner of geopandas' ``GeoDataFrame.explore``;
- ``AnimatedLayer(film)``: the animated map, frames and player, on any folium map;
- ``save(m, path)`` and ``to_html(m)``: the page, self-contained and the same bytes every
  time (folium's own ``m.save`` loads five CDNs and names elements at random);
- ``standalone(m)``: make a map's page load only what it uses.

>>> import folium, natomap  # doctest: +SKIP
>>> m = natomap.explore("2004-03-29")  # doctest: +SKIP
>>> folium.Marker([54.69, 25.28], tooltip="Vilnius").add_to(m)  # doctest: +SKIP
>>> natomap.folium.save(m, "nato-2004.html")  # doctest: +SKIP
"""

from natomap.render.explore import explore
from natomap.render.layer import AnimatedLayer
from natomap.render.webmap import save, standalone, to_html

__all__ = ["AnimatedLayer", "explore", "save", "standalone", "to_html"]
