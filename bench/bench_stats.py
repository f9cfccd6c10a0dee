"""``natomap.stats()`` on its first call, against the version before issue 16, in one run.

A notebook's first ``stats()`` pays for everything: the frames, the 1:50m and 1:10m atlases,
the borders and every measurement. Each version runs it in a fresh process (as a new
notebook kernel would): the baseline (commit 412b1a1, 40 frames), then this checkout with an
empty geometry cache (the first call after installing or editing geodata/) and with the
cache that run left (every later process). The baseline has 40 rows, this checkout one per
frame of today's map, so time per row is given too. Also: ``stats()`` called again in the
same process, and peak memory.

Run: ``python3 bench/bench_stats.py [--repeat N] [--baseline FOLDER-OR-REVISION]``.
"""

from __future__ import annotations

import argparse
import json
import tempfile

from _versions import CURRENT, baseline_src, ratio, run

FIRST_CALL = """
import json, time
t = time.perf_counter()
import natomap
imported = time.perf_counter() - t
t = time.perf_counter()
table = natomap.stats()
first = time.perf_counter() - t
t = time.perf_counter()
natomap.stats()
again = time.perf_counter() - t
print(json.dumps({"import": imported, "first": first, "again": again, "rows": len(table)}))
"""


def measure(src, repeat: int, env=None) -> dict:
    results = []
    for _ in range(repeat):
        r = run(["-c", FIRST_CALL], src, env)
        results.append({**json.loads(r.stdout.strip().splitlines()[-1]), "peak": r.peak_mb})
    return min(results, key=lambda x: x["first"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=None, help="Folder or git revision [412b1a1].")
    parser.add_argument("--repeat", type=int, default=3, help="Runs of each [3].")
    args = parser.parse_args()
    old_src = baseline_src(args.baseline)
    old = measure(old_src, args.repeat)
    with tempfile.TemporaryDirectory() as cache:
        env = {"NATOMAP_CACHE": cache}
        empty = measure(CURRENT, 1, env)
        warm = measure(CURRENT, args.repeat, env)
    print(f"baseline: {old_src}\ncurrent:  {CURRENT}\n")
    print(
        f"{'natomap.stats(), fresh process':<32}{'rows':>6}{'first s':>9}{'ratio':>7}"
        f"{'s/row':>8}{'ratio':>7}{'again s':>9}{'import s':>9}{'peak MB':>9}{'ratio':>7}"
    )
    for label, r in (
        ("baseline (412b1a1)", old),
        ("now, geometry cache empty", empty),
        ("now, geometry cache filled", warm),
    ):
        per_row, old_per_row = r["first"] / r["rows"], old["first"] / old["rows"]
        print(
            f"{label:<32}{r['rows']:>6}{r['first']:>9.2f}{ratio(r['first'], old['first']):>7}"
            f"{per_row:>8.3f}{ratio(per_row, old_per_row):>7}{r['again']:>9.3f}"
            f"{r['import']:>9.2f}{r['peak']:>9.0f}{ratio(r['peak'], old['peak']):>7}"
        )


if __name__ == "__main__":
    main()
