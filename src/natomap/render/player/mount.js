/* natomap player, part 5 of 5: mount() puts a film on a page.
 *
 * mount(box) reads the film's data from the container (script.nm-data), creates a Leaflet map
 * in its .nm-map (or adopts the one given: mount(box, {map: someLeafletMap}), e.g. a folium
 * map), and joins a controller, a map view and the controls. Several maps can share a page
 * without touching each other.
 *
 * The frame it opens on: the address's hash (#2004-03-29, #2004-03 or #2004: the map at the
 * end of that month or year), else the container's data-natomap-date (set by `natomap build
 * --date`, for embeds that lose the hash), else the first frame. While it is the only map on
 * its page, the address follows the map (history.replaceState) when a reader steps, drags the
 * slider, pauses or reaches the end, so a shared link opens on the date they saw.
 *
 * API, for host pages and tests: window.natomap.maps[i], or element.natomap on the container:
 *   frames() -> ["1949-08-24", ...]   current() -> "1949-08-24"   playing() -> bool
 *   goTo("2004-03-29" | "2004" | index)  (the latest frame on or before that date; a bad
 *   value is refused with a console warning)   play()  pause()  next()  prev()
 *   onChange(fn(date))   map (the Leaflet map)   controller   view   data
 *   svg() -> the current frame as an SVG document   png() -> a promise of a PNG blob
 *   frameCSV()   timelineCSV()   link()   embedCode()
 */
(function (ns) {
  "use strict";
  if (ns.mount) return;

  var count = 0;
  var reduceMotion = function () {
    return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  };

  var createMap = function (element, data) {
    var still = reduceMotion();
    var map = L.map(element, {
      zoomSnap: 0.25,
      minZoom: 1,
      maxZoom: 8,
      worldCopyJump: false,
      keyboard: false, // the map's keys are natomap's (controls.js): frames, countries, zoom
      attributionControl: false, // the credit is under the map, with the sources
      zoomAnimation: !still,
      fadeAnimation: !still,
      markerZoomAnimation: !still,
      maxBounds: [
        [-75, -240],
        [88, 240],
      ],
    });
    map.fitBounds(data.view_bounds);
    map.getContainer().style.background = data.colors.sea; // the sea: no tiles needed
    if (data.tiles) {
      L.tileLayer(data.tiles.url, { maxZoom: data.tiles.max_zoom }).addTo(map);
    }
    return map;
  };

  /* Ids inside a container are made unique on the page (two copies of one map), and the
   * attributes that refer to them follow. */
  var uniqueIds = function (box, uid) {
    var renamed = {};
    var withId = box.querySelectorAll("[id]");
    for (var i = 0; i < withId.length; i++) {
      var old = withId[i].id;
      renamed[old] = uid + "-" + old;
      withId[i].id = renamed[old];
    }
    ["aria-controls", "aria-describedby", "aria-labelledby", "for"].forEach(function (attr) {
      var refs = box.querySelectorAll("[" + attr + "]");
      for (var j = 0; j < refs.length; j++) {
        var ids = refs[j].getAttribute(attr).split(/\s+/).map(function (id) {
          return renamed[id] || id;
        });
        refs[j].setAttribute(attr, ids.join(" "));
      }
    });
  };

  /* The page stores each frame after the first as its changes (set, drop); the player
   * works with each frame's full list of shapes shown, [shape, style], rebuilt here. */
  var expandFrames = function (data) {
    var now = {};
    data.frames.forEach(function (f, i) {
      if (i === 0 || f.shown) {
        now = {};
        f.shown.forEach(function (p) {
          now[p[0]] = p[1];
        });
      } else {
        f.drop.forEach(function (s) {
          delete now[s];
        });
        f.set.forEach(function (p) {
          now[p[0]] = p[1];
        });
        f.shown = Object.keys(now).map(function (s) {
          return [Number(s), now[s]];
        });
      }
    });
    return data;
  };

  var mount = function (box, options) {
    options = options || {};
    var data = expandFrames(JSON.parse(box.querySelector("script.nm-data").textContent));
    var uid = "natomap-" + ++count; // prefix of this map's ids (the hatch pattern, panels)
    uniqueIds(box, uid);
    var dates = data.frames.map(function (f) {
      return f.date;
    });
    var controller = new ns.Controller(dates, { speed: data.speed });
    var map = options.map || createMap(box.querySelector(".nm-map"), data);
    if (options.map) {
      var own = box.querySelector(".nm-map");
      if (own) own.style.display = "none"; // the film plays on the adopted map
      var keys = box.querySelector(".nm-map + .nm-vh");
      if (keys && keys.id) map.getContainer().setAttribute("aria-describedby", keys.id);
    }

    var view = new ns.MapView(map, data, box, uid);
    var controls = new ns.Controls(box, controller, data, options);
    controls.attachMap(view);
    var lang = box.getAttribute("lang") || "en";
    var api = {
      container: box,
      map: map,
      view: view,
      data: data,
      lang: lang,
      controller: controller,
    };

    api.frames = function () {
      return dates.slice();
    };
    api.current = function () {
      return controller.date();
    };
    api.playing = function () {
      return controller.playing;
    };
    api.goTo = function (target) {
      return controller.goTo(target);
    };
    api.play = function () {
      controller.play();
    };
    api.pause = function () {
      controller.pause();
    };
    api.next = function () {
      controller.step(1);
    };
    api.prev = function () {
      controller.step(-1);
    };
    api.onChange = function (fn) {
      if (typeof fn !== "function") {
        console.warn("natomap: onChange() takes a function");
        return;
      }
      controller.onChange(function () {
        fn(controller.date());
      });
    };
    api.svg = function () {
      return ns.exporter.svgDocument(api).svg;
    };
    api.png = function () {
      return ns.exporter.pngBlob(api);
    };
    api.frameCSV = function () {
      return ns.exporter.frameCSV(data, controller.current);
    };
    api.timelineCSV = function () {
      return ns.exporter.timelineCSV(data);
    };
    api.link = function () {
      return ns.exporter.link(api);
    };
    api.embedCode = function () {
      return ns.exporter.embedCode(api);
    };

    // The address follows the map, when the page holds this map alone.
    var ownsAddress = function () {
      return options.hash !== false && document.querySelectorAll("[data-natomap]").length === 1;
    };
    var writeHash = function () {
      if (!ownsAddress() || controller.playing) return;
      var hash = "#" + controller.date();
      if (window.location.hash === hash) return;
      try {
        window.history.replaceState(window.history.state, "", hash);
      } catch (e) {
        // an opaque document (a sandboxed or srcdoc frame) has no address to keep
      }
    };
    var showFrame = function () {
      view.draw(controller.current);
      controls.show();
      writeHash();
    };
    controller.onChange(showFrame);

    var fromHash = function () {
      if (!ownsAddress()) return false;
      var day = ns.Controller.hashDate(window.location.hash);
      if (day !== null && controller.indexOf(day) !== null) {
        controller.goTo(day);
        return true;
      }
      return false;
    };
    window.addEventListener("hashchange", fromHash);
    if (window.ResizeObserver && !options.map) {
      new ResizeObserver(function () {
        map.invalidateSize({ animate: false });
      }).observe(box.querySelector(".nm-map"));
    }
    controls.legend(map, view);
    // After the first paint: measuring the dates forces a style pass the map need not wait for.
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        controls.sizeDate();
      });
    });
    controls.watchCaption();
    // The opening frame: the address, else the author's choice, else the first frame.
    var opening = box.getAttribute("data-natomap-date");
    var fromAddress = ns.Controller.hashDate(window.location.hash);
    if (!(fromAddress !== null && ownsAddress() && controller.indexOf(fromAddress) !== null)) {
      if (opening && controller.indexOf(opening) !== null) controller.current = controller.indexOf(opening);
    } else {
      controller.current = controller.indexOf(fromAddress);
    }
    view.draw(controller.current);
    controls.show();

    // Take-away: pictures, data, the link and the embed code.
    var status = box.querySelector(".nm-status");
    var tell = function (text) {
      if (status) status.textContent = text;
    };
    var stem = function () {
      return data.stem + "-" + controller.date();
    };
    var actions = {
      svg: function () {
        var name = stem() + ".svg";
        ns.exporter.download(new Blob([ns.exporter.svgDocument(api).svg], { type: "image/svg+xml" }), name);
        tell(data.ui.saved.replace("{name}", name));
      },
      png: function () {
        var name = stem() + ".png";
        return ns.exporter.pngBlob(api).then(function (blob) {
          ns.exporter.download(blob, name);
          tell(data.ui.saved.replace("{name}", name));
        });
      },
      csv: function () {
        var name = stem() + ".csv";
        ns.exporter.download(new Blob([ns.exporter.frameCSV(data, controller.current)], { type: "text/csv" }), name);
        tell(data.ui.saved.replace("{name}", name));
      },
      timeline: function () {
        var name = data.stem + "-timeline.csv";
        ns.exporter.download(new Blob([ns.exporter.timelineCSV(data)], { type: "text/csv" }), name);
        tell(data.ui.saved.replace("{name}", name));
      },
      link: function () {
        return ns.exporter.copy(ns.exporter.link(api)).then(function (ok) {
          tell(ok ? data.ui.copied : data.ui.copy_failed);
        });
      },
      embed: function () {
        return ns.exporter.copy(ns.exporter.embedCode(api)).then(function (ok) {
          tell(ok ? data.ui.copied : data.ui.copy_failed);
        });
      },
    };
    var embed = box.querySelector(".nm-embed");
    var refreshEmbed = function () {
      if (embed) embed.value = ns.exporter.embedCode(api);
    };
    controller.onChange(refreshEmbed);
    refreshEmbed();
    var exports = box.querySelectorAll("[data-export]");
    for (var e = 0; e < exports.length; e++) {
      exports[e].addEventListener("click", function (ev) {
        actions[ev.currentTarget.getAttribute("data-export")]();
      });
    }

    // Print: the legend open, the map sized to the paper, then back as it was.
    var legend = box.querySelector(".nm-legend");
    var legendWasOpen = null;
    window.addEventListener("beforeprint", function () {
      if (legend && legend.setOpen) {
        legendWasOpen = legend.querySelector(".nm-legend-body").hidden === false;
        legend.setOpen(true);
      }
      map.invalidateSize({ animate: false });
    });
    window.addEventListener("afterprint", function () {
      if (legend && legend.setOpen && legendWasOpen !== null) legend.setOpen(legendWasOpen);
      map.invalidateSize({ animate: false });
    });

    // In an iframe, tell the host page the height this map wants at its width (the embed
    // code's script sets the frame to it): the map at a readable shape, plus everything else.
    if (window.parent && window.parent !== window && !options.map) {
      var lastHeight = 0;
      var tellHeight = function () {
        var mapBox = box.querySelector(".nm-map");
        var width = box.clientWidth;
        var others = box.scrollHeight - mapBox.clientHeight;
        var wanted = Math.round(Math.max(260, Math.min(720, width * 0.62)) + others);
        if (Math.abs(wanted - lastHeight) > 2) {
          lastHeight = wanted;
          window.parent.postMessage({ "natomap:height": wanted }, "*");
        }
      };
      window.addEventListener("resize", tellHeight);
      tellHeight();
    }

    api.actions = actions;
    box.natomap = api;
    ns.maps.push(api);
    return api;
  };

  ns.mount = mount;
  ns.expandFrames = expandFrames;
  ns.mountAll = function () {
    var boxes = document.querySelectorAll("[data-natomap]");
    for (var i = 0; i < boxes.length; i++) {
      if (!boxes[i].natomap && !boxes[i].hasAttribute("data-natomap-manual")) mount(boxes[i]);
    }
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ns.mountAll);
  else ns.mountAll();
})((window.natomap = window.natomap || { maps: [] }));
