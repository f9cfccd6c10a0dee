"""Benchmark natomap's animated HTML map against its peers, in one run, side by side.

Peers build frames of ``natomap.frames()`` from the same data (``atlas`` + ``classify``,
computed once beforehand and not timed for them): plotly express with ``animation_frame``
(plotly.js inlined) and folium's ``TimeSliderChoropleth``. The peers get only the territories
of Europe and North America at full 1:50m detail, and by default only 11 of the 40 frames
(``--frames``): with all 40, plotly express writes about 600 MB (its GeoJSON is repeated in
every trace of every frame) and Chromium does not render it within ten minutes. natomap always
draws all 40 frames of the world with all its layers (Russia's outline, the NATO–Russia border,
captions, sources) and its build time includes computing every atlas frame, so the ratios
favour the peers.

Reported per tool: HTML bytes, gzip bytes (folium: with its libraries counted as if inlined,
those available from xstatic packages), build seconds, first-render ms and median frame-step
ms in headless Chromium with the network blocked (folium's CDN libraries are served from the
xstatic packages). Run: ``python3 bench/bench_html.py`` (needs ``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import tempfile
import time
from pathlib import Path

import shapely

import natomap
from natomap.film import frames
from natomap.render.html import render_page
from natomap.render.style import categories

EUROPE_AND_NORTH_AMERICA = shapely.box(-170, 25, 60, 84)
CHROMIUM = "/usr/bin/chromium"


def shared_input(count: int) -> tuple[list[str], dict[str, shapely.Geometry], list[dict]]:
    """``count`` frame dates spread over the 40, distinct territory shapes (Europe and North
    America) and per-frame rows."""
    keys: dict[tuple[str, bytes], str] = {}
    shapes: dict[str, shapely.Geometry] = {}
    rows = []
    every = [d.isoformat() for d in frames()]
    count = min(count, len(every))
    dates = [every[round(i * (len(every) - 1) / max(count - 1, 1))] for i in range(count)]
    for day in dates:
        frame = natomap.frame(day).geo()
        frame = frame[frame.intersects(EUROPE_AND_NORTH_AMERICA)]
        for row in frame.itertuples():
            key = keys.setdefault((row.code, row.geometry.wkb), f"{row.code}-{len(keys)}")
            shapes[key] = row.geometry
            rows.append({"date": day, "id": key, "name": row.name, "category": row.category})
    return dates, shapes, rows


def _geojson(shapes: dict[str, shapely.Geometry]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": k, "properties": {}, "geometry": g.__geo_interface__}
            for k, g in shapes.items()
        ],
    }


def build_natomap(out: Path) -> Path:
    path = out / "natomap.html"
    path.write_text(render_page(natomap.Film.of()), encoding="utf-8")
    return path


def build_plotly(out: Path, dates, shapes, rows) -> Path:
    import pandas as pd
    import plotly.express as px

    fills = {c.key: c.fill for c in categories(natomap.Film.of())}
    fig = px.choropleth(
        pd.DataFrame(rows),
        geojson=_geojson(shapes),
        locations="id",
        color="category",
        color_discrete_map=fills,
        category_orders={"category": list(fills), "date": dates},
        animation_frame="date",
        hover_name="name",
    )
    fig.update_geos(fitbounds="locations", visible=False)
    path = out / "plotly.html"
    fig.write_html(path, include_plotlyjs=True, full_html=True)
    return path


def build_folium(out: Path, dates, shapes, rows) -> Path:
    import datetime as dt

    import folium
    from folium.plugins import TimeSliderChoropleth

    fills = {c.key: c.fill for c in categories(natomap.Film.of())}
    stamps = {
        d: str(int(dt.datetime.fromisoformat(d).replace(tzinfo=dt.UTC).timestamp())) for d in dates
    }
    styles = {k: {s: {"color": "#ffffff", "opacity": 0} for s in stamps.values()} for k in shapes}
    for r in rows:
        styles[r["id"]][stamps[r["date"]]] = {"color": fills[r["category"]], "opacity": 1}
    m = folium.Map(location=[52, 15], zoom_start=4, tiles=None)
    TimeSliderChoropleth(json.dumps(_geojson(shapes)), styledict=styles).add_to(m)
    path = out / "folium.html"
    m.save(path)
    return path


def _libraries() -> dict[str, Path]:
    """Local copies of the libraries folium's page asks CDNs for, by file name."""
    import xstatic.pkg.d3 as d3
    import xstatic.pkg.jquery as jquery
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.moment as moment

    return {
        "leaflet.js": Path(leaflet.BASE_DIR) / "leaflet.js",
        "leaflet.css": Path(leaflet.BASE_DIR) / "leaflet.css",
        "jquery-3.7.1.min.js": Path(jquery.BASE_DIR) / "jquery.min.js",
        "d3.v4.min.js": Path(d3.BASE_DIR) / "d3.js",
        "moment.min.js": Path(moment.BASE_DIR) / "moment.min.js",
    }


EMPTY_TOPOLOGY = json.dumps(
    {
        "type": "Topology",
        "arcs": [],
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "objects": {
            name: {"type": "GeometryCollection", "geometries": []}
            for name in ("coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits")
        },
    }
)

# JavaScript run in the page: when the first shape is drawn, and what one frame step costs.
FIRST_RENDER = """(selector) => {
  const check = () => document.querySelector(selector)
      ? (window.__firstRender = performance.now()) : requestAnimationFrame(check);
  check();
}"""
STEPS = {
    "natomap": """async () => { const m = window.natomap.maps[0], out = [];
        for (let i = 1; i < m.frames().length; i++) {
          const t = performance.now(); m.goTo(i); document.body.offsetHeight;
          out.push(performance.now() - t); }
        return out; }""",
    "folium": """async () => { const s = document.querySelector('input[type=range]'), out = [];
        for (let i = 1; i <= Number(s.max); i++) {
          const t = performance.now(); s.value = i; s.dispatchEvent(new Event('input'));
          document.body.offsetHeight; out.push(performance.now() - t); }
        return out; }""",
    "plotly": """async () => { const gd = document.querySelector('.js-plotly-plot'), out = [];
        const names = gd._transitionData._frames.map(f => f.name);
        for (const name of names.slice(1)) {
          const t = performance.now();
          await Plotly.animate(gd, [name], {frame: {duration: 0, redraw: true},
                                            transition: {duration: 0}, mode: 'immediate'});
          out.push(performance.now() - t); }
        return out; }""",
}
READY = {
    "natomap": "path.nm-shape",
    "folium": "path.leaflet-interactive",
    "plotly": ".choroplethlayer path",
}


def measure(browser, tool: str, path: Path) -> tuple[float, float]:
    """First-render ms and median frame-step ms of one page, network blocked."""
    libraries = _libraries()
    context = browser.new_context(viewport={"width": 1200, "height": 800})

    def route(r):
        url = r.request.url
        if url.startswith("file:"):
            return r.continue_()
        local = libraries.get(url.rsplit("/", 1)[-1])
        if local:
            return r.fulfill(path=str(local))
        if url.endswith("_110m.json"):  # plotly's base map; hidden here, so an empty one
            return r.fulfill(body=EMPTY_TOPOLOGY, content_type="application/json")
        return r.fulfill(body="", content_type="text/plain")  # fonts, bootstrap: not needed

    context.route("**/*", route)
    page = context.new_page()
    page.add_init_script(f"({FIRST_RENDER})({json.dumps(READY[tool])})")
    page.goto(path.as_uri(), timeout=240_000)
    page.wait_for_function("window.__firstRender !== undefined", timeout=240_000)
    first = page.evaluate("window.__firstRender")
    steps = page.evaluate(STEPS[tool])
    context.close()
    return first, statistics.median(steps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="Keep the pages in this folder.")
    parser.add_argument("--frames", type=int, default=11, help="Frames the peers draw (max 40).")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="natomap-bench-"))
    out.mkdir(parents=True, exist_ok=True)

    results = {}
    start = time.perf_counter()
    natomap_page = build_natomap(out)
    results["natomap"] = {"path": natomap_page, "build": time.perf_counter() - start}
    dates, shapes, rows = shared_input(args.frames)
    print(f"{len(dates)} frames; peers get {len(shapes)} territory shapes, {len(rows)} rows")
    for tool, build in (("plotly", build_plotly), ("folium", build_folium)):
        start = time.perf_counter()
        path = build(out, dates, shapes, rows)
        results[tool] = {"path": path, "build": time.perf_counter() - start}

    for tool, r in results.items():
        data = r["path"].read_bytes()
        if tool == "folium":  # as if its libraries were inlined too
            data += b"".join(p.read_bytes() for p in _libraries().values())
        r["bytes"], r["gzip"] = len(data), len(gzip.compress(data, mtime=0))

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        for tool, r in results.items():
            r["first"], r["step"] = measure(browser, tool, r["path"])
            print(f"{tool}: first render {r['first']:.0f} ms, frame step {r['step']:.1f} ms")
        browser.close()

    header = f"{'tool':<9}{'HTML MB':>9}{'gzip MB':>9}{'build s':>9}{'first ms':>10}{'step ms':>9}"
    print(header)
    for tool, r in results.items():
        print(
            f"{tool:<9}{r['bytes'] / 1e6:>9.2f}{r['gzip'] / 1e6:>9.2f}{r['build']:>9.1f}"
            f"{r['first']:>10.0f}{r['step']:>9.1f}"
        )
    n = results["natomap"]
    for peer in ("plotly", "folium"):
        r = results[peer]
        print(
            f"natomap / {peer}: bytes {n['bytes'] / r['bytes']:.3f}, gzip "
            f"{n['gzip'] / r['gzip']:.3f}, first render {n['first'] / r['first']:.2f}, "
            f"frame step {n['step'] / r['step']:.2f}"
        )
    print(f"pages in {out}")


if __name__ == "__main__":
    main()
