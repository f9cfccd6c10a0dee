"""Where ``natomap build``'s CPU goes, stage by stage, now and before issue 16, in one run.

Each version runs the stages of a build one after the other in one fresh process, on one
core (``workers=1``), under cProfile: the frames (this checkout computes them once, up
front; the baseline inside each stage), ``stats()``, the stills (PNG + SVG of every frame,
the panels and the GIF) and the HTML page. Reported per stage: CPU seconds (with the
profiler's overhead, the same for both versions, so the ratios hold), and across stages the
functions the issue named: reading and repairing the TopoJSON, reading the prepared-geometry
cache, unions of atoms, shared borders by intersection, and matplotlib's ``savefig``.
This checkout's geometry cache is filled first (every build after the first finds it so).

Run: ``python3 bench/bench_stages.py [--baseline FOLDER-OR-REVISION] [--keep DIR]`` (the
profiles are kept in DIR, one per version and stage, for ``python -m pstats``).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from _versions import CURRENT, baseline_src, ratio, run

STAGES = """
import cProfile, json, pstats, sys, time
from pathlib import Path
out, keep = Path(sys.argv[1]), Path(sys.argv[2])
t = time.process_time()
import natomap
cpu = {"import": time.process_time() - t}
hot = {"topojson read + repair": ("_features", "_load_features"), "cache read": ("_read",),
       "unions": ("union_all",),
       "borders by intersection": ("_common_outline", "common_outline"),
       "savefig": ("print_figure",)}
found = {k: 0.0 for k in hot}

def stage(name, work):
    profile = cProfile.Profile(time.process_time)
    start = time.process_time()
    profile.enable()
    work()
    profile.disable()
    cpu[name] = time.process_time() - start
    profile.dump_stats(keep / f"{name}.prof")
    stats = pstats.Stats(profile).stats
    for key, names in hot.items():
        where = {"cache read": "_prepared.py", "topojson read + repair": "atlas.py"}.get(key, "")
        found[key] += sum(v[3] for f, v in stats.items() if f[2] in names and
                          f[0].endswith(where))

try:  # this checkout: one film, its frames computed once
    from natomap.film import Film
    from natomap.outputs import Outputs
    from natomap.render.batch import write_static
    from natomap.render.html import write_html
    film = Film.of()
    stage("frames", lambda: film.frames)
    frames = len(film.dates)
    stage("stats", natomap.stats)
    stage("stills", lambda: write_static(film, Outputs(out), workers=1))
    stage("html", lambda: write_html(film, out, None, False, None))
except ImportError:  # the baseline (412b1a1): each stage from the options
    from natomap.build import BuildOptions
    from natomap.render.batch import write_static
    from natomap.render.html import write_html
    frames = len(natomap.frames())
    stage("stats", natomap.stats)
    stage("stills", lambda: write_static(out, workers=1))
    stage("html", lambda: write_html(BuildOptions(out=out)))
print(json.dumps({"cpu": cpu, "hot": found, "frames": frames}))
"""


def profile(src: Path, keep: Path, env: dict[str, str] | None = None) -> dict:
    keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as out:
        r = run(["-c", STAGES, out, str(keep)], src, env)
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=None, help="Folder or git revision [412b1a1].")
    parser.add_argument("--keep", type=Path, default=None, help="Keep the profiles here.")
    args = parser.parse_args()
    keep = args.keep or Path(tempfile.mkdtemp(prefix="natomap-stages-"))
    old_src = baseline_src(args.baseline)
    with tempfile.TemporaryDirectory() as cache:
        env = {"NATOMAP_CACHE": cache}
        run(["-c", "import natomap; natomap.stats()"], CURRENT, env)  # fills the cache
        new = profile(CURRENT, keep / "current", env)
    old = profile(old_src, keep / "baseline")
    fo, fn = old["frames"], new["frames"]
    print(f"baseline: {old_src} ({fo} frames)\ncurrent:  {CURRENT} ({fn} frames)\n")
    print(
        f"{'CPU s, one process, profiled':<32}{'old':>8}{'new':>8}{'ratio':>7}"
        f"{'old/fr':>8}{'new/fr':>8}{'ratio':>7}{'share':>7}"
    )
    total_new = sum(new["cpu"].values())

    def line(label: str, o: float, n: float, share: bool = True) -> None:
        per = ratio(n / fn, o / fo) if o else "-"
        part = f"{n / total_new:>7.0%}" if share else ""
        print(
            f"{label:<32}{o:>8.2f}{n:>8.2f}{ratio(n, o) if o else '-':>7}"
            f"{o / fo:>8.3f}{n / fn:>8.3f}{per:>7}{part}"
        )

    for name in ("import", "frames", "stats", "stills", "html"):
        line(name, old["cpu"].get(name, 0.0), new["cpu"].get(name, 0.0))
    line("total", sum(old["cpu"].values()), total_new)
    print("\nacross the stages")
    for key in new["hot"]:
        line(f"  {key}", old["hot"][key], new["hot"][key])
    print(f"\nprofiles in {keep}")


if __name__ == "__main__":
    main()
