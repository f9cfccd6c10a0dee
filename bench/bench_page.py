"""What a reader waits for on the page, measured as the screen shows it, side by side in one run.

Pages, each opened in headless Chromium with the network blocked:

- ``natomap``: this checkout's page (every layer on: Russia's side, forces);
- ``before``: the page of the version given by ``--before`` (a checkout of natomap, default
  the one named by ``$NATOMAP_BEFORE``), built in a process of its own;
- ``folium``: folium's ``TimeSliderChoropleth`` with natomap's frames of Europe and North
  America (its CDN libraries served from the xstatic packages).

Per page: bytes (and gzip bytes), the first render (navigation to the first territory shape
on screen), and the frame step as a reader sees it: from a ``performance.mark`` placed just
before the step, to the first frame the compositor draws after the commit that carries the
step (Chromium's trace: the renderer's ``ProxyImpl::Commit``, the compositor frame it then
submits, the display's next draw), median over the steps; with the
number of raster tasks a step costs. Both also under a 4x CPU throttle (DevTools' CPU
throttling, through CDP). The synchronous JavaScript alone is not a frame step.

Run: ``python3 bench/bench_page.py --before /path/to/old/natomap`` (``pip install -e
'.[bench]'``). Numbers vary between machines and runs; compare the ratios of one run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline.frame",
    "blink.user_timing",
    "cc",
    "viz",
]
READY = {
    "natomap": "path.nm-shape",
    "before": "path.nm-shape",
    "folium": "path.leaflet-interactive",
}

# A step for each page kind: the page's own API (natomap) or the slider's input (folium).
STEP = {
    "natomap": "(i) => window.natomap.maps[0].goTo(i)",
    "before": "(i) => window.natomap.maps[0].goTo(i)",
    "folium": """(i) => { const s = document.querySelector('input[type=range]');
                   s.value = i; s.dispatchEvent(new Event('input')); }""",
}
COUNT = {
    "natomap": "window.natomap.maps[0].frames().length",
    "before": "window.natomap.maps[0].frames().length",
    "folium": "Number(document.querySelector('input[type=range]').max) + 1",
}
FIRST_RENDER = """(selector) => {
  const check = () => document.querySelector(selector)
      ? (window.__firstRender = performance.now()) : requestAnimationFrame(check);
  check();
}"""


def build_pages(out: Path, before: Path | None, frames: int) -> dict[str, Path]:
    """natomap's page of this checkout, of ``before`` (in a subprocess, with its own code
    first on the path), and folium's TimeSliderChoropleth of the same frames."""
    here = Path(__file__).resolve().parents[1]
    pages = {}
    script = (  # animated_map() is the API both versions share
        "import sys; from natomap.render.html import animated_map; "
        "open(sys.argv[1], 'w', encoding='utf-8').write(animated_map().html)"
    )
    for name, root in (("natomap", here), ("before", before)):
        if root is None:
            continue
        path = out / f"{name}.html"
        env = {**os.environ, "PYTHONPATH": str(root / "src")}
        subprocess.run([sys.executable, "-c", script, str(path)], check=True, env=env)
        pages[name] = path
    sys.path.insert(0, str(here / "bench"))
    from bench_html import build_folium, shared_input

    dates, shapes, rows = shared_input(frames)
    pages["folium"] = build_folium(out, dates, shapes, rows)
    return pages


def _route(context) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_html import _libraries

    libraries = _libraries()

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:", "blob:")):
            return r.continue_()
        local = libraries.get(url.rsplit("/", 1)[-1])
        if local:
            return r.fulfill(path=str(local))
        return r.fulfill(body="", content_type="text/plain")

    context.route("**/*", route)


def _steps_from_trace(trace: dict, marks: list[str]) -> tuple[list[float], list[int]]:
    """For each mark: ms until the display compositor draws the frame that carries the step
    (in the page's renderer: the first commit after the mark, then the compositor frame it
    submits; then the display's first draw after that), and the raster tasks in between."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    mark_ts: dict[str, tuple[float, int]] = {}
    for e in events:
        if e.get("name") in marks and e.get("cat") == "blink.user_timing":
            mark_ts.setdefault(e["name"], (e["ts"], e["pid"]))
    renderer = next(iter(mark_ts.values()))[1] if mark_ts else None

    def ends(name: str, pid: int | None = None) -> list[float]:
        return sorted(
            e["ts"] + e.get("dur", 0)
            for e in events
            if e.get("name") == name and e.get("ph") == "X" and (pid is None or e["pid"] == pid)
        )

    commits = ends("ProxyImpl::Commit", renderer)
    submits = ends("ProxyImpl::ScheduledActionDraw", renderer)
    draws = ends("SoftwareRenderer::DoDrawQuad")
    rasters = sorted(e["ts"] for e in events if e.get("name") == "RasterTask")
    latencies, raster_counts = [], []
    for mark in marks:
        if mark not in mark_ts:
            continue
        t = mark_ts[mark][0]
        commit = next((c for c in commits if c > t), None)
        submit = next((s for s in submits if commit is not None and s > commit), None)
        draw = next((d for d in draws if submit is not None and d > submit), None)
        if draw is None:
            continue
        latencies.append((draw - t) / 1000)
        raster_counts.append(sum(1 for r in rasters if t <= r <= draw))
    return latencies, raster_counts


def measure(browser, kind: str, path: Path, throttle: float, steps: int) -> dict:
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    _route(context)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    if throttle > 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    page.add_init_script(f"({FIRST_RENDER})({json.dumps(READY[kind])})")
    page.goto(path.as_uri(), timeout=240_000)
    page.wait_for_selector(READY[kind], state="attached", timeout=240_000)
    for _ in range(200):
        if page.evaluate("window.__firstRender !== undefined"):
            break
        page.wait_for_timeout(25)
    first = page.evaluate("window.__firstRender")
    page.wait_for_timeout(1000)  # let the first render settle
    total = page.evaluate(COUNT[kind])
    # Consecutive steps, as a reader playing the film sees them: frame 1, 2, 3, ...
    indices = list(range(1, min(steps, total - 1) + 1))
    browser.start_tracing(page=page, categories=CATEGORIES)
    marks = []
    for n, i in enumerate(indices):
        mark = f"natomap-step-{n}"
        marks.append(mark)
        page.evaluate(
            f"""async () => {{ performance.mark({json.dumps(mark)});
                ({STEP[kind]})({i});
                await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); }}"""
        )
        page.wait_for_timeout(150)
    trace = json.loads(browser.stop_tracing())
    context.close()
    latencies, rasters = _steps_from_trace(trace, marks)
    return {
        "first": first,
        "step": statistics.median(latencies) if latencies else float("nan"),
        "steps": len(latencies),
        "rasters": statistics.median(rasters) if rasters else float("nan"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, default=os.environ.get("NATOMAP_BEFORE"))
    parser.add_argument("--out", type=Path, default=None, help="Keep the pages here.")
    parser.add_argument("--steps", type=int, default=39, help="Frame steps per page.")
    parser.add_argument("--frames", type=int, default=40, help="Frames folium draws.")
    parser.add_argument("--rounds", type=int, default=3, help="Rounds over the pages.")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="natomap-bench-page-"))
    out.mkdir(parents=True, exist_ok=True)
    pages = build_pages(out, Path(args.before) if args.before else None, args.frames)

    from playwright.sync_api import sync_playwright

    rows: dict[tuple[str, int], dict] = {}
    runs: dict[tuple[str, int], list[dict]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        # Rounds take the pages in turn, so a busy moment of the machine hits them all alike;
        # each figure is the median of the rounds.
        for round_ in range(args.rounds):
            for throttle in (1, 4):
                for kind, path in pages.items():
                    r = measure(browser, kind, path, throttle, args.steps)
                    runs.setdefault((kind, throttle), []).append(r)
                    print(
                        f"round {round_ + 1} {kind:8} x{throttle}: first render "
                        f"{r['first']:7.0f} ms, frame step {r['step']:6.1f} ms (median of "
                        f"{r['steps']}), raster tasks {r['rasters']}"
                    )
        browser.close()
    for key, results in runs.items():
        rows[key] = {
            name: statistics.median(r[name] for r in results) for name in ("first", "step")
        } | {"rasters": statistics.median(r["rasters"] for r in results)}
    print()
    print(
        f"{'page':8}{'KB':>8}{'gzip KB':>9}{'first ms':>10}{'step ms':>9}{'x4 first':>10}"
        f"{'x4 step':>9}{'rasters':>9}"
    )
    for kind, path in pages.items():
        data = path.read_bytes()
        a, b = rows[(kind, 1)], rows[(kind, 4)]
        print(
            f"{kind:8}{len(data) / 1e3:>8.0f}{len(gzip.compress(data, mtime=0)) / 1e3:>9.0f}"
            f"{a['first']:>10.0f}{a['step']:>9.1f}{b['first']:>10.0f}{b['step']:>9.1f}"
            f"{a['rasters']:>9}"
        )
    for other in ("before", "folium"):
        if other in pages:
            for throttle in (1, 4):
                n, o = rows[("natomap", throttle)], rows[(other, throttle)]
                print(
                    f"natomap / {other} x{throttle}: frame step {n['step'] / o['step']:.2f}, "
                    f"first render {n['first'] / o['first']:.2f}"
                )
    print(f"pages in {out}")


if __name__ == "__main__":
    main()
