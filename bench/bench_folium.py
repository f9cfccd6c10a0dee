"""natomap's folium pages beside natomap's own page, in one run, as ratios.

Issue 14 asks that a folium-based page stay within 10% of natomap's own page in bytes and
first render. Three pages of the same bundled data:

- ``natomap``: ``render_page(Film.of())``, the page ``natomap build`` writes;
- ``layer``: ``natomap.folium.AnimatedLayer`` on a plain ``folium.Map(tiles=None)`` with a
  reader's marker, saved by ``natomap.folium.save`` (the same film and player, in folium's
  page);
- ``explore``: ``natomap.explore(date)``, one date (not a peer of the other two: one frame
  instead of all; shown for its size and first render).

Each page is built once untimed (the film's frames and map data are shared by all three,
so no page pays for them), then built again and timed; then the three are opened in turn,
``--loads`` rounds, in headless Chromium with the network blocked: first render is the
median time from navigation to the first territory drawn, and frame step the median time
of one ``goTo`` over every frame.
Run: ``python3 bench/bench_folium.py``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import tempfile
import time
from pathlib import Path

import folium

import natomap
import natomap.folium
from natomap.render.html import render_page

CHROMIUM = "/usr/bin/chromium"
DATE = "2024-03-07"
FIRST_RENDER = """() => {
  const check = () => document.querySelector("path.nm-shape")
      ? (window.__firstRender = performance.now()) : requestAnimationFrame(check);
  check();
}"""
STEP = """() => { const m = window.natomap.maps[0], out = [];
    for (let i = 1; i < m.frames().length; i++) {
      const t = performance.now(); m.goTo(i); document.body.offsetHeight;
      out.push(performance.now() - t); }
    return out; }"""


def page_natomap() -> str:
    return render_page(natomap.Film.of())


def page_layer() -> str:
    m = folium.Map(tiles=None)
    folium.Marker([54.69, 25.28], tooltip="Vilnius").add_to(m)
    natomap.folium.AnimatedLayer(natomap.Film.of()).add_to(m)
    return natomap.folium.to_html(m)


def page_explore() -> str:
    return natomap.folium.to_html(natomap.explore(DATE))


PAGES = {"natomap": page_natomap, "layer": page_layer, "explore": page_explore}


def build(out: Path) -> dict[str, dict]:
    results = {}
    for make in PAGES.values():
        make()  # frames, map data and atlas shapes computed once, for every page
    for name, make in PAGES.items():
        start = time.perf_counter()
        html = make()
        seconds = time.perf_counter() - start
        assert make() == html, f"{name}: two builds differ"
        path = out / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        data = html.encode()
        results[name] = {
            "path": path,
            "bytes": len(data),
            "gzip_bytes": len(gzip.compress(data, mtime=0)),
            "build_s": seconds,
        }
    return results


def load(browser, path: Path, steps: bool) -> tuple[float, float | None]:
    """One load of a page, network blocked: first-render ms and median frame-step ms."""
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            return r.continue_()
        blocked.append(r.request.url)
        return r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.add_init_script(f"({FIRST_RENDER})()")
    page.goto(path.as_uri())
    page.wait_for_function("window.__firstRender !== undefined")
    first = page.evaluate("window.__firstRender")
    step = None
    if steps:
        page.wait_for_function("window.natomap && window.natomap.maps.length === 1")
        step = statistics.median(page.evaluate(STEP))
    assert blocked == [], f"{path.name} asked the network for {blocked}"
    context.close()
    return first, step


def measure(browser, results: dict[str, dict], loads: int) -> None:
    """Median first render and frame step of each page over ``loads`` rounds; each round
    loads every page once, in turn, so a busy machine slows them alike."""
    seen: dict[str, list[tuple[float, float | None]]] = {name: [] for name in results}
    for _ in range(loads):
        for name, r in results.items():
            seen[name].append(load(browser, r["path"], name != "explore"))
    for name, r in results.items():
        r["first_render_ms"] = statistics.median(f for f, _ in seen[name])
        steps = [s for _, s in seen[name] if s is not None]
        r["step_ms"] = statistics.median(steps) if steps else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--loads", type=int, default=5, help="page loads per page (median)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        results = build(Path(tmp))
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic"],
            )
            measure(browser, results, args.loads)
            browser.close()
    base = results["natomap"]
    rows = []
    for name, r in results.items():
        del r["path"]
        r["bytes_ratio"] = r["bytes"] / base["bytes"]
        r["first_render_ratio"] = r["first_render_ms"] / base["first_render_ms"]
        rows.append((name, r))
    if args.json:
        print(json.dumps(dict(rows), indent=2))
        return
    print(
        f"{'page':8} {'bytes':>10} {'gzip':>9} {'build s':>8} {'first ms':>9} {'step ms':>8}"
        f" {'bytes×':>7} {'first×':>7}"
    )
    for name, r in rows:
        step = f"{r['step_ms']:8.2f}" if r["step_ms"] is not None else f"{'—':>8}"
        print(
            f"{name:8} {r['bytes']:10,} {r['gzip_bytes']:9,} {r['build_s']:8.2f} "
            f"{r['first_render_ms']:9.0f} {step} {r['bytes_ratio']:7.3f} "
            f"{r['first_render_ratio']:7.3f}"
        )
    print(f"(explore: one date, {DATE}; ratios against natomap's own page)")


if __name__ == "__main__":
    main()
