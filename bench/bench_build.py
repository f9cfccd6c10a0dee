"""``natomap build`` against the version before issue 16, side by side in one run, as ratios.

Reported for NATO's bundled map (baseline: 40 frames; now more, with Russia's side and the
forces, so time is also given per frame):

- the cold build, a fresh process as a user runs it: wall time (and the ratio of wall time
  per frame), CPU time per frame (the process and all its workers), peak memory (the
  largest process). This checkout is run
  twice: with an empty geometry cache (the first build after installing or editing
  geodata/) and with the cache its first run left (every later build);
- cost against frames: a user's own table (``--data t.csv --org Club``) with 10, 50 and 200
  change dates, built by both versions: CPU per frame, page bytes per frame, and what each
  added frame costs between the sizes (a page should grow by a frame's status data, not by
  copies of shapes).

Run: ``python3 bench/bench_build.py`` (``--repeat N`` keeps the least disturbed of N runs;
``--baseline`` a folder or git revision; ``--sizes 10,50`` for a shorter run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

from _versions import CURRENT, Run, baseline_src, ratio, run

BUILD = ["-m", "natomap", "build", "--quiet"]


def frames_in(out: Path) -> int:
    return sum(1 for _ in (out / "maps").glob("*.png"))


def build(src: Path, extra: list[str], repeat: int, env: dict[str, str] | None = None) -> dict:
    runs: list[tuple[Run, int, int]] = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out"
            r = run([*BUILD, "--out", str(out), *extra], src, env)
            page = max((p.stat().st_size for p in out.glob("*.html")), default=0)
            runs.append((r, frames_in(out), page))
    # The least disturbed run: the least CPU time (others' load shows in wall time first).
    r, frames, page = min(runs, key=lambda x: x[0].cpu)
    return {"run": r, "frames": frames, "page": page}


def user_table(path: Path, changes: int, codes: list[str]) -> Path:
    """A table with ``changes`` distinct change dates: countries join, one date each, and
    once every country has joined, the first ones leave."""
    source = "https://example.org/club-membership"
    days = [dt.date(1960, 1, 1) + dt.timedelta(days=90 * i) for i in range(changes)]
    rows = {c: [None, None] for c in codes}
    for i, day in enumerate(days):
        code = codes[i % len(codes)]
        rows[code][0 if i < len(codes) else 1] = day
    lines = ["country,joined,left,source"]
    for code, (joined, left) in rows.items():
        if joined:
            lines.append(f"{code},{joined},{left or ''},{source}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


COUNTRIES = """
import natomap
codes = None
for day in ("1960-01-01", "1975-01-01", "1990-01-01", "2010-01-01", "2024-01-01"):
    frame = natomap.atlas(day)
    here = set(frame[(frame.code == frame.sovereign) & ~frame.russia_held].code)
    codes = here if codes is None else codes & here
print(" ".join(sorted(codes)))
"""


def countries() -> list[str]:
    """States that exist unchanged from 1960 to today, for the made-up tables (read with
    this checkout)."""
    return run(["-c", COUNTRIES], CURRENT).stdout.split()


def row(label: str, new: dict, old: dict) -> str:
    n, o = new["run"], old["run"]
    fn, fo = new["frames"], old["frames"]
    return (
        f"{label:<34}{fo:>5}{fn:>5}"
        f"{o.wall:>8.1f}{n.wall:>8.1f}{ratio(n.wall / fn, o.wall / fo):>7}"
        f"{o.cpu / fo:>8.3f}{n.cpu / fn:>8.3f}{ratio(n.cpu / fn, o.cpu / fo):>7}"
        f"{o.peak_mb:>7.0f}{n.peak_mb:>7.0f}{ratio(n.peak_mb, o.peak_mb):>7}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=None, help="Folder or git revision [412b1a1].")
    parser.add_argument("--repeat", type=int, default=1, help="Runs of each build [1].")
    parser.add_argument("--sizes", default="10,50,200", help="Change dates of the tables.")
    args = parser.parse_args()
    old_src = baseline_src(args.baseline)
    print(f"baseline: {old_src}\ncurrent:  {CURRENT}\n")

    header = (
        f"{'build':<34}{'frames':>10}{'wall s':>16}{'/fr':>7}{'CPU s per frame':>16}{'':>7}"
        f"{'peak MB':>14}{'':>7}"
    )
    sub = f"{'':<34}{'old':>5}{'new':>5}{'old':>8}{'new':>8}{'ratio':>7}{'old':>8}{'new':>8}"
    sub += f"{'ratio':>7}{'old':>7}{'new':>7}{'ratio':>7}"
    lines = [header, sub]
    with tempfile.TemporaryDirectory() as cache:
        env = {"NATOMAP_CACHE": cache}
        old = build(old_src, [], args.repeat)
        empty = build(CURRENT, [], 1, env)  # only the first run finds the cache empty
        warm = build(CURRENT, [], args.repeat, env)
        lines.append(row("NATO, cold process, cache empty", empty, old))
        lines.append(row("NATO, cold process, cache filled", warm, old))
        print("\n".join(lines), flush=True)

        sizes = [int(s) for s in args.sizes.split(",")]
        codes = countries()
        series: dict[str, list[dict]] = {"old": [], "new": []}
        with tempfile.TemporaryDirectory() as tmp:
            for size in sizes:
                table = user_table(Path(tmp) / f"club-{size}.csv", size, codes)
                extra = ["--data", str(table), "--org", "Club"]
                series["old"].append(build(old_src, extra, args.repeat))
                series["new"].append(build(CURRENT, extra, args.repeat, env))
                label = f"own table, {size} change dates"
                lines.append(row(label, series["new"][-1], series["old"][-1]))
                print(lines[-1], flush=True)

    print("\n" + "\n".join(lines))
    print("\ncost against frames (own tables): per frame, and per frame added between sizes")
    print(
        f"{'':<10}{'frames':>8}{'CPU s':>8}{'s/frame':>9}{'page KB':>9}{'KB/frame':>9}"
        f"{'+s/frame':>9}{'+KB/frame':>10}"
    )
    for version in ("old", "new"):
        previous = None
        for item in series[version]:
            r, frames, page = item["run"], item["frames"], item["page"]
            added = ""
            if previous is not None and frames > previous["frames"]:
                df = frames - previous["frames"]
                added = (
                    f"{(r.cpu - previous['run'].cpu) / df:>9.3f}"
                    f"{(page - previous['page']) / df / 1e3:>10.2f}"
                )
            print(
                f"{version:<10}{frames:>8}{r.cpu:>8.1f}{r.cpu / frames:>9.3f}"
                f"{page / 1e3:>9.0f}{page / frames / 1e3:>9.2f}{added}"
            )
            previous = item


if __name__ == "__main__":
    main()
