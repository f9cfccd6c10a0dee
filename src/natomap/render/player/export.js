/* natomap player, part 4 of 5: what a reader takes away from the page.
 *
 * The current frame as an SVG or PNG picture (the map as it is on screen, with its title,
 * legend, caption and credit), the frame's data and the whole timeline as CSV, a link to the
 * date shown and the code to embed the map elsewhere. All of it is made in the page from the
 * page's own data: it works offline, from a file.
 */
(function (ns) {
  "use strict";
  if (ns.exporter) return;

  var FONT = "DejaVu Sans, Verdana, Arial, sans-serif";
  var esc = function (text) {
    return ns.esc(text);
  };

  var csvField = function (value) {
    var text = value === null || value === undefined ? "" : String(value);
    // A leading =, +, - or @ would be a formula to a spreadsheet.
    if (/^[=+\-@]/.test(text)) text = "'" + text;
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  };

  var csv = function (header, rows) {
    return [header]
      .concat(rows)
      .map(function (r) {
        return r.map(csvField).join(",");
      })
      .join("\r\n") + "\r\n";
  };

  /* The territories of frame ``index`` as table rows, by name. */
  var rows = function (data, index) {
    var frame = data.frames[index];
    var out = frame.shown.map(function (pair) {
      var shape = data.shapes[pair[0]];
      var st = data.styles[pair[1]];
      return {
        code: shape.code,
        territory: shape.name,
        shown_as: data.categories[st[0]].label,
        status: st[3],
        held_by: st[4],
        since: st[5],
        source: st[6] >= 0 ? data.sources[st[6]] : "",
      };
    });
    out.sort(function (a, b) {
      return a.territory.localeCompare(b.territory) || (a.code < b.code ? -1 : 1);
    });
    return out;
  };

  var frameCSV = function (data, index) {
    var date = data.frames[index].date;
    return csv(
      ["date", "code", "territory", "shown_as", "status", "held_by", "since", "source"],
      rows(data, index).map(function (r) {
        return [date, r.code, r.territory, r.shown_as, r.status, r.held_by, r.since, r.source];
      })
    );
  };

  var timelineCSV = function (data) {
    var header = ["date", "title", "description"];
    if (data.border_label) header.push("border_km");
    header.push("sources");
    return csv(
      header,
      data.frames.map(function (f) {
        var row = [f.date, f.title, f.description];
        if (data.border_label) row.push(f.km);
        row.push(
          f.sources
            .map(function (k) {
              return data.sources[k];
            })
            .join(" ")
        );
        return row;
      })
    );
  };

  var host = function (url) {
    var m = /^[a-z]+:\/\/(?:www\.)?([^/?#]+)/i.exec(url);
    return m ? m[1] : url;
  };

  /* Text broken into lines that fit ``width`` pixels in ``font``. */
  var measure = null;
  var wrap = function (text, font, width) {
    if (!measure) measure = document.createElement("canvas").getContext("2d");
    measure.font = font;
    var out = [];
    var line = "";
    String(text)
      .split(/\s+/)
      .forEach(function (word) {
        if (!word) return;
        var tryLine = line ? line + " " + word : word;
        if (line && measure.measureText(tryLine).width > width) {
          out.push(line);
          line = word;
        } else line = tryLine;
      });
    if (line) out.push(line);
    return out;
  };

  var textLines = function (lines, x, y, size, weight, fill, lineHeight) {
    return lines
      .map(function (line, i) {
        return (
          '<text x="' + x + '" y="' + (y + i * lineHeight) + '" font-size="' + size + '"' +
          (weight ? ' font-weight="' + weight + '"' : "") + ' fill="' + fill + '">' + esc(line) + "</text>"
        );
      })
      .join("");
  };

  // One subpath through the points of a ring or line, in the map's container pixels.
  var subpath = function (map, points) {
    return (
      "M" +
      points
        .map(function (ll) {
          var p = map.latLngToContainerPoint(ll);
          return Math.round(p.x * 10) / 10 + " " + Math.round(p.y * 10) / 10;
        })
        .join("L")
    );
  };

  var pathOf = function (map, latlngs) {
    // [polygon][ring][point] or [ring][point]: every ring a closed subpath.
    var rings = [];
    var collect = function (part) {
      if (part.length && part[0] instanceof L.LatLng) rings.push(part);
      else part.forEach(collect);
    };
    collect(latlngs);
    return rings
      .map(function (ring) {
        return subpath(map, ring) + "Z";
      })
      .join("");
  };

  var lineOf = function (map, latlngs) {
    return latlngs
      .map(function (line) {
        return subpath(map, line);
      })
      .join("");
  };

  /* The frame on screen as a standalone SVG document: title, the map as it is framed now,
   * the legend, the caption and the credit. Returns {svg, width, height, mapX, mapY}: the
   * map's top left corner in the picture, where a point of the map on screen lands. */
  var svgDocument = function (api) {
    var data = api.data;
    var view = api.view;
    var map = api.map;
    var frame = data.frames[api.controller.current];
    var size = map.getSize();
    var W = Math.max(480, size.x);
    var pad = 16;
    var inner = W - 2 * pad;
    var uid = "x";
    var ink = "#1a1a1a";
    var muted = "#4a4a4a";
    var parts = [];
    var y = pad;
    var title = wrap(data.title, "bold 20px " + FONT, inner);
    parts.push(textLines(title, pad, y + 18, 20, "bold", ink, 25));
    y += title.length * 25;
    var sub = wrap(data.subtitle, "13px " + FONT, inner);
    parts.push(textLines(sub, pad, y + 14, 13, null, muted, 17));
    y += sub.length * 17 + 4;
    var head = wrap(frame.label + ": " + frame.title, "bold 15px " + FONT, inner);
    parts.push(textLines(head, pad, y + 15, 15, "bold", ink, 20));
    y += head.length * 20 + 6;
    // The map, as framed on screen, clipped to its box.
    var mapX = Math.round((W - size.x) / 2);
    var mapY = y;
    var shapes = [];
    var bounds = map.getBounds().pad(0.05);
    var drawShapes = function (russian) {
      view.shownByName().forEach(function (i) {
        var st = data.styles[view.styleNow[i]];
        if ((st[2] === 1) !== russian) return;
        var layer = view.layers[i];
        if (!bounds.intersects(layer.getBounds())) return;
        var style = view.styleOf(view.styleNow[i]);
        var c = data.categories[st[0]];
        shapes.push(
          '<path d="' + pathOf(map, layer.getLatLngs()) + '" fill="' +
            (c.hatch ? "url(#" + uid + "-" + esc(c.key) + ")" : esc(c.fill)) + '" fill-rule="evenodd" stroke="' +
            esc(style.color) + '" stroke-width="' + style.weight + '" stroke-linejoin="round"' +
            (style.dashArray ? ' stroke-dasharray="' + style.dashArray + '"' : "") + "/>"
        );
      });
    };
    drawShapes(false);
    drawShapes(true);
    frame.border.forEach(function (i) {
      var d = lineOf(map, view.borderLayer(i).getLayers()[0].getLatLngs());
      shapes.push('<path d="' + d + '" fill="none" stroke="' + esc(data.colors.border) + '" stroke-width="6"/>');
      shapes.push(
        '<path d="' + d + '" fill="none" stroke="' + esc(data.colors.border_casing) +
          '" stroke-width="3" stroke-dasharray="7 5"/>'
      );
    });
    if (view.forcesVisible) {
      (frame.forces || []).forEach(function (i) {
        var f = data.forces[i];
        var p = map.latLngToContainerPoint([f.lat, f.lon]);
        if (p.x < 0 || p.y < 0 || p.x > size.x || p.y > size.y) return;
        var kind = data.force_kinds.filter(function (k) {
          return k.key === f.kind && k.fill === data.force_colors[f.side];
        })[0];
        shapes.push(
          '<g transform="translate(' + (Math.round(p.x) - 9) + " " + (Math.round(p.y) - 9) + ') scale(1.125)">' +
            '<path d="' + kind.path + '" fill="' + esc(kind.fill) +
            '" stroke="#ffffff" stroke-width="1.4" stroke-linejoin="round"/></g>'
        );
      });
    }
    parts.push(
      '<g transform="translate(' + mapX + " " + mapY + ')" clip-path="url(#' + uid + '-clip)">' +
        '<rect width="' + size.x + '" height="' + size.y + '" fill="' + esc(data.colors.sea) + '"/>' +
        shapes.join("") +
        "</g>"
    );
    parts.push(
      '<rect x="' + mapX + '" y="' + mapY + '" width="' + size.x + '" height="' + size.y +
        '" fill="none" stroke="#9a9a9a" stroke-width="1"/>'
    );
    y += size.y + 12;
    // The legend, in as many columns as fit.
    var entries = data.categories.map(function (c) {
      return { kind: "fill", c: c, label: c.label };
    });
    entries.push({ kind: "outline", label: data.ui.russia_outline });
    if (data.border_label) entries.push({ kind: "line", label: data.border_label });
    if (view.forcesVisible && frame.forces && frame.forces.length) {
      var kindsShown = {};
      frame.forces.forEach(function (i) {
        kindsShown[data.forces[i].kind + "/" + data.force_colors[data.forces[i].side]] = true;
      });
      data.force_kinds.forEach(function (k) {
        if (kindsShown[k.key + "/" + k.fill]) entries.push({ kind: "symbol", k: k, label: k.label });
      });
    }
    var columns = Math.max(1, Math.min(3, Math.floor(inner / 250)));
    var colWidth = inner / columns;
    var perColumn = Math.ceil(entries.length / columns);
    var legendHeight = 0;
    entries.forEach(function (e, k) {
      var col = Math.floor(k / perColumn);
      var lines = wrap(e.label, "12px " + FONT, colWidth - 30);
      var ex = pad + col * colWidth;
      var before = entries.slice(col * perColumn, k).reduce(function (h, other) {
        return h + wrap(other.label, "12px " + FONT, colWidth - 30).length * 15 + 4;
      }, 0);
      var ey = y + before;
      var mark =
        e.kind === "symbol"
          ? '<g transform="translate(3 -1) scale(0.8)"><path d="' + e.k.path + '" fill="' + esc(e.k.fill) +
            '" stroke="#ffffff" stroke-width="1.4"/></g>'
          : ns.MapView.swatch(e.kind, e.c, data.colors, uid);
      parts.push('<g transform="translate(' + ex + " " + (ey + 1) + ')">' + mark + "</g>");
      parts.push(textLines(lines, ex + 26, ey + 11, 12, null, ink, 15));
      legendHeight = Math.max(legendHeight, before + lines.length * 15 + 4);
    });
    y += legendHeight + 8;
    data.notes.forEach(function (n) {
      var lines = wrap(n, "italic 11px " + FONT, inner);
      parts.push(textLines(lines, pad, y + 11, 11, null, muted, 14));
      y += lines.length * 14 + 2;
    });
    var caption = [frame.description];
    if (data.border_label) {
      caption.push(data.border_label + ": " + frame.km_text + " km (" + frame.km_note + ")");
    }
    caption.forEach(function (text) {
      if (!text) return;
      var lines = wrap(text, "13px " + FONT, inner);
      parts.push(textLines(lines, pad, y + 13, 13, null, ink, 17));
      y += lines.length * 17 + 2;
    });
    var credit = wrap(
      data.credit +
        ". " +
        data.ui.source +
        ": " +
        frame.sources
          .map(function (k) {
            return data.sources[k];
          })
          .join(" "),
      "11px " + FONT,
      inner
    );
    parts.push(textLines(credit, pad, y + 12, 11, null, muted, 14));
    y += credit.length * 14 + pad;
    var H = Math.ceil(y);
    var svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="' + W + '" height="' + H + '" viewBox="0 0 ' + W + " " + H +
      '" font-family="' + FONT + '" role="img" aria-label="' + esc(frame.alt) + '">' +
      "<title>" + esc(data.title + " — " + frame.label) + "</title>" +
      "<defs>" + ns.MapView.patterns(data.categories, data.colors, uid) +
      '<clipPath id="' + uid + '-clip"><rect width="' + size.x + '" height="' + size.y + '"/></clipPath></defs>' +
      '<rect width="' + W + '" height="' + H + '" fill="#ffffff"/>' +
      parts.join("") +
      "</svg>";
    return { svg: svg, width: W, height: H, mapX: mapX, mapY: mapY };
  };

  /* The SVG drawn on a canvas at twice its size, as a PNG blob (a promise). */
  var pngBlob = function (api, scale) {
    var doc = svgDocument(api);
    scale = scale || 2;
    var url = URL.createObjectURL(new Blob([doc.svg], { type: "image/svg+xml" }));
    var img = new Image();
    img.src = url;
    return img
      .decode()
      .then(function () {
        var canvas = document.createElement("canvas");
        canvas.width = doc.width * scale;
        canvas.height = doc.height * scale;
        var ctx = canvas.getContext("2d");
        ctx.scale(scale, scale);
        ctx.drawImage(img, 0, 0, doc.width, doc.height);
        return new Promise(function (resolve) {
          canvas.toBlob(resolve, "image/png");
        });
      })
      .finally(function () {
        URL.revokeObjectURL(url);
      });
  };

  var download = function (blob, name) {
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 1000);
  };

  /* Copy ``text``: the Clipboard API where the page may use it, else a selected textarea. */
  var copy = function (text) {
    var fallback = function () {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (e) {
        ok = false;
      }
      document.body.removeChild(area);
      return ok;
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text).then(
        function () {
          return true;
        },
        function () {
          return fallback();
        }
      );
    }
    return Promise.resolve(fallback());
  };

  /* The address of this page at the date shown. */
  var link = function (api) {
    return String(window.location.href).split("#")[0] + "#" + api.current();
  };

  /* An iframe for another page, titled, at the date shown, with a script that lets the page
   * inside set the frame's height (it posts {"natomap:height": pixels} to its parent). */
  var attr = function (text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  };
  var embedCode = function (api) {
    var title = api.data.title;
    return (
      "<" + 'iframe src="' + attr(link(api)) + '" title="' + attr(title) + '" width="100%" height="640"' +
      ' style="border:0;width:100%;max-width:100%" loading="lazy" data-natomap-embed></iframe>\n' +
      "<scr" + "ipt>window.addEventListener(\"message\",function(e){var h=e.data&&e.data[\"natomap:height\"];" +
      "if(typeof h!==\"number\")return;document.querySelectorAll(\"iframe[data-natomap-embed]\")" +
      ".forEach(function(f){if(f.contentWindow===e.source)f.style.height=Math.round(h)+\"px\"})});<\/script>"
    );
  };

  ns.exporter = {
    rows: rows,
    frameCSV: frameCSV,
    timelineCSV: timelineCSV,
    svgDocument: svgDocument,
    pngBlob: pngBlob,
    download: download,
    copy: copy,
    link: link,
    embedCode: embedCode,
    host: host,
  };
})((window.natomap = window.natomap || { maps: [] }));
