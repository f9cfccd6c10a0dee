/* natomap player, part 4 of 4: mount() puts a film on a page.
 *
 * mount(box) reads the film's data from the container (script.nm-data), creates a Leaflet map
 * in its .nm-map (or adopts the one given: mount(box, {map: someLeafletMap}), e.g. a folium
 * map), and joins a controller, a map view and the controls. Several maps can share a page
 * without touching each other.
 *
 * API, for host pages and tests: window.natomap.maps[i], or element.natomap on the container:
 *   frames() -> ["1949-08-24", ...]   current() -> "1949-08-24"   playing() -> bool
 *   goTo("2004-03-29" | "2004" | index)  (the latest frame on or before that date; a bad
 *   value is refused with a console warning)   play()  pause()  next()  prev()
 *   onChange(fn(date))   map (the Leaflet map)   controller
 */
(function (ns) {
  "use strict";
  if (ns.mount) return;

  var count = 0;

  var createMap = function (element, data) {
    var map = L.map(element, {
      zoomSnap: 0.25,
      minZoom: 1,
      maxZoom: 8,
      worldCopyJump: false,
      maxBounds: [
        [-75, -240],
        [88, 240],
      ],
    });
    map.fitBounds(data.view_bounds);
    map.getContainer().style.background = data.colors.sea; // the sea: no tiles needed
    if (data.tiles) {
      L.tileLayer(data.tiles.url, {
        attribution: data.tiles.attribution,
        maxZoom: data.tiles.max_zoom,
      }).addTo(map);
    }
    return map;
  };

  var mount = function (box, options) {
    options = options || {};
    var data = JSON.parse(box.querySelector("script.nm-data").textContent);
    var uid = "natomap-" + ++count; // prefix of this map's SVG ids (the hatch pattern)
    var dates = data.frames.map(function (f) {
      return f.date;
    });
    var controller = new ns.Controller(dates, { speed: data.speed });
    var map = options.map || createMap(box.querySelector(".nm-map"), data);
    if (options.map) {
      var own = box.querySelector(".nm-map");
      if (own) own.style.display = "none"; // the film plays on the adopted map
    }
    // Leaflet's default prefix carries a national flag; a map about this war stays neutral.
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    var credits = box.querySelector("template.nm-attribution");
    if (credits) map.attributionControl.addAttribution(credits.innerHTML.trim());

    var view = new ns.MapView(map, data, box, uid);
    var controls = new ns.Controls(box, controller, data, options);
    var showFrame = function () {
      view.draw(controller.current);
      controls.show();
    };
    controller.onChange(showFrame);

    var fromHash = function () {
      var day = ns.Controller.hashDate(window.location.hash);
      if (day !== null) controller.goTo(day);
    };
    window.addEventListener("hashchange", fromHash);
    if (window.ResizeObserver && !options.map) {
      new ResizeObserver(function () {
        map.invalidateSize();
      }).observe(box.querySelector(".nm-map"));
    }
    controls.legend(map, view);
    showFrame();
    fromHash();

    var api = {
      container: box,
      map: map,
      controller: controller,
      frames: function () {
        return dates.slice();
      },
      current: function () {
        return controller.date();
      },
      playing: function () {
        return controller.playing;
      },
      goTo: function (target) {
        return controller.goTo(target);
      },
      play: function () {
        controller.play();
      },
      pause: function () {
        controller.pause();
      },
      next: function () {
        controller.step(1);
      },
      prev: function () {
        controller.step(-1);
      },
      onChange: function (fn) {
        if (typeof fn !== "function") {
          console.warn("natomap: onChange() takes a function");
          return;
        }
        controller.onChange(function () {
          fn(controller.date());
        });
      },
    };
    box.natomap = api;
    ns.maps.push(api);
    return api;
  };

  ns.mount = mount;
  ns.mountAll = function () {
    var boxes = document.querySelectorAll("[data-natomap]");
    for (var i = 0; i < boxes.length; i++) {
      if (!boxes[i].natomap && !boxes[i].hasAttribute("data-natomap-manual")) mount(boxes[i]);
    }
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ns.mountAll);
  else ns.mountAll();
})((window.natomap = window.natomap || { maps: [] }));
