/* natomap player, part 2 of 5: the map view.
 *
 * Draws one frame of a film's data on a Leaflet map: territory shapes (decoded once, on first
 * use), their styles, the hatch and the border lines. Each kind of layer has its own pane,
 * stacked once by z-index (shapes, then the outlines of Russia's territory, then the border
 * line), so a frame step restyles what changed and never re-inserts layers to keep the order.
 * Everything it creates is scoped to its own container.
 */
(function (ns) {
  "use strict";
  if (ns.MapView) return;

  var SVG_NS = "http://www.w3.org/2000/svg";

  var decodeRing = function (flat, scale) {
    var out = [],
      x = 0,
      y = 0;
    for (var i = 0; i < flat.length; i += 2) {
      x += flat[i];
      y += flat[i + 1];
      out.push([y / scale, x / scale]);
    }
    return out;
  };

  var svg = function (tag, attrs) {
    var e = document.createElementNS(SVG_NS, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  };

  var el = function (tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  };

  var panes = 0;

  function MapView(map, data, box, uid) {
    this.map = map;
    this.data = data;
    this.uid = uid;
    this.cats = data.categories;
    this.colors = data.colors;
    this.layers = {};
    this.lineLayers = {};
    this.onMap = {};
    this.linesOnMap = {};
    this.styleNow = {};
    this.paneOf = {};
    var self = this;
    // Panes stacked once: shapes, Russia's outlined shapes above them, the border on top.
    var prefix = "nm" + ++panes + "-";
    this.renderers = {};
    [
      ["shapes", 410],
      ["russia", 420],
      ["lines", 430],
    ].forEach(function (p) {
      var name = prefix + p[0];
      map.createPane(name).style.zIndex = String(p[1]);
      self.renderers[p[0]] = L.svg({ pane: name, padding: 0.5 });
    });
    this.paneNames = { shapes: prefix + "shapes", russia: prefix + "russia", lines: prefix + "lines" };
    // Forces: markers in a pane of their own, above the border line, shown while switched on.
    map.createPane(prefix + "forces").style.zIndex = "640";
    this.forcePane = prefix + "forces";
    this.forceMarkers = {};
    this.forcesOnMap = {};
    this.forcesVisible = true;
    this.currentIndex = 0;
    this._patterns(box);
  }

  MapView.prototype = {
    /* The hatch for held territory: an SVG pattern in a zero-size <svg> of this map's own
     * container (fills refer to it by id, document-wide). */
    _patterns: function (box) {
      var holder = svg("svg", { width: "0", height: "0", "aria-hidden": "true", focusable: "false" });
      holder.setAttribute("class", "nm-defs");
      holder.style.position = "absolute";
      var defs = svg("defs", {});
      var colors = this.colors;
      var uid = this.uid;
      this.cats.forEach(function (c) {
        if (!c.hatch) return;
        var p = svg("pattern", {
          id: uid + "-" + c.key,
          patternUnits: "userSpaceOnUse",
          width: "6",
          height: "6",
          patternTransform: "rotate(45)",
        });
        p.appendChild(svg("rect", { width: "6", height: "6", fill: c.fill }));
        p.appendChild(svg("rect", { width: "2.5", height: "6", fill: colors.hatch }));
        defs.appendChild(p);
      });
      holder.appendChild(defs);
      box.appendChild(holder);
    },

    fillOf: function (c) {
      return c.hatch ? "url(#" + this.uid + "-" + c.key + ")" : c.fill;
    },

    styleOf: function (styleIndex) {
      var st = this.data.styles[styleIndex];
      var c = this.cats[st[0]];
      var russian = st[2] === 1;
      var style = {
        fillColor: this.fillOf(c),
        fillOpacity: this.data.tiles ? 0.7 : 1,
        color: russian ? this.colors.outline : this.colors.edge,
        weight: russian ? 1.8 : 0.6,
        opacity: 1,
        dashArray: null,
      };
      if (c.outline) {
        style.color = this.colors.claimed;
        style.weight = 1.6;
        style.dashArray = "5 3";
      }
      return style;
    },

    /* Whether two styles look alike on the map (same category, same outline). */
    sameLook: function (a, b) {
      var sa = this.data.styles[a];
      var sb = this.data.styles[b];
      return sa[0] === sb[0] && sa[2] === sb[2];
    },

    tooltip: function (shapeIndex) {
      var self = this;
      return function () {
        var shape = self.data.shapes[shapeIndex];
        var st = self.data.styles[self.styleNow[shapeIndex]];
        var div = el("div", "nm-tip");
        div.appendChild(el("strong", "", shape.name));
        div.appendChild(el("div", "", self.cats[st[0]].label));
        st[1].split("\n").forEach(function (line) {
          if (line) div.appendChild(el("div", "", line));
        });
        return div;
      };
    },

    shapeLayer: function (i, russian) {
      var pane = russian ? "russia" : "shapes";
      if (this.layers[i] && this.paneOf[i] !== pane) {
        if (this.onMap[i]) this.map.removeLayer(this.layers[i]);
        delete this.onMap[i];
        delete this.layers[i];
      }
      if (!this.layers[i]) {
        var shape = this.data.shapes[i];
        var scale = this.data.scale;
        var latlngs = shape.polygons.map(function (rings) {
          return rings.map(function (r) {
            return decodeRing(r, scale);
          });
        });
        this.layers[i] = L.polygon(latlngs, {
          renderer: this.renderers[pane],
          pane: this.paneNames[pane],
          className: "nm-shape nm-code-" + shape.code,
          noClip: true, // clipping every ring on every zoom costs more than drawing it
        }).bindTooltip(this.tooltip(i), { sticky: true });
        this.paneOf[i] = pane;
      }
      return this.layers[i];
    },

    borderLayer: function (i) {
      if (!this.lineLayers[i]) {
        var scale = this.data.scale;
        var latlngs = this.data.lines[i].map(function (l) {
          return decodeRing(l, scale);
        });
        var opts = {
          renderer: this.renderers.lines,
          pane: this.paneNames.lines,
          interactive: false,
          lineCap: "butt",
        };
        this.lineLayers[i] = L.layerGroup([
          L.polyline(latlngs, L.extend({ color: this.colors.border, weight: 6, className: "nm-border" }, opts)),
          L.polyline(latlngs, L.extend({ color: this.colors.border_casing, weight: 3, dashArray: "7 5" }, opts)),
        ]);
      }
      return this.lineLayers[i];
    },

    forceMarker: function (i) {
      if (!this.forceMarkers[i]) {
        var f = this.data.forces[i];
        var kinds = this.data.force_kinds;
        var kind = null;
        for (var k = 0; k < kinds.length; k++) {
          if (kinds[k].key === f.kind && kinds[k].fill === this.data.force_colors[f.side]) kind = kinds[k];
        }
        var icon = L.divIcon({
          className: "nm-force nm-force-" + f.kind + " nm-side-" + f.side,
          html: MapView.symbol(kind.path, kind.fill, 18),
          iconSize: [18, 18],
          iconAnchor: [9, 9],
        });
        var tip = el("div", "nm-tip");
        tip.appendChild(el("strong", "", f.name));
        f.tip.forEach(function (line) {
          tip.appendChild(el("div", "", line));
        });
        this.forceMarkers[i] = L.marker([f.lat, f.lon], {
          icon: icon,
          pane: this.forcePane,
          keyboard: false, // symbols are not tab stops; the tooltip also shows on hover
          title: "",
          alt: f.name,
        }).bindTooltip(tip, { direction: "top", offset: [0, -8] });
      }
      return this.forceMarkers[i];
    },

    /* Show or hide the forces layer; the current frame's markers follow. */
    showForces: function (visible) {
      this.forcesVisible = visible;
      this._drawForces(this.data.frames[this.currentIndex]);
    },

    _drawForces: function (frame) {
      var self = this;
      var want = {};
      if (this.forcesVisible) {
        (frame.forces || []).forEach(function (i) {
          want[i] = true;
        });
      }
      Object.keys(this.forcesOnMap).forEach(function (i) {
        if (!want[i]) {
          self.forceMarkers[i].closeTooltip();
          self.map.removeLayer(self.forceMarkers[i]);
          delete self.forcesOnMap[i];
        }
      });
      Object.keys(want).forEach(function (i) {
        if (!self.forcesOnMap[i]) {
          self.forceMarker(i).addTo(self.map);
          self.forcesOnMap[i] = true;
        }
      });
    },

    /* Draw frame ``index``: add, remove and restyle only what differs from what is shown. */
    draw: function (index) {
      this.currentIndex = index;
      var frame = this.data.frames[index];
      var want = {};
      var self = this;
      frame.shown.forEach(function (pair) {
        want[pair[0]] = pair[1];
      });
      Object.keys(this.onMap).forEach(function (i) {
        if (!(i in want)) {
          self.layers[i].closeTooltip(); // a shape that leaves takes its open tooltip along
          self.map.removeLayer(self.layers[i]);
          delete self.onMap[i];
        }
      });
      Object.keys(want).forEach(function (i) {
        var st = want[i];
        var layer = self.shapeLayer(i, self.data.styles[st][2] === 1);
        if (!self.onMap[i]) {
          layer.addTo(self.map);
          // Leaflet listens for focus on a shape with a tooltip, which makes Chromium put
          // every shape in the Tab order; the map is one stop whose arrows visit countries.
          layer.getElement().setAttribute("tabindex", "-1");
          self.onMap[i] = true;
          self.styleNow[i] = null;
        }
        if (self.styleNow[i] !== st) {
          var before = self.styleNow[i];
          self.styleNow[i] = st;
          // Only a change the eye sees touches the shape: a new status line in the tooltip or
          // the table is data, and restyling the same fill would repaint its whole outline.
          if (before === null || !self.sameLook(before, st)) {
            layer.setStyle(self.styleOf(st));
            layer.getElement().setAttribute("data-category", self.cats[self.data.styles[st][0]].key);
          }
          // An open tooltip re-reads its content: the status it shows is this frame's.
          if (layer.isTooltipOpen()) layer.getTooltip().update();
        }
      });
      var wantLines = {};
      frame.border.forEach(function (i) {
        wantLines[i] = true;
      });
      Object.keys(this.linesOnMap).forEach(function (i) {
        if (!wantLines[i]) {
          self.map.removeLayer(self.lineLayers[i]);
          delete self.linesOnMap[i];
        }
      });
      frame.border.forEach(function (i) {
        if (!self.linesOnMap[i]) {
          self.borderLayer(i).addTo(self.map);
          self.linesOnMap[i] = true;
        }
      });
      this._drawForces(frame);
    },
  };

  /* Countries for the keyboard: the shapes on the map, by name, and one of them shown. */
  MapView.prototype.shownByName = function () {
    var self = this;
    return Object.keys(this.onMap)
      .map(Number)
      .sort(function (a, b) {
        return self.data.shapes[a].name.localeCompare(self.data.shapes[b].name) || a - b;
      });
  };

  /* Point out shape ``i``: outline it, open its tooltip at its middle, pan it into view.
   * Returns what the tooltip says, for the screen reader (null to stop pointing). */
  MapView.prototype.pointAt = function (i) {
    if (this.pointed !== undefined && this.layers[this.pointed]) {
      var before = this.layers[this.pointed];
      if (before.getElement()) before.getElement().classList.remove("nm-pointed");
      before.closeTooltip();
    }
    this.pointed = i;
    if (i === null || !this.onMap[i]) return null;
    var layer = this.layers[i];
    layer.getElement().classList.add("nm-pointed");
    var rings = layer.getLatLngs();
    var largest = Array.isArray(rings[0][0]) ? rings[0] : rings; // [polygon][ring][point]
    var where = L.latLngBounds(largest[0]).getCenter();
    if (!this.map.getBounds().contains(where)) this.map.panTo(where, { animate: false });
    layer.openTooltip(where);
    var tip = this.tooltip(i)();
    return tip.textContent ? Array.prototype.map.call(tip.childNodes, function (n) {
      return n.textContent;
    }).join(". ") : this.data.shapes[i].name;
  };

  var esc = function (text) {
    return String(text).replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  };

  /* A legend swatch as SVG markup in an 18 x 12 box: a fill, the hatch (pattern ``uid-key``),
   * a dashed outline for claimed land, Russia's outline, or the border line. Legend and
   * exported maps draw the same swatches; SVG fills print, where CSS backgrounds do not. */
  MapView.swatch = function (kind, c, colors, uid) {
    var box = 'x="1" y="1" width="16" height="10"';
    if (kind === "line") {
      return (
        '<line x1="0" y1="6" x2="18" y2="6" stroke="' + esc(colors.border) + '" stroke-width="5"/>' +
        '<line x1="0" y1="6" x2="18" y2="6" stroke="' + esc(colors.border_casing) +
        '" stroke-width="2.5" stroke-dasharray="4 3"/>'
      );
    }
    if (kind === "outline") {
      return "<rect " + box + ' fill="none" stroke="' + esc(colors.outline) + '" stroke-width="2"/>';
    }
    var fill = c.hatch ? "url(#" + uid + "-" + esc(c.key) + ")" : esc(c.fill);
    if (c.outline) {
      return "<rect " + box + ' fill="' + fill + '" stroke="' + esc(colors.claimed) +
        '" stroke-width="1.6" stroke-dasharray="3 2"/>';
    }
    return "<rect " + box + ' fill="' + fill + '" stroke="#8a8a8a" stroke-width="0.8"/>';
  };

  /* The hatch patterns as SVG markup, for a document of its own (an exported map). */
  MapView.patterns = function (cats, colors, uid) {
    return cats
      .filter(function (c) {
        return c.hatch;
      })
      .map(function (c) {
        return (
          '<pattern id="' + uid + "-" + esc(c.key) + '" patternUnits="userSpaceOnUse" width="6" ' +
          'height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="' + esc(c.fill) +
          '"/><rect width="2.5" height="6" fill="' + esc(colors.hatch) + '"/></pattern>'
        );
      })
      .join("");
  };

  /* A force symbol as inline SVG: a shape per kind, filled in its side's colour. */
  MapView.symbol = function (path, fill, size) {
    return (
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="' + size + '" height="' + size +
      '" aria-hidden="true" focusable="false"><path d="' + path + '" fill="' + fill +
      '" stroke="#ffffff" stroke-width="1.4" stroke-linejoin="round"/></svg>'
    );
  };

  ns.MapView = MapView;
  ns.decodeRing = decodeRing;
  ns.el = el;
  ns.esc = esc;
})((window.natomap = window.natomap || { maps: [] }));
