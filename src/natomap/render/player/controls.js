/* natomap player, part 3 of 4: the controls and the caption.
 *
 * Wires the container's buttons, slider and keys to a controller, writes each frame's caption
 * and announces it to screen readers once, keeps the address's hash in step with the map, and
 * adds the legend to the Leaflet map. Reads and writes only inside its own container.
 */
(function (ns) {
  "use strict";
  if (ns.Controls) return;

  // "2,166": toLocaleString would load locale data on first use, slowing the first frame.
  var thousands = function (n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  };

  function Controls(box, controller, data, options) {
    this.box = box;
    this.controller = controller;
    this.data = data;
    this.options = options || {};
    this.announced = -1;
    var q = function (sel) {
      return box.querySelector(sel);
    };
    this.q = q;
    this.slider = q(".nm-slider");
    this.playButton = q(".nm-play");
    this.live = q(".nm-live");
    this.sourceRows = box.querySelectorAll(".nm-sources [data-frame]");
    this.slider.max = String(data.frames.length - 1);
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
      this.box.addEventListener("keydown", function (e) {
        var t = e.target;
        var onSlider = t === self.slider;
        var onButton = t.tagName === "BUTTON" || t.tagName === "SUMMARY" || t.tagName === "A";
        var onMapPane = t.classList && t.classList.contains("leaflet-container");
        // Other form controls (the forces switch) keep their own keys.
        if (!onSlider && (t.tagName === "INPUT" || t.tagName === "SELECT")) return;
        if (e.key === " " && !onButton) c.toggle();
        else if (onSlider || onMapPane) return; // the slider steps itself, the map pans
        else if (e.key === "ArrowLeft") c.step(-1);
        else if (e.key === "ArrowRight") c.step(1);
        else if (e.key === "Home") c.goTo(0);
        else if (e.key === "End") c.goTo(c.last());
        else return;
        e.preventDefault();
      });
    },

    /* Show the controller's current frame in the caption and controls. */
    show: function () {
      var c = this.controller;
      var i = c.current;
      var f = this.data.frames[i];
      var q = this.q;
      this.slider.value = String(i);
      this.slider.setAttribute("aria-valuetext", f.label);
      q(".nm-when").textContent = f.label;
      q(".nm-when").setAttribute("datetime", f.date);
      q(".nm-what").textContent = f.title;
      q(".nm-desc").textContent = f.description;
      q(".nm-km").textContent = this.data.border_label
        ? this.data.border_label + ": " + thousands(f.km) + " km (" + f.km_note + ")"
        : "";
      q(".nm-alt").textContent = f.alt;
      q(".nm-date").textContent = f.label;
      this.playButton.textContent = c.playing ? "❚❚" : "▶";
      this.playButton.setAttribute("aria-label", c.playing ? "Pause" : "Play");
      this.playButton.setAttribute("aria-pressed", c.playing ? "true" : "false");
      for (var r = 0; r < this.sourceRows.length; r++) {
        var row = this.sourceRows[r];
        row.classList.toggle("nm-current", row.getAttribute("data-frame") === String(i));
      }
      this.box.setAttribute("data-frame", f.date);
      if (i !== this.announced) {
        this.announced = i;
        this.live.textContent = f.alt;
      }
    },

    legend: function (map, view) {
      var data = this.data;
      var el = ns.el;
      var legend = L.control({ position: "topright" });
      legend.onAdd = function () {
        var details = el("details", "nm-legend");
        details.open = map.getSize().x >= 640; // small embeds start with the map, not the key
        details.appendChild(el("summary", "", "Legend"));
        var list = el("ul");
        data.categories.forEach(function (c) {
          var item = el("li");
          var swatch = el("span", "nm-swatch" + (c.hatch ? " nm-hatch" : "") + (c.outline ? " nm-dashed" : ""));
          swatch.style.setProperty("--nm-fill", c.fill);
          swatch.style.setProperty("--nm-hatch", data.colors.hatch);
          swatch.style.setProperty("--nm-claimed", data.colors.claimed);
          item.appendChild(swatch);
          item.appendChild(document.createTextNode(c.label));
          list.appendChild(item);
        });
        var outline = el("li");
        var ring = el("span", "nm-swatch nm-outline");
        ring.style.borderColor = data.colors.outline;
        outline.appendChild(ring);
        outline.appendChild(document.createTextNode("Border of the USSR / Russia"));
        list.appendChild(outline);
        if (data.border_label) {
          var border = el("li");
          var sample = el("span", "nm-swatch nm-line");
          sample.style.setProperty("--nm-line", data.colors.border_casing);
          border.appendChild(sample);
          border.appendChild(document.createTextNode(data.border_label));
          list.appendChild(border);
        }
        details.appendChild(list);
        if (data.forces && data.forces.length) {
          // The forces layer: a real checkbox, reached with Tab and switched with Space.
          var label = el("label", "nm-forces-toggle");
          var box = el("input");
          box.type = "checkbox";
          box.checked = true;
          box.className = "nm-forces-switch";
          box.addEventListener("change", function () {
            view.showForces(box.checked);
          });
          label.appendChild(box);
          label.appendChild(document.createTextNode(" Forces"));
          details.appendChild(label);
          var kinds = el("ul", "nm-force-kinds");
          data.force_kinds.forEach(function (k) {
            var item = el("li");
            var swatch = el("span", "nm-symbol");
            swatch.innerHTML = ns.MapView.symbol(k.path, k.fill, 14);
            item.appendChild(swatch);
            item.appendChild(document.createTextNode(k.label));
            kinds.appendChild(item);
          });
          details.appendChild(kinds);
        }
        data.notes.forEach(function (note) {
          details.appendChild(el("p", "nm-note", note));
        });
        L.DomEvent.disableClickPropagation(details);
        L.DomEvent.disableScrollPropagation(details);
        return details;
      };
      legend.addTo(map);
      return legend;
    },
  };

  ns.Controls = Controls;
})((window.natomap = window.natomap || { maps: [] }));
