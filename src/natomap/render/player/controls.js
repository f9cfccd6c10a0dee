/* natomap player, part 3 of 5: the controls, the caption and the panels.
 *
 * Wires the container's buttons, slider and keys to a controller, writes each frame's caption
 * and announces it to screen readers once, adds the legend to the Leaflet map, and opens the
 * panels under the map (sources, the frame's data as a table, download and share). The map is
 * one focus stop: its arrow keys step frames (left, right) and go from country to country (up,
 * down), so a reader reaches Play in a few Tab presses, not after every country. Reads and
 * writes only inside its own container; every word comes from the page's data (data.ui).
 */
(function (ns) {
  "use strict";
  if (ns.Controls) return;

  function Controls(box, controller, data, options) {
    this.box = box;
    this.controller = controller;
    this.data = data;
    this.words = data.ui;
    this.lang = box.getAttribute("lang") || "en";
    this.options = options || {};
    this.announced = -1;
    var q = function (sel) {
      return box.querySelector(sel);
    };
    this.q = q;
    this.slider = q(".nm-slider");
    this.playButton = q(".nm-play");
    this.live = q(".nm-live");
    this.dateOut = q(".nm-date");
    this.mapElement = null;
    this.sourceRows = box.querySelectorAll(".nm-sources [data-frame]");
    this.openers = box.querySelectorAll(".nm-foot .nm-open");
    this.slider.max = String(data.frames.length - 1);
    this.view = null;
    this.pointed = -1; // the country the map's up and down keys have reached
    this._wire();
  }

  Controls.prototype = {
    _wire: function () {
      var c = this.controller;
      var self = this;
      this.playButton.addEventListener("click", function () {
        c.toggle();
      });
      this.q(".nm-prev").addEventListener("click", function () {
        c.step(-1);
      });
      this.q(".nm-next").addEventListener("click", function () {
        c.step(1);
      });
      this.slider.addEventListener("input", function () {
        c.goTo(Number(self.slider.value));
      });
      for (var i = 0; i < this.openers.length; i++) {
        this.openers[i].addEventListener("click", function (e) {
          self.toggle(e.currentTarget);
        });
      }
      this.box.addEventListener("keydown", function (e) {
        var t = e.target;
        if (e.key === "Escape" && self.openPanel()) {
          var opener = self.openPanel();
          self.toggle(opener);
          opener.focus();
          e.preventDefault();
          return;
        }
        if (t === self.mapElement) return; // the map's own keys (attachMap)
        var onSlider = t === self.slider;
        var onButton = t.tagName === "BUTTON" || t.tagName === "SUMMARY" || t.tagName === "A";
        // Other form controls (the forces switch, the embed code) keep their own keys.
        if (!onSlider && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) return;
        if (self.box.querySelector(".nm-panel:not([hidden])") && self.box.querySelector(".nm-panel:not([hidden])").contains(t)) return;
        if (e.key === " " && !onButton) c.toggle();
        else if (onSlider) return; // the slider steps itself
        else if (e.key === "ArrowLeft") c.step(-1);
        else if (e.key === "ArrowRight") c.step(1);
        else if (e.key === "Home") c.goTo(0);
        else if (e.key === "End") c.goTo(c.last());
        else return;
        e.preventDefault();
      });
    },

    /* The map's keys and focus, on the map's container (the adopted map's, if any). */
    attachMap: function (view) {
      var self = this;
      this.view = view;
      this.mapElement = view.map.getContainer();
      if (!this.mapElement.hasAttribute("tabindex")) this.mapElement.setAttribute("tabindex", "0");
      this.mapElement.addEventListener("keydown", function (e) {
        if (e.target === self.mapElement) self._mapKey(e);
      });
      this.mapElement.addEventListener("blur", function () {
        view.pointAt(null);
        self.pointed = -1;
      });
      // Zoom buttons leave the Tab order: the map's + and - keys zoom.
      var zoom = this.mapElement.querySelectorAll(".leaflet-control-zoom a");
      for (var i = 0; i < zoom.length; i++) zoom[i].setAttribute("tabindex", "-1");
    },

    /* The map's keys: frames, countries, zoom and pan. */
    _mapKey: function (e) {
      var c = this.controller;
      var map = this.view && this.view.map;
      if (e.altKey || e.ctrlKey || e.metaKey || !map) return;
      var pan = { ArrowLeft: [-80, 0], ArrowRight: [80, 0], ArrowUp: [0, -80], ArrowDown: [0, 80] };
      if (e.shiftKey && pan[e.key]) map.panBy(pan[e.key], { animate: false });
      else if (e.key === "ArrowLeft") c.step(-1);
      else if (e.key === "ArrowRight") c.step(1);
      else if (e.key === "ArrowUp" || e.key === "ArrowDown") this.point(e.key === "ArrowDown" ? 1 : -1);
      else if (e.key === "+" || e.key === "=") map.zoomIn(1, { animate: false });
      else if (e.key === "-" || e.key === "_") map.zoomOut(1, { animate: false });
      else if (e.key === "Home") c.goTo(0);
      else if (e.key === "End") c.goTo(c.last());
      else if (e.key === " ") c.toggle();
      else if (e.key === "Escape") {
        this.view.pointAt(null);
        this.pointed = -1;
      } else return;
      e.preventDefault();
    },

    /* Go to the next (or previous) country by name, and say what the map shows there. */
    point: function (delta) {
      var shown = this.view.shownByName();
      if (!shown.length) return;
      var at = shown.indexOf(this.pointed);
      var next = at < 0 ? (delta > 0 ? 0 : shown.length - 1) : (at + delta + shown.length) % shown.length;
      this.pointed = shown[next];
      this.say(this.view.pointAt(this.pointed));
    },

    say: function (text) {
      this.live.textContent = text;
    },

    /* The panels under the map: one open at a time, each opened and closed by its button. */
    openPanel: function () {
      for (var i = 0; i < this.openers.length; i++) {
        if (this.openers[i].getAttribute("aria-expanded") === "true") return this.openers[i];
      }
      return null;
    },

    toggle: function (opener) {
      var open = opener.getAttribute("aria-expanded") !== "true";
      for (var i = 0; i < this.openers.length; i++) {
        var other = this.openers[i];
        var show = open && other === opener;
        other.setAttribute("aria-expanded", show ? "true" : "false");
        this.box.querySelector("#" + other.getAttribute("aria-controls")).hidden = !show;
      }
      this.box.classList.toggle("nm-panel-open", open);
      var foot = this.q(".nm-foot");
      if (open && foot) this.box.style.setProperty("--nm-foot", foot.offsetHeight + "px");
      if (open) this.fillTable();
    },

    /* The current frame's data as a table, for readers who don't read maps (filled only
     * while the table is open). */
    fillTable: function () {
      var panel = this.q(".nm-table");
      if (panel.hidden) return;
      var rows = ns.exporter.rows(this.data, this.controller.current);
      var words = this.words;
      panel.querySelector("caption").textContent = words.table_caption.replace(
        "{date}",
        this.data.frames[this.controller.current].label
      );
      var body = document.createElement("tbody");
      rows.forEach(function (r) {
        var tr = document.createElement("tr");
        var th = ns.el("th", "", r.territory);
        th.setAttribute("scope", "row");
        tr.appendChild(th);
        [r.shown_as, r.status, r.held_by, r.since].forEach(function (v) {
          tr.appendChild(ns.el("td", "", v));
        });
        var td = ns.el("td");
        if (r.source) {
          var a = ns.el("a", "", ns.exporter.host(r.source));
          a.href = r.source;
          a.rel = "noopener";
          td.appendChild(a);
        }
        tr.appendChild(td);
        body.appendChild(tr);
      });
      var table = panel.querySelector("table");
      table.replaceChild(body, table.querySelector("tbody"));
    },

    /* The date beside the slider gets the width of the longest date, so the slider keeps
     * its length while the film plays. Measured on a canvas: no layout of the page. */
    sizeDate: function () {
      var style = window.getComputedStyle(this.dateOut);
      var ctx = document.createElement("canvas").getContext("2d");
      ctx.font = style.fontWeight + " " + style.fontSize + " " + style.fontFamily;
      var widest = 0;
      this.data.frames.forEach(function (f) {
        widest = Math.max(widest, ctx.measureText(f.label).width);
      });
      if (widest > 0) this.dateOut.style.width = Math.ceil(widest) + 4 + "px";
    },

    /* A caption longer than its room scrolls; then it takes focus, so the keyboard can
     * scroll it too. Checked when sizes change (a ResizeObserver), after layout. */
    watchCaption: function () {
      var self = this;
      var caption = this.q(".nm-caption");
      if (!window.ResizeObserver) return;
      var watcher = new ResizeObserver(function () {
        self.fitCaption();
      });
      watcher.observe(caption);
      for (var i = 0; i < caption.children.length; i++) watcher.observe(caption.children[i]);
    },

    fitCaption: function () {
      var caption = this.q(".nm-caption");
      var scrolls = caption.scrollHeight > caption.clientHeight + 1;
      if (scrolls) caption.setAttribute("tabindex", "0");
      else caption.removeAttribute("tabindex");
    },

    /* Show the controller's current frame in the caption and controls. */
    show: function () {
      var c = this.controller;
      var i = c.current;
      var f = this.data.frames[i];
      var q = this.q;
      var words = this.words;
      this.slider.value = String(i);
      this.slider.setAttribute("aria-valuetext", f.label);
      q(".nm-when").textContent = f.label;
      q(".nm-when").setAttribute("datetime", f.date);
      q(".nm-what").textContent = f.title;
      q(".nm-desc").textContent = f.description;
      // A caption the events table has not in the page's language is English, and says so.
      var captionLang = f.caption_lang && f.caption_lang !== this.lang ? f.caption_lang : null;
      [".nm-what", ".nm-desc"].forEach(function (sel) {
        if (captionLang) q(sel).setAttribute("lang", captionLang);
        else q(sel).removeAttribute("lang");
      });
      q(".nm-km").textContent = this.data.border_label
        ? this.data.border_label + ": " + f.km_text + " km (" + f.km_note + ")"
        : "";
      q(".nm-alt").textContent = f.alt;
      this.dateOut.textContent = f.label;
      this.playButton.classList.toggle("nm-playing", c.playing);
      this.playButton.setAttribute("aria-label", c.playing ? words.pause : words.play);
      this.playButton.setAttribute("aria-pressed", c.playing ? "true" : "false");
      for (var r = 0; r < this.sourceRows.length; r++) {
        var row = this.sourceRows[r];
        row.classList.toggle("nm-current", row.getAttribute("data-frame") === String(i));
      }
      this.box.setAttribute("data-frame", f.date);
      if (i !== this.announced) {
        this.announced = i;
        this.say(f.alt);
        this.fillTable();
        if (this.pointed >= 0 && this.view) {
          this.view.pointAt(null);
          this.pointed = -1;
        }
      }
    },

    legend: function (map, view) {
      var data = this.data;
      var words = this.words;
      var el = ns.el;
      var uid = view.uid;
      var legend = L.control({ position: "topright" });
      var swatch = function (kind, c) {
        var s = el("span", "nm-swatch");
        s.innerHTML =
          '<svg viewBox="0 0 18 12" width="18" height="12" aria-hidden="true" focusable="false">' +
          ns.MapView.swatch(kind, c, data.colors, uid) +
          "</svg>";
        return s;
      };
      legend.onAdd = function () {
        var box = el("div", "nm-legend");
        var button = el("button", "nm-legend-button", words.legend);
        button.type = "button";
        var body = el("div", "nm-legend-body");
        body.id = uid + "-legend";
        button.setAttribute("aria-controls", body.id);
        var setOpen = function (open) {
          button.setAttribute("aria-expanded", open ? "true" : "false");
          body.hidden = !open;
        };
        setOpen(map.getSize().x >= 640 && map.getSize().y >= 300); // small embeds start with the map
        button.addEventListener("click", function () {
          setOpen(body.hidden);
        });
        box.setOpen = setOpen;
        box.appendChild(button);
        var list = el("ul");
        var item = function (s, label) {
          var li = el("li");
          li.appendChild(s);
          li.appendChild(document.createTextNode(label));
          list.appendChild(li);
        };
        data.categories.forEach(function (c) {
          item(swatch("fill", c), c.label);
        });
        item(swatch("outline"), words.russia_outline);
        if (data.border_label) item(swatch("line"), data.border_label);
        body.appendChild(list);
        if (data.forces && data.forces.length) {
          // The forces layer: a real checkbox, reached with Tab and switched with Space.
          var label = el("label", "nm-forces-toggle");
          var check = el("input");
          check.type = "checkbox";
          check.checked = true;
          check.className = "nm-forces-switch";
          check.addEventListener("change", function () {
            view.showForces(check.checked);
          });
          label.appendChild(check);
          label.appendChild(document.createTextNode(" " + words.forces));
          body.appendChild(label);
          var kinds = el("ul", "nm-force-kinds");
          data.force_kinds.forEach(function (k) {
            var li = el("li");
            var symbol = el("span", "nm-symbol");
            symbol.innerHTML = ns.MapView.symbol(k.path, k.fill, 14);
            li.appendChild(symbol);
            li.appendChild(document.createTextNode(k.label));
            kinds.appendChild(li);
          });
          body.appendChild(kinds);
        }
        data.notes.forEach(function (note) {
          body.appendChild(el("p", "nm-note", note));
        });
        box.appendChild(body);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      };
      legend.addTo(map);
      return legend;
    },
  };

  ns.Controls = Controls;
})((window.natomap = window.natomap || { maps: [] }));
