/* natomap player: draws each frame of a natomap animated map with Leaflet.
 *
 * Two parts kept apart (as in Our World in Data's timeline): Player is the playback state
 * machine (frames, current frame, playing, speed), with no DOM; mount() builds the view of one
 * map container, which only draws the player's current frame. Everything is scoped to the
 * container: several maps can share a page without touching each other.
 *
 * API, for host pages and tests: window.natomap.maps[i], or element.natomap on the container:
 *   frames() -> ["1949-08-24", ...]   current() -> "1949-08-24"   playing() -> bool
 *   goTo("2004-03-29" | index)  (the latest frame on or before that date)
 *   play()  pause()  next()  prev()  onChange(fn(date))
 */
(function () {
  "use strict";
  var ns = (window.natomap = window.natomap || { maps: [] });

  if (!ns.mount) {
    /* ---- playback state machine --------------------------------------------------------- */
    var Player = function (count, speed) {
      this.count = count;
      this.speed = speed; // milliseconds per frame
      this.current = 0;
      this.playing = false;
      this.listeners = [];
    };
    Player.prototype = {
      last: function () {
        return this.count - 1;
      },
      set: function (current, playing) {
        current = Math.max(0, Math.min(this.last(), current));
        if (current === this.current && playing === this.playing) return;
        this.current = current;
        this.playing = playing;
        for (var i = 0; i < this.listeners.length; i++) this.listeners[i](this);
      },
      goTo: function (index) {
        this.set(index, false);
      },
      step: function (delta) {
        this.set(this.current + delta, false);
      },
      play: function () {
        // Playing from the last frame starts the film again.
        this.set(this.current === this.last() ? 0 : this.current, true);
      },
      pause: function () {
        this.set(this.current, false);
      },
      toggle: function () {
        if (this.playing) this.pause();
        else this.play();
      },
      // One clock tick: advance, and stop on the last frame.
      tick: function () {
        if (!this.playing) return;
        var next = this.current + 1;
        this.set(next, next < this.last());
      },
    };
    ns.Player = Player;

    /* ---- data decoding ------------------------------------------------------------------ */
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
    var decodePolygons = function (polygons, scale) {
      return polygons.map(function (rings) {
        return rings.map(function (r) {
          return decodeRing(r, scale);
        });
      });
    };

    // "2,166": toLocaleString would load locale data on first use, slowing the first frame.
    var thousands = function (n) {
      return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    };

    var count = 0;
    var el = function (tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text) e.textContent = text;
      return e;
    };

    /* ---- the view of one container ------------------------------------------------------ */
    var mount = function (box) {
      var data = JSON.parse(box.querySelector("script.nm-data").textContent);
      var uid = "natomap-" + ++count; // prefix of this map's SVG ids (the hatch pattern)
      var frames = data.frames;
      var cats = data.categories;
      var player = new Player(frames.length, data.speed);
      var q = function (sel) {
        return box.querySelector(sel);
      };

      var map = L.map(q(".nm-map"), {
        zoomSnap: 0.25,
        minZoom: 1,
        maxZoom: 8,
        worldCopyJump: false,
        maxBounds: [
          [-75, -240],
          [88, 240],
        ],
      });
      var renderer = L.svg({ padding: 0.5 });
      map.addLayer(renderer);
      map.fitBounds(data.view_bounds);
      if (data.tiles) {
        L.tileLayer(data.tiles.url, {
          attribution: data.tiles.attribution,
          maxZoom: data.tiles.max_zoom,
        }).addTo(map);
      }
      // Leaflet's default prefix carries a national flag; a map about this war stays neutral.
      map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
      var credits = q("template.nm-attribution");
      if (credits) map.attributionControl.addAttribution(credits.innerHTML.trim());

      // The hatch for held territory: an SVG pattern inside this map's own <svg>.
      var defs = L.SVG.create("defs");
      cats.forEach(function (c) {
        if (!c.hatch) return;
        var p = L.SVG.create("pattern");
        p.setAttribute("id", uid + "-" + c.key);
        p.setAttribute("patternUnits", "userSpaceOnUse");
        p.setAttribute("width", "6");
        p.setAttribute("height", "6");
        p.setAttribute("patternTransform", "rotate(45)");
        var bg = L.SVG.create("rect");
        bg.setAttribute("width", "6");
        bg.setAttribute("height", "6");
        bg.setAttribute("fill", c.fill);
        var line = L.SVG.create("rect");
        line.setAttribute("width", "2.5");
        line.setAttribute("height", "6");
        line.setAttribute("fill", data.hatch_color);
        p.appendChild(bg);
        p.appendChild(line);
        defs.appendChild(p);
      });
      renderer._container.insertBefore(defs, renderer._container.firstChild);

      var fillOf = function (c) {
        return c.hatch ? "url(#" + uid + "-" + c.key + ")" : c.fill;
      };
      var styleOf = function (styleIndex) {
        var c = cats[data.styles[styleIndex][0]];
        var russian = data.styles[styleIndex][2] === 1;
        return {
          fillColor: fillOf(c),
          fillOpacity: data.tiles ? 0.7 : 1,
          color: russian ? data.outline_color : "#ffffff",
          weight: russian ? 1.8 : 0.6,
          opacity: 1,
        };
      };

      /* shapes: created once, on first use; each frame adds, removes and restyles */
      var layers = {};
      var styleNow = {};
      var tooltip = function (shapeIndex) {
        return function () {
          var shape = data.shapes[shapeIndex];
          var st = data.styles[styleNow[shapeIndex]];
          var div = el("div", "nm-tip");
          div.appendChild(el("strong", "", shape.name));
          div.appendChild(el("div", "", cats[st[0]].label));
          st[1].split("\n").forEach(function (line) {
            div.appendChild(el("div", "", line));
          });
          return div;
        };
      };
      var shapeLayer = function (i) {
        if (!layers[i]) {
          var shape = data.shapes[i];
          layers[i] = L.polygon(decodePolygons(shape.polygons, data.scale), {
            renderer: renderer,
            className: "nm-shape nm-code-" + shape.code,
            noClip: true, // clipping every ring on every zoom costs more than drawing it
          }).bindTooltip(tooltip(i), { sticky: true });
        }
        return layers[i];
      };
      var lineLayers = {};
      var borderLayer = function (i) {
        if (!lineLayers[i]) {
          var latlngs = data.lines[i].map(function (l) {
            return decodeRing(l, data.scale);
          });
          var opts = { renderer: renderer, interactive: false, lineCap: "butt" };
          lineLayers[i] = L.layerGroup([
            L.polyline(latlngs, L.extend({ color: "#000000", weight: 6, className: "nm-border" }, opts)),
            L.polyline(latlngs, L.extend({ color: data.border_color, weight: 3, dashArray: "7 5" }, opts)),
          ]);
        }
        return lineLayers[i];
      };

      var onMap = {};
      var linesOnMap = {};
      var draw = function (index) {
        var frame = frames[index];
        var want = {};
        frame.shown.forEach(function (pair) {
          want[pair[0]] = pair[1];
        });
        Object.keys(onMap).forEach(function (i) {
          if (!(i in want)) {
            map.removeLayer(layers[i]);
            delete onMap[i];
          }
        });
        var front = [];
        Object.keys(want).forEach(function (i) {
          var layer = shapeLayer(i);
          if (!onMap[i]) {
            layer.addTo(map);
            onMap[i] = true;
            styleNow[i] = null;
          }
          if (styleNow[i] !== want[i]) {
            styleNow[i] = want[i];
            layer.setStyle(styleOf(want[i]));
            var key = cats[data.styles[want[i]][0]].key;
            layer.getElement().setAttribute("data-category", key);
            // An open tooltip re-reads its content: the status it shows is this frame's.
            if (layer.isTooltipOpen()) layer.getTooltip().update();
          }
          if (data.styles[want[i]][2] === 1) front.push(layer);
        });
        // Russia's outline drawn over its neighbours' white borders, the NATO-Russia line on top.
        front.forEach(function (layer) {
          layer.bringToFront();
        });
        var wantLines = {};
        frame.border.forEach(function (i) {
          wantLines[i] = true;
        });
        Object.keys(linesOnMap).forEach(function (i) {
          if (!wantLines[i]) {
            map.removeLayer(lineLayers[i]);
            delete linesOnMap[i];
          }
        });
        frame.border.forEach(function (i) {
          var group = borderLayer(i);
          if (!linesOnMap[i]) {
            group.addTo(map);
            linesOnMap[i] = true;
          }
          group.eachLayer(function (l) {
            l.bringToFront();
          });
        });
      };

      /* controls and caption */
      var slider = q(".nm-slider");
      var playButton = q(".nm-play");
      var live = q(".nm-live");
      var sourceRows = box.querySelectorAll(".nm-sources [data-frame]");
      slider.max = String(frames.length - 1);
      var show = function () {
        var i = player.current;
        var f = frames[i];
        draw(i);
        slider.value = String(i);
        slider.setAttribute("aria-valuetext", f.label);
        q(".nm-when").textContent = f.label;
        q(".nm-when").setAttribute("datetime", f.date);
        q(".nm-what").textContent = f.title;
        q(".nm-desc").textContent = f.description;
        q(".nm-km").textContent = data.border_label
          ? data.border_label + ": " + thousands(f.km) + " km (" + f.km_note + ")"
          : "";
        q(".nm-alt").textContent = f.alt;
        q(".nm-date").textContent = f.label;
        playButton.textContent = player.playing ? "❚❚" : "▶";
        playButton.setAttribute("aria-label", player.playing ? "Pause" : "Play");
        playButton.setAttribute("aria-pressed", player.playing ? "true" : "false");
        for (var r = 0; r < sourceRows.length; r++) {
          sourceRows[r].classList.toggle("nm-current", sourceRows[r].getAttribute("data-frame") === String(i));
        }
        box.setAttribute("data-frame", f.date);
      };
      var announced = -1;
      var timer = null;
      player.listeners.push(function () {
        show();
        if (player.current !== announced) {
          announced = player.current;
          live.textContent = frames[announced].alt;
        }
        if (player.playing && timer === null) {
          timer = setTimeout(function run() {
            player.tick();
            timer = player.playing ? setTimeout(run, player.speed) : null;
          }, player.speed);
        } else if (!player.playing && timer !== null) {
          clearTimeout(timer);
          timer = null;
        }
      });

      playButton.addEventListener("click", function () {
        player.toggle();
      });
      q(".nm-prev").addEventListener("click", function () {
        player.step(-1);
      });
      q(".nm-next").addEventListener("click", function () {
        player.step(1);
      });
      slider.addEventListener("input", function () {
        player.goTo(Number(slider.value));
      });
      box.addEventListener("keydown", function (e) {
        var onSlider = e.target === slider;
        var onButton = e.target.tagName === "BUTTON" || e.target.tagName === "SUMMARY";
        var onMapPane = e.target.classList && e.target.classList.contains("leaflet-container");
        if (e.key === " " && !onButton) player.toggle();
        else if (onSlider || onMapPane) return; // the slider steps itself, the map pans
        else if (e.key === "ArrowLeft") player.step(-1);
        else if (e.key === "ArrowRight") player.step(1);
        else if (e.key === "Home") player.goTo(0);
        else if (e.key === "End") player.goTo(player.last());
        else return;
        e.preventDefault();
      });

      var indexOf = function (date) {
        if (typeof date === "number") return date;
        var found = -1;
        for (var i = 0; i < frames.length; i++) if (frames[i].date <= String(date)) found = i;
        if (found < 0) throw new Error("natomap: no frame on or before " + date);
        return found;
      };
      var fromHash = function () {
        var h = decodeURIComponent(window.location.hash.slice(1));
        if (/^\d{4}-\d{2}-\d{2}$/.test(h) && h >= frames[0].date) player.goTo(indexOf(h));
      };
      window.addEventListener("hashchange", fromHash);
      if (window.ResizeObserver) {
        new ResizeObserver(function () {
          map.invalidateSize();
        }).observe(q(".nm-map"));
      }

      buildLegend(map, data, fillOf);
      show();
      live.textContent = frames[0].alt;
      fromHash();

      var api = {
        container: box,
        map: map,
        player: player,
        frames: function () {
          return frames.map(function (f) {
            return f.date;
          });
        },
        current: function () {
          return frames[player.current].date;
        },
        playing: function () {
          return player.playing;
        },
        goTo: function (date) {
          player.goTo(indexOf(date));
          return api.current();
        },
        play: function () {
          player.play();
        },
        pause: function () {
          player.pause();
        },
        next: function () {
          player.step(1);
        },
        prev: function () {
          player.step(-1);
        },
        onChange: function (fn) {
          player.listeners.push(function () {
            fn(api.current());
          });
        },
      };
      box.natomap = api;
      ns.maps.push(api);
      return api;
    };

    var buildLegend = function (map, data, fillOf) {
      var legend = L.control({ position: "topright" });
      legend.onAdd = function () {
        var details = el("details", "nm-legend");
        details.open = map.getSize().x >= 640; // small embeds start with the map, not the key
        details.appendChild(el("summary", "", "Legend"));
        var list = el("ul");
        data.categories.forEach(function (c) {
          var item = el("li");
          var swatch = el("span", "nm-swatch" + (c.hatch ? " nm-hatch" : ""));
          swatch.style.setProperty("--nm-fill", c.fill);
          swatch.style.setProperty("--nm-hatch", data.hatch_color);
          item.appendChild(swatch);
          item.appendChild(document.createTextNode(c.label));
          list.appendChild(item);
        });
        var outline = el("li");
        var ring = el("span", "nm-swatch nm-outline");
        ring.style.borderColor = data.outline_color;
        outline.appendChild(ring);
        outline.appendChild(document.createTextNode("Border of the USSR / Russia"));
        list.appendChild(outline);
        if (data.border_label) {
          var border = el("li");
          var sample = el("span", "nm-swatch nm-line");
          sample.style.setProperty("--nm-line", data.border_color);
          border.appendChild(sample);
          border.appendChild(document.createTextNode(data.border_label));
          list.appendChild(border);
        }
        details.appendChild(list);
        data.notes.forEach(function (note) {
          details.appendChild(el("p", "nm-note", note));
        });
        L.DomEvent.disableClickPropagation(details);
        L.DomEvent.disableScrollPropagation(details);
        return details;
      };
      legend.addTo(map);
    };

    ns.mount = mount;
    ns.mountAll = function () {
      var boxes = document.querySelectorAll("[data-natomap]");
      for (var i = 0; i < boxes.length; i++) if (!boxes[i].natomap) mount(boxes[i]);
    };
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ns.mountAll);
  else ns.mountAll();
})();
