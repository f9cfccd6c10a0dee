"""Time the static part of ``natomap build``: every still (PNG + SVG), the panels and the GIF.

Reports, side by side in one run:
- the whole ``natomap build`` cold (HTML, statistics, stills, panels, GIF): the goal is under
  15 s on a 2-core machine;
- the static build cold (a fresh Python process: imports, tables, geometry) and warm (caches
  filled), on one process and on every core, wall and CPU time;
- one still, natomap's cached-path drawing against the straightforward peer (re-project the
  atlas with ``GeoDataFrame.to_crs`` and draw it with ``GeoDataFrame.plot`` on every frame);
- one frame of the build (still PNG + SVG + GIF frame): one canvas shown frame after frame and
  drawn once (natomap), against a new figure per frame drawn twice, once for the still and once
  for the GIF (how natomap drew them before), with what each keeps in memory per GIF frame.

Wall time on a shared virtual machine can run well above CPU time (other tenants take the
cores), so every run is repeated and the best is printed, with its CPU time.
Run: ``PYTHONPATH=src python3 bench/bench_static.py``
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

REPEAT = 2
SRC = Path(__file__).resolve().parents[1] / "src"

COLD = """
import json, sys, time
from pathlib import Path
t = time.perf_counter()
import natomap
from natomap.outputs import Outputs
from natomap.render.batch import write_static
paths = write_static(natomap.Film.of(), Outputs(Path(sys.argv[1])), workers=int(sys.argv[2]))
print(json.dumps({"wall": time.perf_counter() - t, "files": len(paths)}))
"""


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def cold(workers: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as out:
        env = {**os.environ, "PYTHONPATH": str(SRC)}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", COLD, out, str(workers)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        result = json.loads(done.stdout.strip().splitlines()[-1])
    return {"wall": wall, "cpu": cpu, "files": result["files"]}


def warm(workers: int) -> dict[str, float]:
    import natomap
    from natomap.outputs import Outputs
    from natomap.render.batch import write_static

    with tempfile.TemporaryDirectory() as out:
        outputs = Outputs(Path(out))
        cpu, t = _cpu(), time.perf_counter()
        paths = write_static(natomap.Film.of(), outputs, workers=workers)
        wall = time.perf_counter() - t
        size = outputs.gif.stat().st_size
        return {"wall": wall, "cpu": _cpu() - cpu, "files": len(paths), "gif_mb": size / 1e6}


def per_still(days: list) -> tuple[float, float]:
    """Seconds per still (PNG at 1500 px + SVG): natomap against the geopandas peer."""
    from matplotlib.figure import Figure

    import natomap
    from natomap.render.export import save_figure
    from natomap.render.static import REGIONS, map_figure
    from natomap.render.style import categories

    fills = {c.key: c.fill for c in categories(natomap.Film.of())}
    x0, y0, x1, y1 = REGIONS["europe"].extent
    with tempfile.TemporaryDirectory() as out:
        t = time.process_time()
        for d in days:
            fig = map_figure(d)
            save_figure(fig, Path(out) / f"{d}.png")
            save_figure(fig, Path(out) / f"{d}.svg")
        ours = (time.process_time() - t) / len(days)
        t = time.process_time()
        for d in days:
            frame = natomap.frame(d).geo()
            colours = frame.category.map(fills)
            # The peer clips as natomap does, so that both draw the same land.
            frame = frame.clip((-50, 20, 90, 85)).to_crs("EPSG:3035")
            fig = Figure(figsize=(10, 10.3), dpi=150)
            ax = fig.add_axes((0.01, 0.1, 0.98, 0.8))
            frame.plot(ax=ax, color=colours[frame.index], edgecolor="white", linewidth=0.35)
            ax.set_xlim(x0, x1)
            ax.set_ylim(y0, y1)
            fig.savefig(Path(out) / f"peer-{d}.png", metadata={"Software": None})
            fig.savefig(Path(out) / f"peer-{d}.svg")
        peer = (time.process_time() - t) / len(days)
    return ours, peer


def per_frame(days: list) -> dict[str, float]:
    """CPU seconds per frame of the build's static job, and bytes kept per GIF frame until
    the GIF is written: natomap against a new figure per frame drawn twice."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    import natomap
    from natomap.outputs import Outputs
    from natomap.render.animation import WIDTH_PX, film_palette
    from natomap.render.batch import _still_and_frame
    from natomap.render.export import save_figure
    from natomap.render.static import film_canvas, map_figure

    film = natomap.Film.of()
    with tempfile.TemporaryDirectory() as out:
        outputs = Outputs(Path(out))
        outputs.maps.mkdir()
        t = time.process_time()
        palette = film_palette(film_canvas(film), film, WIDTH_PX)
        setup = time.process_time() - t
        t, kept = time.process_time(), 0
        for d in days:
            kept += len(_still_and_frame(film, d, outputs, False, palette).indices)
        ours = (time.process_time() - t) / len(days)
        ours_kept = kept / len(days)
        t, kept = time.process_time(), 0
        for d in days:
            fig = map_figure(d, film=film, all_categories=True)
            save_figure(fig, Path(out) / f"peer-{d}.png")
            save_figure(fig, Path(out) / f"peer-{d}.svg")
            gif = map_figure(d, film=film, all_categories=True, width=WIDTH_PX / 100, dpi=100)
            canvas = FigureCanvasAgg(gif)
            canvas.draw()
            kept += np.asarray(canvas.buffer_rgba())[..., :3].copy().nbytes
        peer = (time.process_time() - t) / len(days)
    return {
        "ours": ours,
        "setup": setup,
        "peer": peer,
        "ours_kept": ours_kept,
        "peer_kept": kept / len(days),
    }


def whole_build() -> dict[str, float]:
    """``natomap build`` in a fresh process, best of ``REPEAT``."""
    runs = []
    for _ in range(REPEAT):
        with tempfile.TemporaryDirectory() as out:
            env = {**os.environ, "PYTHONPATH": str(SRC)}
            before = _cpu()
            t = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "natomap", "build", "--quiet", "--out", out],
                env=env,
                check=True,
                capture_output=True,
            )
            files = sum(1 for p in Path(out).rglob("*") if p.is_file())
            runs.append({"wall": time.perf_counter() - t, "cpu": _cpu() - before, "files": files})
    return min(runs, key=lambda r: r["wall"])


def main() -> None:
    from natomap.film import frames

    cores = os.cpu_count() or 1
    print(f"natomap static build ({len(frames())} frames; {cores} cores)\n")
    print(f"{'run':<24}{'wall s':>9}{'cpu s':>9}{'files':>7}")
    r = whole_build()
    print(f"{'natomap build, cold':<24}{r['wall']:>9.2f}{r['cpu']:>9.2f}{r['files']:>7}")
    for workers in sorted({1, cores}):
        r = cold(workers)
        print(
            f"{f'cold, {workers} process(es)':<24}{r['wall']:>9.2f}{r['cpu']:>9.2f}{r['files']:>7}"
        )
    warm(1)  # fills this process's caches; forked workers inherit them
    for workers in sorted({1, cores}):
        r = warm(workers)
        label = f"warm, {workers} process(es)"
        print(f"{label:<24}{r['wall']:>9.2f}{r['cpu']:>9.2f}{r['files']:>7}")
    print(f"GIF size: {r['gif_mb']:.2f} MB")
    days = frames()[::8]
    ours, peer = per_still(days)
    print(f"\nper still (PNG + SVG), CPU s over {len(days)} dates")
    print(f"{'natomap (cached paths)':<34}{ours:>7.3f}   1.00x")
    print(f"{'peer (to_crs + GeoDataFrame.plot)':<34}{peer:>7.3f}   {peer / ours:.2f}x")
    f = per_frame(frames()[::8])
    print("\nper frame of the build (PNG + SVG + GIF frame): CPU s, KiB kept per GIF frame")
    rows = [
        ("natomap (one canvas, one drawing)", f["ours"], f["ours_kept"]),
        ("peer (new figure, drawn twice)", f["peer"], f["peer_kept"]),
    ]
    for label, cpu, kept in rows:
        print(f"{label:<34}{cpu:>7.3f}   {cpu / f['ours']:.2f}x {kept / 1024:>8.0f}")
    print(f"(natomap's canvas and palette, made once per build: {f['setup']:.2f} s)")


if __name__ == "__main__":
    main()
